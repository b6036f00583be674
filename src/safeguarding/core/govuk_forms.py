"""GOV.UK Frontend form pieces: the three-field date input, and a base form that styles itself."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from safeguarding.core.years import ReportingYear


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    parts = ("day", "month", "year")
    #: (part, label, width in characters) for the template.
    layout = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part in self.parts
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}_{part}", "").strip() for part in self.parts]
        return None if not any(parts) else parts


class GovukDateField(forms.Field):
    widget = GovukDateWidget

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        day, month, year = _date_parts(value)
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError("The date must be a real date, like 27 3 2024.") from None


def _date_parts(value: Any) -> tuple[str, str, str]:
    """The day, month and year as typed; refused when a box is empty or the year is short."""
    day, month, year = ("" if part is None else str(part).strip() for part in value)
    missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
    if missing:
        raise ValidationError(f"The date must include a {' and '.join(missing)}.")
    if len(year) != 4:
        raise ValidationError("The year must include 4 numbers, like 2024.")
    return day, month, year


def _first_input_id(bound: forms.BoundField) -> str:
    """The id of the field's first input: what an error summary link must point at.

    Radios and checkboxes have no element with the field's own id, so point at the first option.
    """
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return widget.id_for_label(bound.auto_id, "0")
    return widget.id_for_label(bound.auto_id) or bound.auto_id


_CHOICE_WIDGETS = (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple)


def _lower_first(label: str) -> str:
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def required_message(field: forms.Field) -> str:
    """GOV.UK wording for a missing answer: “Enter agency name”, “Select sector”."""
    verb = "Select" if isinstance(field.widget, _CHOICE_WIDGETS) else "Enter"
    return f"{verb} {_lower_first(str(field.label or 'a value'))}"


class ReportingYearField(forms.CharField):
    """A reporting year written like 2023-24, cleaned to a ReportingYear."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 2023-24.")
        super().__init__(max_length=7, **kwargs)

    def clean(self, value: Any) -> ReportingYear | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return ReportingYear.from_label(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None


def limit_choices(form: forms.Form, field: str, queryset: QuerySet[Any]) -> None:
    """Offer only `queryset` in a ModelChoiceField (the stubs do not know its `queryset`)."""
    form.fields[field].queryset = queryset  # type: ignore[attr-defined]


class GovukForm(forms.Form):
    """A form whose errors say which field is wrong, in the field's own words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") == default:
                field.error_messages["required"] = required_message(field)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) pairs for the GOV.UK error summary."""
        items: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__":
                items.extend(("", str(message)) for message in errors)
                continue
            bound = self[name]
            anchor = _first_input_id(bound)
            items.extend((anchor, _naming(str(bound.label), str(message))) for message in errors)
        return items

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError against the fields it names."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                for item in errors:
                    self.add_error(target, item)
        else:
            for message in error.messages:
                self.add_error(None, message)


def _naming(label: str, message: str) -> str:
    """The summary names the field: prefix the label unless the message already says it."""
    names_it = re.search(rf"\b{re.escape(label)}\b", message, flags=re.IGNORECASE)
    return message if names_it else f"{label}: {message}"
