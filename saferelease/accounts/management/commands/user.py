"""`saferelease user create|token|list|unlock`: thin wrappers over accounts services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.accounts import selectors, services
from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.models import User
from saferelease.accounts.roles import Role
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.audit.services import audit_read
from saferelease.core import clock


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = "Create users, issue API tokens, list users and end sign-in lockouts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user")
        create.add_argument("--username", required=True, help="The name they sign in with")
        create.add_argument(
            "--role",
            required=True,
            choices=[r.value for r in Role],
            help="; ".join(f"{r.value}: {r.label}" for r in Role),
        )
        create.add_argument(
            "--establishment",
            action="append",
            default=[],
            metavar="CODE",
            help="Assign an establishment by code; repeat or separate codes with commas",
        )
        create.add_argument("--email", default="", help="Email address (optional)")
        create.add_argument("--first-name", default="", help="Given name (optional)")
        create.add_argument("--last-name", default="", help="Family name (optional)")
        create.add_argument("--password", help="Without it a random password is printed")
        token = sub.add_parser(
            "token",
            help="Issue an API token for a user (printed once), or list or revoke tokens",
        )
        token.add_argument(
            "username", nargs="?", default="", help="Whose tokens (omit with --list: everyone's)"
        )
        token.add_argument(
            "--days", type=int, help="Days the new token lasts (default SAFERELEASE_TOKEN_DAYS)"
        )
        token.add_argument(
            "--list", action="store_true", help="List tokens (the user's, or everyone's)"
        )
        token.add_argument(
            "--revoke",
            metavar="KEY|all",
            help="Revoke the token whose key starts with KEY, or all of the user's tokens",
        )
        sub.add_parser("list", help="List users with role and establishments")
        unlock = sub.add_parser(
            "unlock", help="End a sign-in lockout for a username (or an address) now"
        )
        unlock.add_argument("username", nargs="?", default="", help="The locked-out username")
        unlock.add_argument("--address", default="", help="Unlock an address instead")

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        action = options["action"]
        if action == "create":
            codes = [c for value in options["establishment"] for c in value.split(",")]
            try:
                user, password = services.user_create(
                    actor=COMMAND_LINE,
                    username=options["username"],
                    role=options["role"],
                    establishment_codes=codes,
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    password=options["password"],
                )
            except ValidationError as error:
                raise CommandError(_messages(error)) from None
            codes_text = ", ".join(user.establishments.values_list("code", flat=True)) or "none"
            self.stdout.write(f"Created {user.username} ({user.role}) at {codes_text}")
            if not options["password"]:
                self.stdout.write(f"Password: {password}")
        elif action == "token":
            self._token(options)
        elif action == "unlock":
            try:
                cleared = services.user_unlock(
                    actor=COMMAND_LINE, username=options["username"], address=options["address"]
                )
            except ValidationError as error:
                raise CommandError(_messages(error)) from None
            target = options["username"] or options["address"]
            self.stdout.write(f"Unlocked {target} ({cleared} failure records cleared)")
        else:
            users = list(User.objects.prefetch_related("establishments"))
            for user in users:
                codes_text = ",".join(e.code for e in user.establishments.all())
                self.stdout.write(f"{user.username}\t{user.role}\t{codes_text}")
            audit_read(
                actor=COMMAND_LINE,
                object_type="accounts.user",
                total=len(users),
                summary=f"Listed {len(users)} users",
                export=True,
            )

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user called '{username}'") from None

    def _token(self, options: dict[str, Any]) -> None:
        username, revoke = options["username"], options["revoke"]
        if options["list"]:
            if username:
                self._user(username)
            rows = selectors.api_tokens_for(COMMAND_LINE, now=clock.now(), username=username)
            audit_read(
                actor=COMMAND_LINE,
                object_type="knox.authtoken",
                query={"username": username},
                total=len(rows),
                summary=f"Listed {len(rows)} API tokens",
                export=True,
            )
            for row in rows:
                expiry = row.expiry.isoformat(timespec="seconds") if row.expiry else "never"
                status = "expired" if row.expired else "active"
                created = row.created.isoformat(timespec="seconds")
                self.stdout.write(f"{row.key}\t{row.username}\t{created}\t{expiry}\t{status}")
            return
        try:
            if revoke == "all":
                if not username:
                    raise CommandError(
                        "Name the user whose tokens to revoke: USERNAME --revoke all"
                    )
                count = services.user_tokens_revoke_all(
                    actor=COMMAND_LINE, user=self._user(username)
                )
                self.stdout.write(f"Revoked {count} API tokens for {username}")
            elif revoke:
                owner = self._user(username) if username else None
                services.user_token_revoke(actor=COMMAND_LINE, key=revoke, owner=owner)
                self.stdout.write(f"Revoked the API token {revoke}")
            else:
                if not username:
                    raise CommandError("Name the user to issue a token for")
                user = self._user(username)
                token = services.user_token_create(
                    actor=COMMAND_LINE, user=user, days=options["days"]
                )
                self.stdout.write(token)
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
