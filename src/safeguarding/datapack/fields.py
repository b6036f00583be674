"""The form fields a sheet's row form is built from: each cleans a cell to the value the export
writes, so an exported pack imports back as all "unchanged", and each error says what to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguarding.core.years import ReportingYear
from safeguarding.datapack.registry import split_list

DATE_HELP = "A date as YYYY-MM-DD, like 2024-03-27."
YES, NO = "yes", "no"
#: How a list cell is written: "Somerset Council; Public Health Nursing".
SEPARATOR = "; "


def choices_help(choices: Iterable[tuple[str, str]]) -> str:
    return "One of: " + ", ".join(value for value, _ in choices) + "."


class PackDateField(forms.DateField):
    """A date written YYYY-MM-DD (a workbook's own date cells arrive written so)."""

    def __init__(self, *, required_message: str | None = None, **kwargs: Any) -> None:
        messages = {"invalid": "Enter a real date as YYYY-MM-DD, like 2024-03-27."}
        if required_message:
            messages["required"] = required_message
        super().__init__(input_formats=["%Y-%m-%d"], error_messages=messages, **kwargs)


class PackDateTimeField(forms.CharField):
    """A local date and time written YYYY-MM-DD HH:MM (seconds, or a "T" as a workbook's own
    cells give it, are taken too), cleaned to that text, as the export writes it; `parse` turns
    the text into an aware datetime in the Hub's time zone."""

    FORMAT = "%Y-%m-%d %H:%M"
    INPUTS = (FORMAT, "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
    MESSAGE = "Enter a real date and time as YYYY-MM-DD HH:MM, like 2023-05-10 09:30."

    def clean(self, value: Any) -> str:
        text = super().clean(value) or ""
        if not text:
            return ""
        for pattern in self.INPUTS:
            try:
                return self._local(text, pattern).strftime(self.FORMAT)
            except ValueError:
                continue
        raise ValidationError(self.MESSAGE)

    @classmethod
    def parse(cls, text: str) -> dt.datetime | None:
        """The cleaned text as an aware datetime (None for blank)."""
        if not text:
            return None
        return cls._local(text, cls.FORMAT)

    @staticmethod
    def _local(text: str, pattern: str) -> dt.datetime:
        return dt.datetime.strptime(text, pattern).replace(tzinfo=timezone.get_current_timezone())

    @classmethod
    def write(cls, moment: dt.datetime | None) -> str:
        """A stored datetime as the pack writes it, in the Hub's time zone."""
        return "" if moment is None else timezone.localtime(moment).strftime(cls.FORMAT)


class PackChoiceField(forms.ChoiceField):
    """One of the choices' values; a missing or wrong one is told the values to use."""

    def __init__(self, *, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        message = "Use one of: " + ", ".join(value for value, _ in choices) + "."
        super().__init__(
            choices=choices,
            error_messages={"invalid_choice": message, "required": message},
            **kwargs,
        )


def plain_number(value: Decimal) -> Decimal:
    """A number as the pack writes it: 47300 rather than 47300.0000, 12.5 rather than 12.50."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class PackNumberField(forms.DecimalField):
    """A number, cleaned to the form the export writes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid": "Enter a number, like 21 or 47300.50."})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        number = super().clean(value)
        return None if number is None else plain_number(number)


class PackYearField(forms.CharField):
    """A reporting year written like 2019-20, cleaned to a ReportingYear."""

    def clean(self, value: Any) -> ReportingYear | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return ReportingYear.from_label(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PackYesNoField(forms.CharField):
    """yes or no (also y/n, true/false, 1/0), cleaned to "yes" or "no"; blank is no."""

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").lower()
        if not text and not self.required:
            return NO
        if text in {"yes", "y", "true", "1"}:
            return YES
        if text in {"no", "n", "false", "0"}:
            return NO
        raise ValidationError("Enter yes or no.")


def joined(values: Iterable[str], *, sort: bool = True) -> str:
    """Names as a list cell: each once, alphabetically unless `sort` is False."""
    names = list(dict.fromkeys(values))
    return SEPARATOR.join(sorted(names, key=str.casefold) if sort else names)


class PackListField(forms.CharField):
    """Several values in one cell separated by “;”, cleaned as `joined` writes them (names
    sorted; with `sort=False`, items such as aims keep their order)."""

    def __init__(self, *, sort: bool = True, **kwargs: Any) -> None:
        self.sort = sort
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return joined(split_list(super().clean(value) or ""), sort=self.sort)


def dated(text: str) -> str:
    """A column's description with how to write its date."""
    return f"{text} {DATE_HELP}"
