"""`safeguarding demo`: migrate, load the demo partnership, and print one login per role."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safeguarding.demo.loader import load

DEFAULT_PASSWORD = "hub-demo-2024!"  # demo logins only; `demo` refuses to run without DEBUG


class Command(BaseCommand):
    help = "Migrate the database DATABASE_URL names and load the demo partnership (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and os.environ.get("HUB_ALLOW_DEMO") != "true":
            raise CommandError(
                "The demo sets known passwords: run it with DEBUG=true (or HUB_ALLOW_DEMO=true)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)
        logins = load(password=password)
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded: Somerset (slug somerset)."))
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for every one: {password})\n")
        for login in logins:
            line = f"  {login.role.label:<55} {login.email}"
            if login.totp_secret:
                line += f"\n  {'':<55} two-factor secret {login.totp_secret}"
                line += f" (code now: {login.current_code()};"
                line += f" `safeguarding demo_code {login.email}` for a fresh one)"
            self.stdout.write(line)
