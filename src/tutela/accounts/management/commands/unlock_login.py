"""tutela manage unlock_login [--user NAME] [--address IP]: lift a login lock at once."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.accounts.actions import do_unlock


class Command(BaseCommand):
    help = "Lift the login lock on a user name, an IP address, or both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="the user name that is locked")
        parser.add_argument("--address", help="the IP address that is locked")

    def handle(self, *args: Any, user: str | None, address: str | None, **options: Any) -> None:
        if not user and not address:
            raise CommandError("Name a --user, an --address, or both.")
        if address:
            try:
                address = str(ipaddress.ip_address(address))
            except ValueError:
                raise CommandError(f"{address!r} is not an IP address.") from None
        do_unlock(username=user, address=address)
        unlocked = " and ".join(filter(None, [user and f"user {user}", address]))
        self.stdout.write(f"Unlocked {unlocked}.")
