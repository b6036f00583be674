"""`safeguarding report --partnership somerset --year 2023-24 --format pdf --output FILE`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.reports import document, rendering, selectors


class Command(BaseCommand):
    help = "Write a partnership's yearly report (the latest version, else the live data) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name.")
        parser.add_argument("--year", required=True, help="The reporting year, like 2023-24.")
        parser.add_argument("--format", required=True, choices=["html", "pdf", "docx"])
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership “{options['partnership']}”.")
        try:
            year = ReportingYear.from_label(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = selectors.latest_report(partnership, year)
        started = time.perf_counter()
        doc = document.build(partnership, year, report)
        content = _render(doc, options["format"])
        options["output"].write_bytes(content)
        took = time.perf_counter() - started
        self.stdout.write(f"Wrote {options['output']} ({doc.status_label}; {took:.2f} s).")


def _render(doc: document.ReportDocument, file_format: str) -> bytes:
    if file_format == "pdf":
        return rendering.pdf_bytes(doc)
    if file_format == "docx":
        return rendering.docx_bytes(doc)
    return rendering.standalone_html(doc).encode()
