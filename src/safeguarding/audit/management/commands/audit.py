"""`safeguarding audit verify`: check the audit log's hash chain and name the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Work with the audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="command")
        subcommands.add_parser(
            "verify",
            help="Recompute every entry's hash and link; name the first entry that is broken.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()

    def verify(self) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
