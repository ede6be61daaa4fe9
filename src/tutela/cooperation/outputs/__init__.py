"""Cooperation's outputs and its part of the leak case: one module per group of pages, each
registering its own URLs (tutela.access.outputs)."""

from tutela.cooperation.outputs import case, exports, partners, projects  # noqa: F401
