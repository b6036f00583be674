"""Template tags that render Django form fields with GOV.UK Frontend markup."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

_INPUT_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}


@register.inclusion_tag("includes/govuk_field.html")
def govuk_field(
    field: BoundField, width: str = "", label_class: str = "", hint: str = ""
) -> dict[str, Any]:
    widget_type = field.widget_type
    errors = field.errors
    if widget_type in {"radioselect", "checkboxselectmultiple", "checkbox", "govukdate"}:
        widget_html = ""
    else:
        base = _INPUT_CLASSES.get(widget_type, "govuk-input")
        classes = [base]
        if width:
            classes.append(
                f"govuk-input--width-{width}" if width.isdigit() else f"govuk-!-width-{width}"
            )
        if errors:
            classes.append(f"{base}--error")
        attrs: dict[str, str | bool] = {"class": " ".join(classes)}
        described = [f"{field.auto_id}-hint"] if (hint or field.help_text) else []
        if errors:
            described.append(f"{field.auto_id}-error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        widget_html = field.as_widget(attrs=attrs)
    return {
        "field": field,
        "widget_type": widget_type,
        "widget_html": widget_html,
        "label_class": label_class,
        "hint": hint or field.help_text,
        "errors": errors,
    }


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(form: Any) -> dict[str, Any]:
    items = form.error_summary() if getattr(form, "errors", None) else []
    return {"items": items}


@register.simple_tag
def date_part_value(field: BoundField, index: int) -> str:
    value = field.value()
    if isinstance(value, list | tuple):
        part = value[index] if index < len(value) else ""
        return "" if part is None else str(part)
    decompressed = field.field.widget.decompress(value)
    part = decompressed[index]
    return "" if part is None else str(part)
