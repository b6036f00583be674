"""`safeguarding import PACK --partnership SLUG [--dry-run]`: load a data pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.datapack.formats import PackError, read_path
from safeguarding.datapack.selectors import partnership_for
from safeguarding.datapack.services import ImportResult, import_pack


class Command(BaseCommand):
    help = "Check a data pack (XLSX, a folder of CSVs or a .zip) and load it into a partnership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", type=Path, help="An .xlsx workbook, a .zip or a CSV folder.")
        parser.add_argument("--partnership", required=True, help="The partnership's short name.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and preview; save nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = partnership_for(options["partnership"])
        try:
            pack = read_path(options["pack"])
        except PackError as error:
            raise CommandError(str(error)) from error
        result = import_pack(
            actor=None, partnership=partnership, pack=pack, dry_run=options["dry_run"]
        )
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.errors)} problem(s) found; nothing was saved.")
        self.write_counts(result)

    def write_counts(self, result: ImportResult) -> None:
        for name, counts in result.counts.items():
            self.stdout.write(
                f"{name}: {counts.added} to add, {counts.changed} to change, "
                f"{counts.unchanged} unchanged"
            )
        done = "Dry run: nothing was saved." if result.dry_run else "Imported."
        self.stdout.write(self.style.SUCCESS(done))
