"""Background jobs: a request queues work, the worker (``tutela worker``) carries it out, and
the person who asked follows its progress and downloads its result file.

An app's job kind is a concrete subclass of :class:`tutela.jobs.models.BackgroundJob`; this app
finds the kinds among the installed models (``kinds.py``), so it never names the apps above it.
See docs/operations.md, Background jobs.
"""
