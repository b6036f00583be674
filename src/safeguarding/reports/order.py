"""The order of the yearly report's sections, by code, as in the seed report's contents.

Sections of apps not built yet are simply absent; a code not listed here goes at the end.
"""

SECTION_ORDER: tuple[str, ...] = (
    "introduction",
    "about",
    "context",
    "reviews",
    "learning_development",
    "scrutiny",
    "multi_agency_audit",
    "functioning",
    "allegations",
    "child_deaths",
    "professional_differences",
    "working_together",
    "communication",
    "voice_of_child",
    "priorities",
    "plan_on_a_page",
)


def position(code: str) -> int:
    """Where a section goes: its place in the seed's contents, or after all of them."""
    return SECTION_ORDER.index(code) if code in SECTION_ORDER else len(SECTION_ORDER)
