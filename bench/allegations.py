"""The LADO register's yearly figures at scale: `python -m bench.allegations`.

Builds a throwaway database holding one partnership with 100,000 allegations over ten reporting
years (2014-15 to 2023-24, 10,000 a year): referrals and requests for advice in every employer
sector and category, the harm test met, not met or not yet decided, nine in ten concluded (from
the same day to over a year later) with every outcome, the LADO informed on the day, the next day
or later. Rows go in with bulk_create in batches: this is measuring data, not a write path.

Then times, as the median of several runs, every `allegations.*` metric for the ten years, for
its total and each breakdown, through `metrics.selectors.series` (what the dashboard, the report
and the API call), and prints each with its queries. Target: all of them under 300 ms.

SQLite by default (a file in a temporary folder). With `DATABASE_URL=postgres://user@host:port/db`
it runs on PostgreSQL instead, in a database of its own made beside that one and dropped after
(vacuumed and analysed once loaded, as autovacuum would).

`--proposed-indexes` first adds the two indexes requested for the figures (PROPOSED; until the
migration adding them lands): the figures of the concluded allegations need the second.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from safeguarding.core.models import Partnership
    from safeguarding.core.years import ReportingYear

ROOT = Path(__file__).resolve().parent.parent
ALLEGATIONS = 100_000
FIRST_YEAR, LAST_YEAR = 2014, 2023
BATCH = 5_000
RUNS = 7
TARGET_MS = 300

#: The indexes requested for the figures: the year's notifications with every column their
#: figures read (so each is an index-only scan), and the year's conclusions likewise.
PROPOSED = (
    "CREATE INDEX bench_allegation_received ON allegations_allegation (partnership_id, "
    "received_on, contact_type, criteria_met, employer_sector, category, lado_informed_on, "
    "lado_due_on)",
    "CREATE INDEX bench_allegation_concluded ON allegations_allegation (partnership_id, "
    "concluded_on, outcome, received_on)",
)

#: Each metric and the breakdowns timed (None: the total).
SERIES: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("allegations.notifications", (None, "contact_type", "criteria", "sector", "category")),
    ("allegations.outcomes", (None, "outcome")),
    ("allegations.informed_on_time", (None,)),
    ("allegations.duration", (None, "period")),
)


def years() -> list[ReportingYear]:
    from safeguarding.core.years import ReportingYear

    return [ReportingYear(start) for start in range(FIRST_YEAR, LAST_YEAR + 1)]


def every_series(partnership: Partnership, over: list[ReportingYear]) -> dict[str, Any]:
    """Every allegations metric for the years, its total and each breakdown: what is timed."""
    from safeguarding.metrics.selectors import series

    return {
        f"{code} by {breakdown or 'total'}": series(
            code, partnership=partnership, years=over, breakdown=breakdown
        )
        for code, breakdowns in SERIES
        for breakdown in breakdowns
    }


# The data


def add_allegations(partnership: Partnership, count: int, seed: int = 2014) -> None:
    """`count` more allegations spread evenly over the ten years, in order of receipt."""
    from safeguarding.allegations.models import Allegation

    rnd = random.Random(seed)
    first = Allegation.objects.filter(partnership=partnership).count()
    days = _days()
    received = sorted(days[int(index * len(days) / count)] for index in range(count))
    for start in range(0, count, BATCH):
        batch = [
            _allegation(rnd, partnership, first + number + 1, day)
            for number, day in enumerate(received[start : start + BATCH], start=start)
        ]
        Allegation.objects.bulk_create(batch)


def _days() -> list[dt.date]:
    first, last = dt.date(FIRST_YEAR, 4, 1), dt.date(LAST_YEAR + 1, 3, 31)
    every = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in every if day.weekday() < 5]


def _allegation(rnd: random.Random, partnership: Partnership, number: int, day: dt.date) -> Any:
    from safeguarding.allegations.models import (
        Allegation,
        Category,
        ContactType,
        EmployerSector,
        Outcome,
    )

    criteria_met = rnd.choice([True, False, False, None])
    advice = criteria_met is not True and rnd.random() < 0.5
    concluded = criteria_met is not None and rnd.random() < 0.9
    outcome: str = Outcome.ONGOING
    if concluded:
        kcsie = [o for o in Outcome.values if o not in (Outcome.ONGOING, Outcome.CRITERIA_NOT_MET)]
        outcome = rnd.choice(kcsie) if criteria_met else Outcome.CRITERIA_NOT_MET
    informed = rnd.choice([0, 0, 0, 1, 3, None])
    return Allegation(
        partnership=partnership,
        reference=f"LADO-{number:06d}",
        contact_type=ContactType.ADVICE if advice else ContactType.REFERRAL,
        received_on=day,
        lado_informed_on=None if informed is None else day + dt.timedelta(days=informed),
        lado_due_on=_due(day),
        employer_sector=rnd.choice(EmployerSector.values),
        person_role="Teacher",
        person_code=f"P-{number:06d}",
        category="" if advice else rnd.choice(Category.values),
        criteria_met=criteria_met,
        harmed_child=criteria_met is True,
        outcome=outcome,
        concluded_on=day + dt.timedelta(days=rnd.choice([0, 20, 45, 100, 200, 400]))
        if concluded
        else None,
    )


_due_on: dict[dt.date, dt.date] = {}


def _due(day: dt.date) -> dt.date:
    from safeguarding.core.calendar import add_working_days

    if day not in _due_on:
        _due_on[day] = add_working_days(day, 1)
    return _due_on[day]


def build(*, proposed_indexes: bool = False) -> Partnership:
    from django.core.management import call_command
    from django.db import connection

    from safeguarding.core import services as core_services

    call_command("migrate", verbosity=0)
    partnership = core_services.partnership_create(
        actor=None, name="Benchshire Partnership", slug="benchshire", local_authority_areas=[]
    )
    add_allegations(partnership, ALLEGATIONS)
    with connection.cursor() as cursor:
        for statement in PROPOSED if proposed_indexes else ():
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE allegations_allegation")
    return partnership


# Timing


def median_ms(run: Callable[[], object]) -> tuple[float, float]:
    """The median wall time and CPU time of this process over RUNS runs, in ms (on SQLite the
    database works in this process, so CPU is the work itself; on PostgreSQL it is not)."""
    run()  # warm the caches
    wall, cpu = [], []
    for _ in range(RUNS):
        started, used = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def timings(partnership: Partnership) -> Iterator[tuple[str, float, float, int]]:
    """(what, median ms, median CPU ms, queries) for each metric and breakdown over ten years."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safeguarding.metrics.selectors import series

    over = years()
    for code, breakdowns in SERIES:
        for breakdown in breakdowns:

            def run(code: str = code, breakdown: str | None = breakdown) -> object:
                return series(code, partnership=partnership, years=over, breakdown=breakdown)

            with CaptureQueriesContext(connection) as queries:
                run()
            wall, cpu = median_ms(run)
            yield f"{code} by {breakdown or 'total'}", wall, cpu, len(queries)


def report(partnership: Partnership, engine: str) -> None:
    from safeguarding.allegations.models import Allegation

    rows = Allegation.objects.filter(partnership=partnership).count()
    print(f"{rows:,} allegations over 10 years ({FIRST_YEAR}-15 to {LAST_YEAR}-24) on {engine}")
    found = list(timings(partnership))
    for label, wall, cpu, queries in found:
        print(f"  {label}: {wall:.1f} ms (CPU {cpu:.1f} ms), {queries} queries")
    totals = [row for row in found if row[0].endswith(" by total")]
    print(f"Every metric's total for the ten years: {_sum(totals)}")
    total = sum(row[1] for row in found)
    verdict = "within" if total < TARGET_MS else "OVER"
    print(
        f"Every allegations metric and breakdown for the ten years: {_sum(found)}, {verdict} "
        f"the {TARGET_MS} ms target"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"(the machine's load average: {load}, on {os.cpu_count()} CPUs)")


def _sum(rows: list[tuple[str, float, float, int]]) -> str:
    wall, cpu, queries = (sum(row[index] for row in rows) for index in (1, 2, 3))
    return f"{wall:.1f} ms (CPU {cpu:.1f} ms), {queries:.0f} queries"


# The database


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A database for the run: SQLite in a temporary folder, or, given a PostgreSQL
    DATABASE_URL, a new database on that server, dropped afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="hub-bench-allegations-") as directory:
        os.environ["SAFEGUARDING_VAR_DIR"] = directory
        if not given.startswith("postgres"):
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
            yield "SQLite"
            return
        with _postgresql_database(given) as url:
            os.environ["DATABASE_URL"] = url
            yield "PostgreSQL"


@contextmanager
def _postgresql_database(given: str) -> Iterator[str]:
    import psycopg

    parts = urlsplit(given)
    name = f"hub_bench_allegations_{os.getpid()}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    with throwaway_database() as engine:
        import django

        django.setup()
        started = time.perf_counter()
        proposed = "--proposed-indexes" in sys.argv[1:]
        partnership = build(proposed_indexes=proposed)
        indexes = " with the proposed indexes" if proposed else ""
        print(f"Built in {time.perf_counter() - started:.1f} s{indexes}")
        report(partnership, engine)


if __name__ == "__main__":
    main()
