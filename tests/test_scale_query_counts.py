"""The main pages make the same number of queries with 5 agencies or 200: no N+1 creeps in.

Each page's count is pinned at a small size and shown equal at a larger one. If a change adds a
query on purpose, update the pin; if the counts differ between sizes, a loop is querying per row.
The data goes in through bench/scale.py, the same fixture data `make bench` measures with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from bench.scale import add_agencies, add_members, add_partnerships, join_partnerships, link_agency
from safeguarding.accounts.roles import Role


@dataclass(frozen=True)
class Size:
    agencies: int
    members: int
    partnerships: int


SMALL = Size(agencies=5, members=5, partnerships=1)
LARGE = Size(agencies=200, members=300, partnerships=20)

#: page -> (URL name, query string, queries pinned)
PAGES = {
    "home": ("core:home", "", 19),  # 15, training's registers and evaluations (2), steps (2)
    "agency directory": ("core:agency_list", "", 11),
    "agency directory search": ("core:agency_list", "q=trust", 11),
    "agency detail": ("core:agency_detail", "", 12),
}


def _grow(partnership, agency, user, size: Size) -> None:
    """Agencies in the directory, members of `agency`, partnerships it and `user` share."""
    add_agencies(partnership, size.agencies)
    add_members(partnership, size.members, [agency])
    neighbours = add_partnerships(size.partnerships)
    link_agency(agency, neighbours)
    join_partnerships(user, neighbours, Role.BUSINESS_UNIT)


def _url(page_name: str, partnership, agency) -> str:
    name, query, _ = PAGES[page_name]
    args = [partnership.slug, agency.pk] if page_name == "agency detail" else [partnership.slug]
    return f"{reverse(name, args=args)}?{query}" if query else reverse(name, args=args)


def _shows_the_data(page_name: str, html: str, size: Size) -> bool:
    """The page shows the grown data, so the count is of a page that really rendered it."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    expected = {
        "home": "Scale Partnership 0000",
        "agency directory": f"{size.agencies + 1} agencies",
        "agency directory search": f"{(size.agencies + 4) // 5} agenc",
        "agency detail": f"People in the Hub {size.members + 2}",
    }[page_name]
    return expected in text


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_queries_do_not_grow_with_the_data(
    page_name, size, personas, partnership, agency, client_as, django_assert_num_queries
):
    user = personas[Role.BUSINESS_UNIT]
    _grow(partnership, agency, user, size)
    client = client_as(user)
    url = _url(page_name, partnership, agency)
    client.get(url)  # the first request of a session warms per-process caches
    with django_assert_num_queries(PAGES[page_name][2]):
        response = client.get(url)
    assert response.status_code == 200
    assert _shows_the_data(page_name, response.content.decode(), size)
