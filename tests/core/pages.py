"""Read what a user sees on a page: table rows, the error summary, errors beside fields."""

from __future__ import annotations

import re

from django.http import HttpResponse


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def error_summary(response: HttpResponse) -> list[tuple[str, str]]:
    """(href, text) of each link in the GOV.UK error summary."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "The page has no error summary."
    links = re.findall(r'<a href="([^"]*)">(.*?)</a>', match.group(0), re.S)
    return [(href, _text(text)) for href, text in links]


def field_errors(response: HttpResponse, field_id: str) -> list[str]:
    """The error messages shown beside a field (without the hidden "Error:" prefix)."""
    page = response.content.decode()
    found = re.findall(rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', page)
    return [_text(message).removeprefix("Error:").strip() for message in found]


def table_rows(response: HttpResponse, table_id: str) -> list[str]:
    """The text of each body row of a table."""
    page = response.content.decode()
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert match, f"The page has no table {table_id}."
    body = match.group(0).split("<tbody", 1)[1]
    return [_text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def ids_on_page(response: HttpResponse) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', response.content.decode()))
