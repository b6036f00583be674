"""Reference data every new partnership starts with (each partnership can then change its own)."""

#: The learning themes a partnership's taxonomy is seeded with.
DEFAULT_THEMES: list[str] = [
    "Multi-agency communication",
    "Working with fathers and male carers",
    "Professional curiosity and taking a whole-family approach",
    "Emotional health and wellbeing support for children",
    "Including people with relevant expertise in strategy discussions about sexual abuse",
    "Safeguarding children out of education",
    "Recognising vulnerability and children as victims",
    "Dynamic risk assessment",
]
