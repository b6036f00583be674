"""Every governance page: members read, managers write, read-only roles 403, outsiders 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding.accounts.roles import ALL_ROLES, Role

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})

READS = [
    "executive_list",
    "subgroup_list",
    "meeting_list",
    "budget",
    "communication_list",
    "voice_list",
    "priority_list",
    "priority_detail",
    "guidance_change_list",
]
WRITES = [
    "executive_add",
    "executive_edit",
    "executive_end",
    "subgroup_add",
    "subgroup_edit",
    "subgroup_retire",
    "meeting_add",
    "meeting_edit",
    "meeting_attendance",
    "contribution_add",
    "contribution_edit",
    "contribution_remove",
    "grant_add",
    "grant_edit",
    "grant_remove",
    "expenditure_add",
    "expenditure_edit",
    "expenditure_remove",
    "communication_add",
    "communication_edit",
    "participation_group_add",
    "participation_group_edit",
    "participation_group_retire",
    "engagement_add",
    "engagement_edit",
    "priority_add",
    "priority_edit",
    "indicator_add",
    "indicator_edit",
    "activity_add",
    "activity_edit",
    "plan_edit",
    "guidance_change_add",
    "guidance_change_edit",
]
BY_YEAR = {"budget", "contribution_add", "grant_add", "expenditure_add", "plan_edit"}
#: Pages about one record, and the fixture whose primary key they take.
BY_PK = {
    "priority_detail": "priority",
    "communication_edit": "figure",
    "participation_group_edit": "group",
    "participation_group_retire": "group",
    "engagement_edit": "engagement",
    "priority_edit": "priority",
    "indicator_add": "priority",
    "indicator_edit": "indicator",
    "activity_add": "priority",
    "activity_edit": "activity",
    "guidance_change_edit": "guidance_change",
}


@pytest.fixture
def part_two(figure, group, engagement, priority, indicator, activity, guidance_change):
    return {
        "figure": figure,
        "group": group,
        "engagement": engagement,
        "priority": priority,
        "indicator": indicator,
        "activity": activity,
        "guidance_change": guidance_change,
    }


@pytest.fixture
def urls(partnership, member, subgroup, meeting, contribution, grant, spending, part_two):
    pks = {
        **{name: part_two[fixture].pk for name, fixture in BY_PK.items()},
        "executive": member.pk,
        "subgroup": subgroup.pk,
        "meeting": meeting.pk,
        "contribution": contribution.pk,
        "grant": grant.pk,
        "expenditure": spending.pk,
    }

    def url(name):
        kwargs = {"partnership": partnership.slug}
        if name in BY_PK:
            kwargs["pk"] = pks[name]
        elif name in BY_YEAR:
            kwargs["year"] = "2023-24"
        elif name.endswith(("_edit", "_end", "_retire", "_attendance", "_remove")):
            kwargs["pk"] = pks[name.split("_")[0]]
        return reverse(f"governance:{name}", kwargs=kwargs)

    return url


def test_every_member_reads_every_governance_page(client_as, personas, urls):
    for role in ALL_ROLES:
        client = client_as(personas[role])
        for name in READS:
            assert client.get(urls(name)).status_code == 200, (name, role)


def test_only_managers_write(client_as, personas, urls):
    for role in ALL_ROLES:
        client = client_as(personas[role])
        for name in WRITES:
            expected = 200 if role in MANAGERS else 403
            assert client.get(urls(name)).status_code == expected, (name, role)
            if role not in MANAGERS:
                assert client.post(urls(name), {}).status_code == 403, (name, role)


def test_outsiders_get_404_everywhere(client_as, outsider, urls):
    client = client_as(outsider)
    for name in READS + WRITES:
        assert client.get(urls(name)).status_code == 404, name
        assert client.post(urls(name), {}).status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(client, urls):
    for name in READS + WRITES:
        assert client.get(urls(name))["Location"].startswith(reverse("accounts:login")), name


def test_a_made_up_year_is_not_found(business_unit, partnership):
    url = reverse("governance:budget", args=[partnership.slug, "2023-25"])
    assert business_unit.get(url).status_code == 404
    listing = reverse("governance:meeting_list", args=[partnership.slug])
    assert business_unit.get(listing + "?year=nonsense").status_code == 404


def test_governance_is_in_the_navigation(business_unit, partnership):
    page = business_unit.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert reverse("governance:executive_list", args=[partnership.slug]) in page
