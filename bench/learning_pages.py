"""The review list and the Action Plan Evaluation view at scale: `make bench`.

Builds a throwaway SQLite database holding one partnership with 40 agencies, 200 notified
incidents ten days apart each with its rapid review (five years of an unusually busy partnership;
the list shows every year unless filtered), and 20,000 actions spread over those reviews (a quarter
completed, one in three of those with evidence of impact), then renders the two pages as a
business unit member and prints the median and 95th percentile render time and the queries of
one request. Rows go in with bulk_create: this is measuring data, not a write path.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguarding.accounts.models import User
    from safeguarding.core.models import Agency, Partnership

AGENCIES = 40
REVIEWS = 200
ACTIONS = 20_000
START = dt.date(2019, 4, 1)  # 200 incidents ten days apart: to autumn 2024


def build() -> tuple[Partnership, list[Agency], User]:
    from django.core.management import call_command

    from bench.scale import add_agencies
    from safeguarding.accounts import services as account_services
    from safeguarding.accounts.roles import Role
    from safeguarding.core import services as core_services

    call_command("migrate", verbosity=0)
    partnership = core_services.partnership_create(
        actor=None, name="Benchshire Partnership", slug="benchshire", local_authority_areas=[]
    )
    agencies = add_agencies(partnership, AGENCIES, prefix="Bench")
    user = account_services.user_create(
        actor=None, email="business.unit@bench.example", full_name="Bench Manager"
    )
    account_services.membership_create(
        actor=None, user=user, partnership=partnership, role=Role.BUSINESS_UNIT
    )
    add_reviews_and_actions(partnership, agencies)
    return partnership, agencies, user


def add_reviews_and_actions(partnership: Partnership, agencies: list[Agency]) -> None:
    from safeguarding.learning.models import Action, ActionStatus, ImpactEvidence, Source
    from safeguarding.reviews.models import Notification, RapidReview

    days = [START + dt.timedelta(days=index * 10) for index in range(REVIEWS)]
    notifications = Notification.objects.bulk_create(
        Notification(
            partnership=partnership,
            case_code=f"Child {index:04d}",
            aware_on=day,
            notified_on=day + dt.timedelta(days=5),
            due_on=day + dt.timedelta(days=7),
            outcome="seriously_harmed",
            harm="abuse",
            age_band="under_1",
            sex="female",
            local_authority="Benchshire",
        )
        for index, day in enumerate(days)
    )
    sources = Source.objects.bulk_create(
        Source(
            partnership=partnership,
            kind="rapid_review",
            title=f"Rapid review {i:04d}",
            started_on=d,
        )
        for i, d in enumerate(days)
    )
    RapidReview.objects.bulk_create(
        RapidReview(
            notification=notification,
            source=source,
            title=source.title,
            due_on=notification.aware_on + dt.timedelta(days=28),
            completed_on=notification.aware_on + dt.timedelta(days=25) if i % 3 else None,
        )
        for i, (notification, source) in enumerate(zip(notifications, sources, strict=True))
    )
    actions = Action.objects.bulk_create(
        _action(index, sources[index % REVIEWS], agencies[index % AGENCIES])
        for index in range(ACTIONS)
    )
    ImpactEvidence.objects.bulk_create(
        ImpactEvidence(
            action=action,
            method="audit",
            summary="Audit of 20 cases",
            judgement="shown",
            gathered_on=action.completed_on,
        )
        for action in actions
        if action.status == ActionStatus.COMPLETED and action.pk % 3 == 0
    )


def _action(index: int, source: object, agency: Agency) -> object:
    from safeguarding.learning.models import Action, ActionStatus

    raised = source.started_on + dt.timedelta(days=30)  # type: ignore[attr-defined]
    done = index % 4 == 0
    return Action(
        source=source,
        title=f"Action {index:05d}",
        owner_agency=agency,
        raised_on=raised,
        due_on=raised + dt.timedelta(days=90 + index % 200),
        status=ActionStatus.COMPLETED if done else ActionStatus.IN_PROGRESS,
        completed_on=raised + dt.timedelta(days=60) if done else None,
        rag="green" if done else "amber",
    )


def pages(partnership: Partnership, agency: Agency) -> dict[str, str]:
    from django.urls import reverse

    slug = partnership.slug
    actions = reverse("learning:action_list", args=[slug])
    return {
        "review list": reverse("reviews:review_list", args=[slug]),
        "Action Plan Evaluation": actions,
        "Action Plan Evaluation, overdue": f"{actions}?overdue=on",
        "Action Plan Evaluation, one agency": f"{actions}?agency={agency.pk}",
        "Action Plan Evaluation, page 50": f"{actions}?page=50",
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-learning-") as directory:
        from bench.run import configure

        configure(Path(directory))
        import django

        django.setup()
        from django.test import Client

        from bench.run import measure

        started = time.perf_counter()
        partnership, agencies, user = build()
        print(
            f"Built {REVIEWS:,} rapid reviews and {ACTIONS:,} actions over {AGENCIES} agencies "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        client.force_login(user)
        for label, url in pages(partnership, agencies[0]).items():
            if (status := client.get(url).status_code) != 200:
                raise SystemExit(f"{label}: {url} answered {status}")
            median, p95, queries = measure(lambda url=url: client.get(url))
            print(f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
