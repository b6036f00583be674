"""Every benchmark: `make bench`.

First page latency at scale: builds a throwaway SQLite database with 1,000 agencies serving one
partnership and 10,000 people in it, then renders the main pages as a business unit member and
prints the median and 95th percentile render time and the number of queries for each.

Then, each in its own process and throwaway database: the yearly report with ten years of
history (bench/report.py) and the import of a large data pack (bench/import_pack.py).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

    from safeguarding.accounts.models import User
    from safeguarding.core.models import Agency, Partnership

AGENCIES = 1_000
USERS = 10_000
RUNS = 30
ROOT = Path(__file__).resolve().parent.parent
#: Benchmarks that run after the pages, each as `python -m <module>` with its own database.
FOLLOWING = {
    "bench.report": "Yearly report, 10 years of history",
    "bench.import_pack": "Data pack import",
    "bench.learning_pages": "Review list and Action Plan Evaluation, 20,000 actions",
    "bench.training_gain": "Training dashboard figures, 200,000 evaluations",
    "bench.allegations": "LADO register yearly figures, 100,000 allegations over 10 years",
}


def configure(directory: Path) -> None:
    """Point the Hub at a database in `directory`; must run before django.setup()."""
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["SAFEGUARDING_VAR_DIR"] = str(directory)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    sys.path.insert(0, str(ROOT))


def build() -> tuple[Partnership, Agency, User]:
    """Migrate, then load the partnership, its agencies and people; return who signs in."""
    from django.core.management import call_command

    from bench.scale import add_agencies, add_members
    from safeguarding.accounts import services as account_services
    from safeguarding.accounts.roles import Role
    from safeguarding.core import services as core_services

    call_command("migrate", verbosity=0)
    partnership = core_services.partnership_create(
        actor=None, name="Benchshire Partnership", slug="benchshire", local_authority_areas=[]
    )
    agencies = add_agencies(partnership, AGENCIES)
    add_members(partnership, USERS, agencies)
    user = account_services.user_create(
        actor=None, email="business.unit@bench.example", full_name="Bench Manager"
    )
    account_services.membership_create(
        actor=None, user=user, partnership=partnership, role=Role.BUSINESS_UNIT
    )
    return partnership, agencies[0], user


def measure(get: Callable[[], object]) -> tuple[float, float, int]:
    """Median and p95 render time in ms over RUNS requests, and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get()  # warm the template and per-process caches
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        get()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        get()
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    return statistics.median(samples), p95, len(queries)


def pages(partnership: Partnership, agency: Agency) -> dict[str, str]:
    from django.urls import reverse

    slug = partnership.slug
    return {
        "home page": reverse("core:home", args=[slug]),
        "agency directory": reverse("core:agency_list", args=[slug]),
        "agency directory, search": reverse("core:agency_list", args=[slug]) + "?q=trust",
        "agency detail": reverse("core:agency_detail", args=[slug, agency.pk]),
    }


def report(client: Client, label: str, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{label}: {url} answered {response.status_code}")
    median, p95, queries = measure(lambda: client.get(url))
    print(
        f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries "
        f"({AGENCIES:,} agencies, {USERS:,} users, {RUNS} runs)"
    )


def run_following() -> None:
    for module, title in FOLLOWING.items():
        print(f"\n{title} ({module})", flush=True)
        subprocess.run([sys.executable, "-m", module], cwd=ROOT, check=True)


def main() -> None:
    print("Pages at scale (bench.run)", flush=True)
    pages_bench()
    run_following()


def pages_bench() -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as directory:
        configure(Path(directory))
        import django

        django.setup()
        from django.test import Client

        started = time.perf_counter()
        partnership, agency, user = build()
        elapsed = time.perf_counter() - started
        print(f"Built {AGENCIES:,} agencies and {USERS:,} people in {elapsed:.1f} s")
        client = Client()
        client.force_login(user)
        for label, url in pages(partnership, agency).items():
            report(client, label, url)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
