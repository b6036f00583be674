"""`safeguarding export --partnership SLUG PACK`: write a partnership's data pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguarding.datapack.selectors import partnership_for
from safeguarding.datapack.services import export_pack


class Command(BaseCommand):
    help = "Write a partnership's data pack: PACK ending .xlsx is a workbook, else a CSV folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name.")
        parser.add_argument("pack", type=Path, help="out.xlsx, or a folder for CSV files.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = partnership_for(options["partnership"])
        path: Path = options["pack"]
        content = export_pack(actor=None, partnership=partnership, path=path)
        if content:
            path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote the data pack to {path}."))
