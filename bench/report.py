"""The yearly report with ten years of history: `make bench` (after the page timings).

Loads the demo partnership into a throwaway SQLite database, times building Somerset's 2023-24
report as HTML, Word and PDF, and counts the queries that gather the report's data with one
year of records (the demo's 2023-24) and again with ten (2014-15 to 2023-24).

The nine earlier years are copies of 2023-24's meetings (with attendance), budget lines and
communications figures, plus entered values for every metric, put in with bulk_create: this is
measuring data, not a write path.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model

    from safeguarding.core.models import Partnership
    from safeguarding.core.years import ReportingYear
    from safeguarding.reports.models import Report

YEAR = 2023
HISTORY = range(2014, YEAR)  # 2014-15 to 2022-23
RUNS = 3
TARGETS = {"HTML": 1.0, "Word": 2.0, "PDF": 5.0}


def _shifted(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def copy_meetings(partnership: Partnership, start_year: int) -> None:
    """The 2023-24 meetings again in an earlier year, each with the same invitations."""
    from safeguarding.governance.models import Invitation, Meeting

    back = YEAR - start_year
    originals = list(
        Meeting.objects.filter(partnership=partnership, date__gte=dt.date(YEAR, 4, 1))
        .filter(date__lt=dt.date(YEAR + 1, 4, 1))
        .prefetch_related("invitations")
    )
    copies = Meeting.objects.bulk_create(
        Meeting(partnership=partnership, subgroup_id=m.subgroup_id, date=_shifted(m.date, back))
        for m in originals
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=copy, agency_id=i.agency_id, attended=(i.attended and back % 3 != 0))
        for original, copy in zip(originals, copies, strict=True)
        for i in original.invitations.all()
    )


def copy_year_rows(partnership: Partnership, start_year: int) -> None:
    """2023-24's budget lines and communications figures again, scaled, in an earlier year."""
    from safeguarding.governance.models import CommunicationFigure, Contribution, Expenditure, Grant

    for model in (Contribution, Grant, Expenditure, CommunicationFigure):
        _copy_rows(model, partnership, start_year)


def _copy_rows(model: type[Model], partnership: Partnership, start_year: int) -> None:
    from django.forms.models import model_to_dict

    scale = Decimal(1) - Decimal(YEAR - start_year) / 20
    manager = model._default_manager
    rows = manager.filter(partnership=partnership, year=YEAR)
    manager.bulk_create(
        (model(**_copied(model_to_dict(row, exclude=["id"]), start_year, scale)) for row in rows),
        ignore_conflicts=True,  # the demo's own figures for that year stay
    )


def _copied(fields: dict[str, object], start_year: int, scale: Decimal) -> dict[str, object]:
    fields = {f"{k}_id" if k in ("partnership", "agency") else k: v for k, v in fields.items()}
    fields["year"] = start_year
    for money in ("amount", "value"):
        if isinstance(fields.get(money), Decimal):
            fields[money] = (Decimal(str(fields[money])) * scale).quantize(Decimal("0.01"))
    return fields


def enter_values(partnership: Partnership, start_year: int) -> None:
    """An entered total for every registered metric, as if typed from an old report."""
    from safeguarding.metrics import registry
    from safeguarding.metrics.models import EnteredValue

    EnteredValue.objects.bulk_create(
        (
            EnteredValue(
                metric_code=metric.code,
                partnership=partnership,
                period_start_year=start_year,
                value=Decimal(start_year - 2000),
                source=f"Bench: yearly report {start_year}",
            )
            for metric in registry.all_metrics()
        ),
        ignore_conflicts=True,
    )


def add_history(partnership: Partnership) -> None:
    for start_year in HISTORY:
        copy_meetings(partnership, start_year)
        copy_year_rows(partnership, start_year)
        enter_values(partnership, start_year)


def history_size(partnership: Partnership) -> str:
    from safeguarding.governance.models import Contribution, Invitation, Meeting
    from safeguarding.metrics.models import EnteredValue

    meetings = Meeting.objects.filter(partnership=partnership)
    invitations = Invitation.objects.filter(meeting__partnership=partnership)
    contributions = Contribution.objects.filter(partnership=partnership)
    entered = EnteredValue.objects.filter(partnership=partnership)
    return (
        f"{meetings.count()} meetings, {invitations.count()} invitations, "
        f"{contributions.count()} contributions, {entered.count()} entered values in all"
    )


def data_queries(partnership: Partnership, year: ReportingYear, report: Report) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safeguarding.reports import document

    with CaptureQueriesContext(connection) as queries:
        document.build(partnership, year, report)
    return len(queries)


def median_seconds(make: Callable[[], object]) -> float:
    make()  # warm up: template loading, matplotlib's first chart
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        make()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def time_formats(partnership: Partnership, year: ReportingYear, report: Report) -> None:
    from safeguarding.reports import document, rendering

    makers: dict[str, Callable[[], object]] = {
        "HTML": lambda: rendering.standalone_html(document.build(partnership, year, report)),
        "Word": lambda: rendering.docx_bytes(document.build(partnership, year, report)),
        "PDF": lambda: rendering.pdf_bytes(document.build(partnership, year, report)),
    }
    for label, make in makers.items():
        seconds = median_seconds(make)
        verdict = "met" if seconds < TARGETS[label] else "MISSED"
        print(
            f"report {label}: {seconds:.2f} s (target < {TARGETS[label]:.0f} s, {verdict}; "
            f"median of {RUNS} after one warm-up, {year.label}, 10 years of history)"
        )


def run() -> None:
    """Build the database, then print the query counts and the timings."""
    from django.core.management import call_command

    from safeguarding.core.models import Partnership
    from safeguarding.core.years import ReportingYear
    from safeguarding.demo import loader
    from safeguarding.reports import services

    call_command("migrate", verbosity=0)
    loader.load(password="bench-only-password-2024")
    somerset = Partnership.objects.get(slug="somerset")
    year = ReportingYear(YEAR)
    report = services.report_create(actor=None, partnership=somerset, year=year)
    one_year = data_queries(somerset, year, report)
    started = time.perf_counter()
    add_history(somerset)
    elapsed = time.perf_counter() - started
    print(f"Added 9 earlier years to Somerset in {elapsed:.1f} s: {history_size(somerset)}")
    ten_years = data_queries(somerset, year, report)
    same = "equal" if one_year == ten_years else "NOT equal"
    print(
        f"report data queries: {one_year} with 1 year of records, "
        f"{ten_years} with 10 years ({same})"
    )
    time_formats(somerset, year, report)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-report-") as directory:
        from bench.run import configure

        configure(Path(directory))
        import django

        django.setup()
        run()


if __name__ == "__main__":
    main()
