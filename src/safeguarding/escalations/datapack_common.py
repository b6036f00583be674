"""What the escalations app's two data pack sheets share (datapack.py, datapack_survey.py): text
cells and agencies named by a row."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.models import Agency, Partnership


def text_field(required: str = "", max_length: int | None = 200) -> forms.CharField:
    """A text cell; `required` is the message when it is blank (none: optional)."""
    messages = {"required": required} if required else {}
    return forms.CharField(required=bool(required), max_length=max_length, error_messages=messages)


def agency_named(partnership: Partnership, name: str, column: str) -> Agency:
    """The agency serving the partnership with this name (any case); refused on `column`."""
    agency = Agency.objects.filter(memberships__partnership=partnership, name__iexact=name).first()
    if agency is None:
        raise ValidationError({column: f"No agency called “{name}” serves this partnership."})
    return agency
