"""tutela manage refresh_conditions: rewrite every site's kept current condition."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tutela.monitoring import current_condition


class Command(BaseCommand):
    help = (
        "Rewrite every site's kept current condition (what the map's clusters count), e.g. "
        "after assessments were loaded or changed by SQL outside Tutela."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        kept = current_condition.rebuild()
        self.stdout.write(
            f"{kept:,} current conditions kept ({time.perf_counter() - began:.1f} s)."
        )
