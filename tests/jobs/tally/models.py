from typing import ClassVar

from django.db import models

from tutela.jobs.models import BackgroundJob


class Tally(BackgroundJob):
    """Counts up to ``up_to`` and keeps the count as its result file; ``trouble`` makes it
    fail as a kind's work can: with a sentence of its own ("refuse") or on a bug ("crash")."""

    kind: ClassVar[str] = "tally"
    work: ClassVar[str] = "tests.jobs.tally.work.count"

    up_to = models.PositiveIntegerField(default=3)
    trouble = models.CharField(max_length=10, blank=True)
