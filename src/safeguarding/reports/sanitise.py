"""Narratives are rich text from a small allowlist; everything else in a report is escaped."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_narrative(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
