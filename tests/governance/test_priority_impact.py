"""A priority's impact from the records: its activities name the learning actions they carry
out, the priority page shows those actions' latest judgement, and the yearly report lists the
year's evidence of their impact under the priority."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from safeguarding.demo import loader
from safeguarding.governance import services
from safeguarding.governance.models import Activity, Priority
from safeguarding.learning.models import ImpactJudgement
from safeguarding.reports import document, registry
from tests.datapack.helpers import xlsx
from tests.factories import pack_for_copy, partnership_copy
from tests.governance.conftest import YEAR
from tests.governance.test_report import html_text, word_text
from tests.learning.factories import make_action, make_evidence, make_source

AUDIT = "A dip-sample audit found the protocol followed in 9 of 10 cases."


@pytest.fixture
def action(partnership, agency):
    return make_action(make_source(partnership), agency, title="Refresh the bruising protocol")


@pytest.fixture
def theirs(other_partnership):
    agency = core_services.agency_create(
        actor=None,
        partnership=other_partnership,
        name="Elsewhere Police",
        sector="police",
        designation="statutory_partner",
    )
    source = make_source(other_partnership, title="Rapid review: Child Z")
    return make_action(source, agency, title="Their action")


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def activities_text(response) -> str:
    page = response.content.decode()
    match = re.search(r'<div id="activities">.*?</div>', page, re.S)
    assert match
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


# The services


def test_an_activity_cannot_name_another_partnerships_action(priority, action, theirs):
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            actor=None, priority=priority, year=YEAR, text="Pilot.", actions=[action, theirs]
        )
    assert refused.value.message_dict == {
        "actions": [
            "Choose actions from Testshire Safeguarding Children Partnership's learning only."
        ]
    }
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="governance.activity").exists()


def test_changing_the_linked_actions_is_audited_and_a_bad_change_saves_nothing(
    activity, action, theirs
):
    services.activity_update(actor=None, activity=activity, data={"actions": [action]})
    entry = AuditEntry.objects.get(action="governance.activity.update")
    assert entry.changes == {"actions": [[], ["Refresh the bruising protocol"]]}

    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            actor=None, activity=activity, data={"text": "Changed.", "actions": [theirs]}
        )
    assert list(refused.value.message_dict) == ["actions"]
    activity.refresh_from_db()
    assert activity.text == "Piloted Health Coach appointments."
    assert list(activity.actions.all()) == [action]
    assert AuditEntry.objects.filter(action="governance.activity.update").count() == 1


# The form and the priority page


def test_the_activity_form_offers_the_partnerships_actions_and_saves_the_ticked_ones(
    business_unit, partnership, priority, action, theirs
):
    form = business_unit.get(url("activity_add", partnership, priority.pk)).content.decode()
    assert 'class="govuk-checkboxes' in form
    assert "Refresh the bruising protocol (Rapid review: Child Q)" in form
    assert "Their action" not in form

    data = {"year": "2023-24", "text": "Refreshed the protocol.", "actions": [str(action.pk)]}
    response = business_unit.post(url("activity_add", partnership, priority.pk), data)
    assert response.status_code == 302
    assert list(Activity.objects.get().actions.all()) == [action]
    entry = AuditEntry.objects.get(action="governance.activity.create")
    assert entry.changes["actions"] == [None, ["Refresh the bruising protocol"]]

    data["actions"] = [str(theirs.pk)]
    refused = business_unit.post(url("activity_add", partnership, priority.pk), data)
    assert refused.status_code == 200
    assert Activity.objects.count() == 1


def test_the_priority_page_shows_each_activitys_actions_and_their_latest_judgement(
    business_unit, client_as, personas, partnership, priority, activity, action
):
    services.activity_update(actor=None, activity=activity, data={"actions": [action]})
    before = activities_text(business_unit.get(url("priority_detail", partnership, priority.pk)))
    assert (
        "Learning action: Refresh the bruising protocol (Rapid review: Child Q). "
        "Latest impact judgement: none recorded yet." in before
    )
    make_evidence(action, judgement=ImpactJudgement.NOT_YET, gathered_on=dt.date(2023, 9, 1))
    make_evidence(action, judgement=ImpactJudgement.SHOWN, gathered_on=dt.date(2024, 1, 15))
    after = activities_text(business_unit.get(url("priority_detail", partnership, priority.pk)))
    assert "Latest impact judgement: Impact shown." in after

    practitioner = client_as(personas[Role.PRACTITIONER])  # reads priorities, not learning
    page = practitioner.get(url("priority_detail", partnership, priority.pk))
    assert "Piloted Health Coach" in activities_text(page)
    assert "bruising protocol" not in activities_text(page)


def test_the_priority_page_keeps_its_queries_steady_with_more_actions(
    business_unit, partnership, priority, activity, action, agency, django_assert_num_queries
):
    services.activity_update(actor=None, activity=activity, data={"actions": [action]})
    detail = url("priority_detail", partnership, priority.pk)
    with django_assert_num_queries(13):
        business_unit.get(detail)
    source = action.source
    for n in range(3):
        more = make_action(source, agency, title=f"Action {n}")
        make_evidence(more)
        services.activity_create(
            actor=None, priority=priority, year=YEAR, text=f"More {n}.", actions=[more, action]
        )
    with django_assert_num_queries(13):
        page = business_unit.get(detail)
    assert activities_text(page).count("Learning action:") == 7


# The yearly report


def priority_parts(partnership):
    return registry.get("priorities").data(partnership, YEAR)["parts"]


def test_the_report_lists_the_years_evidence_of_impact_under_the_priority(
    partnership, priority, activity, action
):
    services.activity_update(actor=None, activity=activity, data={"actions": [action]})
    make_evidence(action, gathered_on=dt.date(2024, 1, 15))
    make_evidence(action, judgement=ImpactJudgement.NOT_YET, gathered_on=dt.date(2024, 4, 2))
    services.activity_create(  # a second activity naming the same action: listed once
        actor=None, priority=priority, year=YEAR, text="Trained staff.", actions=[action]
    )

    lists = priority_parts(partnership)[1]["lists"]
    assert lists[-1] == {"heading": "Impact", "items": [f"{AUDIT} (impact shown, audit)"]}
    doc = document.build(partnership, YEAR, None)
    for read in (html_text, word_text):
        text = read(doc)
        assert f"Impact {AUDIT} (impact shown, audit)" in text, read.__name__
        assert "(not yet, audit)" not in text  # gathered in 2024-25


def test_a_priority_without_linked_evidence_has_no_impact_list(partnership, priority, activity):
    lists = priority_parts(partnership)[1]["lists"]
    assert [block["heading"] for block in lists] == [
        "Aims of the partnership",
        "Partnership activity 2023-24",
    ]


def test_the_reports_priorities_keep_their_queries_with_more_evidence(
    partnership, priority, activity, action, agency, django_assert_num_queries
):
    services.activity_update(actor=None, activity=activity, data={"actions": [action]})
    make_evidence(action)
    section = registry.get("priorities").data
    with django_assert_num_queries(4):
        section(partnership, YEAR)
    for n in range(3):
        other = services.priority_create(
            actor=None, partnership=partnership, title=f"P{n}", statement="S", first_year=YEAR
        )
        more = make_action(action.source, agency, title=f"Action {n}")
        make_evidence(more)
        services.activity_create(actor=None, priority=other, year=YEAR, text="A", actions=[more])
    with django_assert_num_queries(4):
        grown = json.dumps(section(partnership, YEAR))
    assert grown.count("(impact shown, audit)") == 4


# The data pack


def test_an_unknown_or_ambiguous_action_title_refuses_the_import(
    partnership, priority, action, agency
):
    make_action(make_source(partnership, title="Learning review: Family B"), agency, title="Audit")
    make_action(make_source(partnership, title="Learning review: Family C"), agency, title="Audit")
    before = (Activity.objects.count(), AuditEntry.objects.count())

    def imported(actions: str):
        header = ["priority", "year", "text", "actions"]
        row = ["Safe Start to Life", "2023-24", "Audited.", actions]
        pack = read_bytes("pack.xlsx", xlsx({"activities": [header, row]}))
        return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)

    unknown = imported("Refresh the bruising protocol; Nobody's action")
    assert [str(e) for e in unknown.errors] == [
        "sheet activities, row 2, column actions: "
        "There is no learning action called “Nobody's action”."
    ]
    ambiguous = imported("audit")
    assert [str(e) for e in ambiguous.errors] == [
        "sheet activities, row 2, column actions: More than one learning action is called "
        "“audit” (Learning review: Family B; Learning review: Family C)."
    ]
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_the_pack_names_an_activitys_actions_and_imports_them_unchanged(
    partnership, priority, activity, action, agency
):
    second = make_action(action.source, agency, title="Audit the pathway")
    services.activity_update(actor=None, activity=activity, data={"actions": [second, action]})
    rows = {name: rows for name, _, rows in export_rows(partnership)}["activities"]
    assert rows[0]["actions"] == "Audit the pathway; Refresh the bruising protocol"
    pack = read_bytes("pack.xlsx", export_pack(actor=None, partnership=partnership))
    result = import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)
    assert result.ok, result.errors
    assert (result.counts["activities"].unchanged, result.counts["activities"].changed) == (1, 0)


# The demo


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def test_the_demos_safe_start_to_life_shows_its_evidence_of_impact(somerset):
    parts = priority_parts(somerset)
    start = next(i for i, part in enumerate(parts) if part.get("heading") == "Safe Start to Life")
    impact = parts[start + 1]["lists"][-1]
    assert impact["heading"] == "Impact"
    assert [item.split(" (")[-1] for item in impact["items"]] == [
        "not yet, survey)",
        "impact shown, audit)",
        "impact shown, survey)",
    ]
    assert impact["items"][2].startswith(
        "A multi-agency practitioner survey identified that using the Family Strengths and Needs "
        "toolkit results in improved identification of the signs of neglect"
    )
    community = next(p for p in parts if p.get("heading") == "Safe in the Community")
    assert "Impact" not in json.dumps(parts[parts.index(community) + 1])


def test_the_demo_pack_round_trips_the_linked_actions(somerset):
    pack = read_bytes("somerset.xlsx", export_pack(actor=None, partnership=somerset))
    copy = partnership_copy(somerset, name="Copy of Somerset", slug="copy")
    pack = pack_for_copy(pack, copy)
    assert import_pack(actor=None, partnership=copy, pack=pack, dry_run=False).ok
    start = Priority.objects.get(partnership=copy, title="Safe Start to Life")
    linked = {
        activity.text[:30]: [action.title for action in activity.actions.all()]
        for activity in start.activities.all()
        if activity.actions.exists()
    }
    assert linked == {
        "A pilot to provide Health Coac": ["Improve engagement with fathers and male carers"],
        "Reviews of the Pre-birth proto": ["Review the Pre-Birth Workbook"],
        "Held a focus group with practi": ["Embed the Family Strengths and Needs toolkit"],
    }
    again = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)
    assert (again.counts["activities"].added, again.counts["activities"].changed) == (0, 0)
