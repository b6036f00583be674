"""What the escalations page tests share: URLs, posted dates, the text of an element, and a
difference raised by the personas' agency (the police) with the health trust."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.urls import reverse

NOW = dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC)  # Wednesday 15 May 2024
TODAY = NOW.date()


def url(name: str, partnership: Any, *args: Any) -> str:
    return reverse(f"escalations:{name}", args=[partnership.slug, *args])


def date(field: str, day: dt.date) -> dict[str, str]:
    return {
        f"{field}_day": str(day.day),
        f"{field}_month": str(day.month),
        f"{field}_year": str(day.year),
    }


def text_of(response: Any, element_id: str) -> str:
    """The text of an element, by id."""
    page = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"No element {element_id}"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split()))
