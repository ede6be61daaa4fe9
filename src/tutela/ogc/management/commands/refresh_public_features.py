"""tutela manage refresh_public_features [--missing]: rewrite the public features' read model."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tutela.ogc import public_features


class Command(BaseCommand):
    help = (
        "Rewrite every site's public OGC feature parts (PostgreSQL), e.g. after sites were "
        "loaded or changed by SQL outside Tutela; --missing writes only those that have none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="only sites that have no feature yet"
        )

    def handle(self, *args: Any, missing: bool, **options: Any) -> None:
        if not public_features.kept():
            self.stdout.write("This database (SpatiaLite) keeps no public features: nothing to do.")
            return
        began = time.perf_counter()
        public_features.rebuild(missing_only=missing)
        from tutela.ogc.models import PublicSiteFeature

        self.stdout.write(
            f"{PublicSiteFeature.objects.count():,} public features kept "
            f"({time.perf_counter() - began:.1f} s)."
        )
