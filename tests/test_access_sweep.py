"""The access sweep: every URL, as every kind of visitor.

- anonymous visitors are sent to sign in;
- a member of another partnership gets 404 on every partnership page (the record's existence is
  never revealed);
- a role that may read but not change gets 403 on every write, for GET and POST;
- each persona gets 200 on every page its role allows.

If you add a URL and `test_every_url_is_in_the_sweep` fails, add it to ROUTES below, saying who may
read and who may write it; a newer app keeps its routes in `tests/<app>/sweep.py` (`ROUTES`, and
`records(world)` returning the rows its routes name), which this file finds by itself.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.models import ImportJob
from safeguarding.governance import services as governance
from safeguarding.governance.models import MemberKind
from safeguarding.metrics import registry
from safeguarding.metrics.dashboard import Panel, registered_panels
from safeguarding.metrics.models import EnteredValue
from safeguarding.metrics.registry import Metric, Unit
from safeguarding.reports import services as report_services
from safeguarding.reports.models import ReportFile
from tests.sweep import (
    ADMIN,
    BUSINESS_UNIT,
    EXECUTIVE,
    MANAGERS,
    Route,
    _agency,
    _member,
    _membership,
    _p,
    _pk,
    _report,
    _report_file,
    _theme,
    _year,
)

APP_SWEEPS = [
    importlib.import_module(f"tests.{path.parent.name}.sweep")
    for path in sorted(Path(__file__).parent.glob("*/sweep.py"))
]

ROUTES: dict[str, Route] = {
    # Signed-in pages outside any partnership.
    "core:start": Route(in_partnership=False),
    "core:switch": Route(in_partnership=False, query=lambda w: f"?to={w['partnership'].slug}"),
    "accounts:profile": Route(in_partnership=False),
    "accounts:api_token_create": Route(in_partnership=False, post_only=True),
    "accounts:api_token_revoke": Route(in_partnership=False, post_only=True),
    # Partnership pages.
    "core:home": Route(_p),
    "core:agency_list": Route(_p),
    "core:agency_detail": Route(_agency),
    "core:agency_add": Route(_p, writers=MANAGERS),
    "core:agency_link": Route(_p, writers=MANAGERS),
    "core:agency_edit": Route(_agency, writers=MANAGERS),
    "core:agency_retire": Route(_agency, writers=MANAGERS),
    "core:theme_list": Route(_p),
    "core:theme_add": Route(_p, writers=MANAGERS),
    "core:theme_edit": Route(_theme, writers=MANAGERS),
    "core:theme_retire": Route(_theme, writers=MANAGERS),
    "core:timescale_list": Route(_p),
    "core:disclosure": Route(_p),
    "core:timescale_edit": Route(lambda w: {**_p(w), "code": "rapid_review"}, writers=MANAGERS),
    "audit:log": Route(_p, readers=ADMIN),
    "accounts:member_list": Route(_p, readers=ADMIN),
    "accounts:member_add": Route(_p, readers=ADMIN, writers=ADMIN),
    "accounts:member_detail": Route(_member, readers=ADMIN),
    "accounts:member_role_add": Route(_member, readers=ADMIN, writers=ADMIN),
    "accounts:member_role_end": Route(_membership, readers=ADMIN, writers=ADMIN),
    "accounts:member_reinvite": Route(_member, readers=ADMIN, writers=ADMIN, post_only=True),
    # The yearly report: everyone reads; the business unit drafts; the executive approves.
    # Starting a report (POST to the list) is the business unit's: tested in tests/reports.
    "reports:report_list": Route(_p),
    "reports:report_detail": Route(_report),
    "reports:download_html": Route(_report),
    "reports:download_docx": Route(_report),
    "reports:file_request": Route(_report, writers=ALL_ROLES, post_only=True),
    "reports:file_status": Route(_report_file),
    "reports:file_download": Route(_report_file),
    "reports:narrative_edit": Route(
        lambda w: {**_report(w), "code": "about"}, writers=BUSINESS_UNIT
    ),
    "reports:report_approve": Route(_report, writers=EXECUTIVE),
    "reports:report_publish": Route(_report, writers=BUSINESS_UNIT),
    "reports:report_record_sent": Route(_report, writers=BUSINESS_UNIT),
    "reports:report_new_version": Route(_report, writers=BUSINESS_UNIT, post_only=True),
    # The dashboard and its downloads: every member.
    "metrics:dashboard": Route(_p),
    "metrics:dashboard_csv": Route(lambda w: {**_p(w), "panel": "sweep"}),
    "metrics:dashboard_xlsx": Route(lambda w: {**_p(w), "panel": "sweep"}),
    # Entered figures for years before the Hub: every member reads; managers keep them.
    "metrics:entered_list": Route(_p),
    "metrics:entered_add": Route(_p, writers=MANAGERS),
    "metrics:entered_edit": Route(_pk("entered_value"), writers=MANAGERS),
    "metrics:entered_remove": Route(_pk("entered_value"), writers=MANAGERS),
    # Data packs: the business unit and administrators only.
    "datapack:data_pack": Route(_p, readers=MANAGERS, writers=MANAGERS),
    "datapack:export": Route(_p, readers=MANAGERS),
    "datapack:job": Route(_pk("import_job"), readers=MANAGERS),
    "datapack:progress": Route(_pk("import_job"), readers=MANAGERS),
    "datapack:confirm": Route(
        _pk("import_job"), readers=MANAGERS, writers=MANAGERS, post_only=True
    ),
    # Governance: every member reads; the business unit and administrators keep it.
    "governance:executive_list": Route(_p),
    "governance:subgroup_list": Route(_p),
    "governance:meeting_list": Route(_p),
    "governance:budget_current": Route(_p),
    "governance:budget": Route(_year),
    "governance:executive_add": Route(_p, writers=MANAGERS),
    "governance:subgroup_add": Route(_p, writers=MANAGERS),
    "governance:meeting_add": Route(_p, writers=MANAGERS),
    "governance:contribution_add": Route(_year, writers=MANAGERS),
    "governance:grant_add": Route(_year, writers=MANAGERS),
    "governance:expenditure_add": Route(_year, writers=MANAGERS),
    "governance:executive_edit": Route(_pk("member"), writers=MANAGERS),
    "governance:executive_end": Route(_pk("member"), writers=MANAGERS),
    "governance:subgroup_edit": Route(_pk("subgroup"), writers=MANAGERS),
    "governance:subgroup_retire": Route(_pk("subgroup"), writers=MANAGERS),
    "governance:meeting_edit": Route(_pk("meeting"), writers=MANAGERS),
    "governance:meeting_attendance": Route(_pk("meeting"), writers=MANAGERS),
    "governance:contribution_edit": Route(_pk("contribution"), writers=MANAGERS),
    "governance:contribution_remove": Route(_pk("contribution"), writers=MANAGERS),
    "governance:grant_edit": Route(_pk("grant"), writers=MANAGERS),
    "governance:grant_remove": Route(_pk("grant"), writers=MANAGERS),
    "governance:expenditure_edit": Route(_pk("expenditure"), writers=MANAGERS),
    "governance:expenditure_remove": Route(_pk("expenditure"), writers=MANAGERS),
    "governance:communication_list": Route(_p),
    "governance:voice_list": Route(_p),
    "governance:priority_list": Route(_p),
    "governance:guidance_change_list": Route(_p),
    "governance:priority_detail": Route(_pk("priority")),
    "governance:communication_add": Route(_p, writers=MANAGERS),
    "governance:participation_group_add": Route(_p, writers=MANAGERS),
    "governance:engagement_add": Route(_p, writers=MANAGERS),
    "governance:priority_add": Route(_p, writers=MANAGERS),
    "governance:guidance_change_add": Route(_p, writers=MANAGERS),
    "governance:plan_edit": Route(_year, writers=MANAGERS),
    "governance:communication_edit": Route(_pk("figure"), writers=MANAGERS),
    "governance:participation_group_edit": Route(_pk("group"), writers=MANAGERS),
    "governance:participation_group_retire": Route(_pk("group"), writers=MANAGERS),
    "governance:engagement_edit": Route(_pk("engagement"), writers=MANAGERS),
    "governance:priority_edit": Route(_pk("priority"), writers=MANAGERS),
    "governance:indicator_add": Route(_pk("priority"), writers=MANAGERS),
    "governance:activity_add": Route(_pk("priority"), writers=MANAGERS),
    "governance:indicator_edit": Route(_pk("indicator"), writers=MANAGERS),
    "governance:activity_edit": Route(_pk("activity"), writers=MANAGERS),
    "governance:guidance_change_edit": Route(_pk("guidance_change"), writers=MANAGERS),
    # Each app whose tests hold a `sweep.py` adds its own routes (and records) there.
    **{name: route for sweep in APP_SWEEPS for name, route in sweep.ROUTES.items()},
}

#: URLs outside the sweep, each with the reason.
EXEMPT: dict[str, str] = {
    "core:accessibility": "public page",
    "accounts:login": "public: the sign-in page",
    "accounts:logout": "public: signing out works for anyone",
    "accounts:two_factor": "the second sign-in step: tested in tests/accounts",
    "accounts:two_factor_setup": "the second sign-in step: tested in tests/accounts",
    "api-schema": "the API has its own sweep over every endpoint: tests/api/test_access.py",
    "api-docs": "the API has its own sweep over every endpoint: tests/api/test_access.py",
}
EXEMPT_PREFIXES = ("admin:", "api:", "password_reset", "accounts:password")


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _swept_names() -> set[str]:
    every = _names(get_resolver().url_patterns)
    api_routes = {
        name for name in every if name.startswith(("api-root", "partnership-", "agency-"))
    }
    return {
        name
        for name in every - api_routes
        if name not in EXEMPT and not name.startswith(EXEMPT_PREFIXES)
    }


@pytest.fixture
def world(partnership, other_partnership, personas, agency, outsider) -> dict[str, Any]:
    theme = partnership.themes.first()
    report = report_services.report_create(
        actor=None, partnership=partnership, year=ReportingYear(2023)
    )
    world = {
        **_governance_records(partnership, agency),
        "import_job": ImportJob.objects.create(
            partnership=partnership,
            filename="pack.xlsx",
            created_by=personas[Role.BUSINESS_UNIT],
            content=b"",
        ),
        "entered_value": EnteredValue.objects.create(
            metric_code="test.sweep",
            partnership=partnership,
            period_start_year=2019,
            value=1,
            source="Sweep",
        ),
        "report": report,
        "report_file": ReportFile.objects.create(
            report=report, status="ready", content=b"%PDF-1.7"
        ),
        "partnership": partnership,
        "personas": personas,
        "agency": agency,
        "theme": theme,
        "outsider": outsider,
    }
    for sweep in APP_SWEEPS:
        world.update(sweep.records(world))
    return world


def _governance_records(partnership: Any, agency: Any) -> dict[str, Any]:
    year = ReportingYear(2023)
    subgroup = governance.subgroup_create(actor=None, partnership=partnership, name="Health")
    common = {"actor": None, "partnership": partnership}
    priority = governance.priority_create(
        **common, title="Safe Start", statement="Babies are safe.", first_year=year
    )
    return {
        "priority": priority,
        "indicator": governance.indicator_create(
            actor=None, priority=priority, label="Admissions", local_value=Decimal(1)
        ),
        "activity": governance.activity_create(
            actor=None, priority=priority, year=year, text="A pilot"
        ),
        "figure": governance.communication_figure_create(
            **common, year=year, channel="social_media", measure="reach", value=Decimal(1)
        ),
        "group": governance.participation_group_create(**common, name="Youth Forum"),
        "engagement": governance.engagement_create(**common, year=year, title="Neglect Strategy"),
        "guidance_change": governance.guidance_change_create(
            **common, year=year, topic="Education", guidance="g", decision="d"
        ),
        "member": governance.executive_member_create(
            **common,
            name="Lead Partner",
            organisation=agency,
            role_title="Chief Constable",
            kind=MemberKind.LEAD,
            started_on=dt.date(2021, 4, 1),
        ),
        "subgroup": subgroup,
        "meeting": governance.meeting_create(
            **common, subgroup=subgroup, date=dt.date(2023, 6, 5), invited=[agency]
        ),
        "contribution": governance.contribution_create(
            **common, year=year, agency=agency, amount=Decimal(1000)
        ),
        "grant": governance.grant_create(
            **common, year=year, amount=Decimal(500), funder="DfE", purpose="Training", uses=[]
        ),
        "expenditure": governance.expenditure_create(
            **common, year=year, category="Salaries", amount=Decimal(900)
        ),
    }


@pytest.fixture(autouse=True)
def sweep_panel():
    """A registered metric and dashboard panel, so the panel downloads have something to serve."""
    metric = Metric(code="test.sweep", label="Sweep", unit=Unit.COUNT)
    with registry.registered(metric), registered_panels(Panel("sweep", "test.sweep", "Sweep")):
        yield


def _url(name: str, world: dict[str, Any]) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(world)) + route.query(world)


def _methods(route: Route) -> list[str]:
    """The methods a route serves: POST-only actions, forms (GET and POST), or pages (GET)."""
    if route.post_only:
        return ["post"]
    return ["get", "post"] if route.writers is not None else ["get"]


def _ask(client: Any, method: str, url: str) -> Any:
    return client.post(url, {}) if method == "post" else client.get(url)


def test_every_url_is_in_the_sweep():
    missing = _swept_names() - set(ROUTES)
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"
    stale = set(ROUTES) - _names(get_resolver().url_patterns)
    assert not stale, f"These ROUTES no longer exist: {sorted(stale)}"


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, route in ROUTES.items():
        url = _url(name, world)
        response = client.post(url) if route.post_only else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_members_of_another_partnership_get_404(client_as, world):
    client = client_as(world["outsider"])
    for name, route in ROUTES.items():
        if not route.in_partnership:
            continue
        url = _url(name, world)
        for method in _methods(route):
            assert _ask(client, method, url).status_code == 404, (name, method)


def _members_refused(route: Route) -> frozenset[Role]:
    return ALL_ROLES - (route.writers if route.writers is not None else route.readers)


def test_roles_that_may_not_write_get_403_or_404_when_hidden(client_as, world):
    checked = 0
    for name, route in ROUTES.items():
        if not route.in_partnership:
            continue
        for role in _members_refused(route):
            client = client_as(world["personas"][role])
            url = _url(name, world)
            expected = 404 if role in route.hidden_from else 403
            for method in _methods(route):
                assert _ask(client, method, url).status_code == expected, (name, role, method)
            checked += 1
    assert checked > 40


def test_each_persona_gets_200_on_its_pages(client_as, world):
    for name, route in ROUTES.items():
        if route.post_only:
            continue
        allowed = route.writers if route.writers is not None else route.readers
        for role in allowed:
            response = client_as(world["personas"][role]).get(_url(name, world), follow=True)
            assert response.status_code == 200, (name, role)


def test_the_sweep_sees_a_retired_record_too(client_as, world):
    agency = world["agency"]
    core_services.agency_retire(
        actor=None,
        partnership=world["partnership"],
        agency=agency,
        retired_on=agency.created_at.date(),
    )
    client = client_as(world["personas"][Role.PRACTITIONER])
    assert client.get(_url("core:agency_detail", world)).status_code == 200
    assert client.get(_url("core:agency_edit", world)).status_code == 403
