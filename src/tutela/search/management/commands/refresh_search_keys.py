"""tutela manage refresh_search_keys: write every name's and incident's search key anew."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tutela.search import kept


class Command(BaseCommand):
    help = (
        "Write the search key of every name and incident title anew: after rows were written "
        "around Tutela (a bulk load in SQL), or when `tutela verify` says they differ."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = kept.rebuild()
        self.stdout.write(f"Search keys: {count} names keyed.")
