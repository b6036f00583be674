"""Importing a large data pack: `make bench` (after the report timings).

A `metric_values` sheet of entered contributions by agency (10,000 agencies by 10 years makes
100,000 rows) goes through `datapack.services.import_pack`, as a dry run and for real, each
into a fresh partnership of a throwaway SQLite database. Beside it, a naive loop saves the same
rows one `EnteredValue.save()` at a time (in one transaction, with no checks or audit entries).

The real import checks every row with the sheet's form, then saves the sheet through
`metrics.services.entered_values_set_many`, in bulk with one audit entry per 1,000 values
(decision 0011). The full pack is timed only when a 10,000-row import suggests it would take
no more than `BUDGET_SECONDS`; otherwise the 10,000-row figures are the ones printed, and the
output says so.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguarding.core.models import Partnership
    from safeguarding.datapack.formats import Pack

FULL_ROWS = 100_000
TRIAL_ROWS = 10_000
YEARS = range(2014, 2024)  # 2014-15 to 2023-24
BUDGET_SECONDS = 120.0
TARGET_RATE = 5_000
METRIC = "governance.contribution"
COLUMNS = ["metric", "period", "breakdown", "breakdown_value", "value", "source"]


def pack_rows(count: int) -> list[dict[str, str]]:
    """`count` cells: one agency's contribution for each of ten years, agency after agency."""
    rows = []
    for index in range(count):
        agency, start = divmod(index, len(YEARS))
        year = YEARS[start]
        rows.append(
            {
                "metric": METRIC,
                "period": f"{year}-{(year + 1) % 100:02d}",
                "breakdown": "agency",
                "breakdown_value": f"Bench agency {agency:05d}",
                "value": str(1_000 + index % 9_000),
                "source": f"Bench: budget book {year}",
            }
        )
    return rows


def as_pack(rows: list[dict[str, str]]) -> Pack:
    from safeguarding.datapack.formats import RawSheet

    numbered = [(number, row) for number, row in enumerate(rows, start=2)]
    return {"metric_values": RawSheet(header=list(COLUMNS), rows=numbered)}


def fresh_partnership(name: str) -> Partnership:
    from safeguarding.core import services

    return services.partnership_create(
        actor=None, name=f"Bench {name} Partnership", slug=f"bench-{name}", local_authority_areas=[]
    )


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def import_seconds(rows: list[dict[str, str]], name: str, *, dry_run: bool) -> float:
    from safeguarding.datapack.services import import_pack

    partnership, pack = fresh_partnership(name), as_pack(rows)
    result = None

    def work() -> None:
        nonlocal result
        result = import_pack(actor=None, partnership=partnership, pack=pack, dry_run=dry_run)

    seconds = timed(work)
    if result is None or not result.ok:
        raise SystemExit(f"The bench pack did not import: {result and result.errors[:3]}")
    return seconds


def naive_seconds(rows: list[dict[str, str]], name: str) -> float:
    """The same rows saved one Model.save() at a time, in one transaction, unchecked."""
    from django.db import transaction

    from safeguarding.metrics.models import EnteredValue

    partnership = fresh_partnership(name)

    def work() -> None:
        with transaction.atomic():
            for row in rows:
                EnteredValue(
                    metric_code=row["metric"],
                    partnership=partnership,
                    period_start_year=int(row["period"][:4]),
                    breakdown=row["breakdown"],
                    breakdown_value=row["breakdown_value"],
                    value=Decimal(row["value"]),
                    source=row["source"],
                ).save()

    return timed(work)


def line(label: str, rows: int, seconds: float, *, target: bool = True) -> str:
    rate = rows / seconds
    verdict = f" (target >= {TARGET_RATE:,} rows/s, {'met' if rate >= TARGET_RATE else 'MISSED'})"
    return (
        f"{label}: {rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s{verdict if target else ''}"
    )


def measure(size: int, tag: str) -> tuple[float, float, float]:
    rows = pack_rows(size)
    dry = import_seconds(rows, f"{tag}-dry", dry_run=True)
    real = import_seconds(rows, f"{tag}-real", dry_run=False)
    naive = naive_seconds(rows, f"{tag}-naive")
    return dry, real, naive


def report(size: int, figures: tuple[float, float, float]) -> None:
    dry, real, naive = figures
    print(line("import_pack, dry run (check only)", size, dry))
    print(line("import_pack, real import", size, real))
    print(line("naive Model.save() loop, same rows", size, naive, target=False))


def run() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    trial = measure(TRIAL_ROWS, "trial")
    projected = trial[1] * FULL_ROWS / TRIAL_ROWS
    if projected > BUDGET_SECONDS:
        print(
            f"Import measured at {TRIAL_ROWS:,} rows, not {FULL_ROWS:,}: the real import of "
            f"{FULL_ROWS:,} would take about {projected:.0f} s at this rate "
            f"(over the {BUDGET_SECONDS:.0f} s budget of the bench)."
        )
        report(TRIAL_ROWS, trial)
        return
    report(FULL_ROWS, measure(FULL_ROWS, "full"))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-import-") as directory:
        from bench.run import configure

        configure(Path(directory))
        import django

        django.setup()
        run()


if __name__ == "__main__":
    main()
