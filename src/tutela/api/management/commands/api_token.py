"""``tutela manage api_token create|list|revoke``: API tokens for scripts (docs/api.md)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.api.models import ApiToken
from tutela.api.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "Create, list or revoke API tokens. The secret is shown once, at creation."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="issue a token for a user")
        create.add_argument("username")
        create.add_argument("name", help="what the token is for, e.g. 'nightly import'")
        listing = commands.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("username", nargs="?")
        revoke = commands.add_parser("revoke", help="revoke a token by its number")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            secret = issue_token(user, options["name"])
            self.stderr.write(
                f"Token for {user.get_username()} created. Keep it secret: it is not shown "
                "again, and anyone who has it acts as this user."
            )
            self.stdout.write(secret)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options.get("username"):
                tokens = tokens.filter(user=self._user(options["username"]))
            for token in tokens:
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked else "active"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.pk}\t{token.user.get_username()}\t{token.prefix}…\t{token.name}\t"
                    f"{state}\tlast used {used}"
                )
        else:
            chosen = ApiToken.objects.filter(pk=options["token_id"]).first()
            if chosen is None:
                raise CommandError(f"There is no API token number {options['token_id']}.")
            revoke_token(chosen)
            self.stderr.write(f"Token {chosen.pk} ({chosen.name}) is revoked.")

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user
