from django.core.management.base import BaseCommand

from tutela.registry.models import Site
from tutela.registry.regeneralise import regeneralise


class Command(BaseCommand):
    help = "Recompute generalised site locations after TUTELA_RESTRICTED_CELL_DEGREES changed."

    def handle(self, *args, **options) -> None:
        changed = regeneralise(Site)
        self.stdout.write(f"{changed} generalised locations updated.")
