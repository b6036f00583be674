"""The core app's sheets in the data pack: agencies and themes (docs/data-pack.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms

from safeguarding.core import services
from safeguarding.core.models import Agency, AgencyPartnership, Designation, Sector, Theme
from safeguarding.datapack.fields import DATE_HELP, PackChoiceField, PackDateField, choices_help
from safeguarding.datapack.registry import Column, ImportContext, Row, Sheet, cell, register

if TYPE_CHECKING:
    from safeguarding.core.models import Partnership


class AgencyRowForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the agency name."})
    short_name = forms.CharField(max_length=60, required=False)
    sector = PackChoiceField(choices=Sector.choices)
    designation = PackChoiceField(choices=Designation.choices)
    website = forms.URLField(required=False, assume_scheme="https")
    retired_on = PackDateField(required=False)


class ThemeRowForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the theme name."})
    description = forms.CharField(required=False)
    retired_on = PackDateField(required=False)


def export_agencies(partnership: Partnership) -> Iterator[Row]:
    links = AgencyPartnership.objects.filter(partnership=partnership).select_related("agency")
    for link in links.order_by("agency__name"):
        agency = link.agency
        yield {
            "name": agency.name,
            "short_name": agency.short_name,
            "sector": agency.sector,
            "designation": link.designation,
            "website": agency.website,
            "retired_on": cell(agency.retired_on),
        }


def save_agency(context: ImportContext, row: dict[str, Any]) -> Agency:
    agency = Agency.objects.filter(name__iexact=row["name"]).first()
    has_retired_on = "retired_on" in row
    retired_on: dt.date | None = row.pop("retired_on", None)
    if agency is None:
        agency = services.agency_create(actor=context.actor, partnership=context.partnership, **row)
    else:
        _link_and_update_agency(context, agency, row)
    if has_retired_on and retired_on != agency.retired_on:
        _retire_agency(context, agency, retired_on)
    return agency


def _link_and_update_agency(context: ImportContext, agency: Agency, row: dict[str, Any]) -> None:
    """An agency already in the Hub: link it to this partnership if it is new here, then update."""
    if not agency.memberships.filter(partnership=context.partnership).exists():
        services.agency_link(
            actor=context.actor,
            partnership=context.partnership,
            agency=agency,
            designation=row["designation"],
        )
    services.agency_update(
        actor=context.actor, partnership=context.partnership, agency=agency, data=row
    )


def _retire_agency(context: ImportContext, agency: Agency, retired_on: dt.date | None) -> None:
    if agency.retired_on is None and retired_on is not None:
        services.agency_retire(
            actor=context.actor,
            partnership=context.partnership,
            agency=agency,
            retired_on=retired_on,
        )
    else:
        services.agency_update(
            actor=context.actor,
            partnership=context.partnership,
            agency=agency,
            data={"retired_on": retired_on},
        )


def export_themes(partnership: Partnership) -> Iterator[Row]:
    for theme in Theme.objects.filter(partnership=partnership).order_by("name"):
        yield {
            "name": theme.name,
            "description": theme.description,
            "retired_on": cell(theme.retired_on),
        }


def save_theme(context: ImportContext, row: dict[str, Any]) -> Theme:
    has_retired_on = "retired_on" in row
    retired_on: dt.date | None = row.pop("retired_on", None)
    theme = Theme.objects.filter(partnership=context.partnership, name__iexact=row["name"]).first()
    if theme is None:
        theme = services.theme_create(actor=context.actor, partnership=context.partnership, **row)
    else:
        services.theme_update(actor=context.actor, theme=theme, data=row)
    if has_retired_on and retired_on != theme.retired_on:
        if theme.retired_on is None and retired_on is not None:
            services.theme_retire(actor=context.actor, theme=theme, retired_on=retired_on)
        else:
            services.theme_update(actor=context.actor, theme=theme, data={"retired_on": retired_on})
    return theme


AGENCIES = register(
    Sheet(
        name="agencies",
        order=10,
        description="The agencies that serve the partnership. An agency already in the Hub "
        "(serving another partnership) is linked to this one by its name.",
        columns=(
            Column("name", required=True, description="The agency's full name; the key."),
            Column("short_name", description="For tables, like “ICB”."),
            Column("sector", required=True, description=choices_help(Sector.choices)),
            Column("designation", required=True, description=choices_help(Designation.choices)),
            Column("website", description="A web address."),
            Column(
                "retired_on", description=f"When the agency stopped; blank if current. {DATE_HELP}"
            ),
        ),
        key=("name",),
        form=AgencyRowForm,
        save=save_agency,
        export=export_agencies,
    )
)

THEMES = register(
    Sheet(
        name="themes",
        order=20,
        description="The partnership's learning themes.",
        columns=(
            Column("name", required=True, description="The theme; the key."),
            Column("description"),
            Column(
                "retired_on",
                description=f"When the theme was retired; blank if current. {DATE_HELP}",
            ),
        ),
        key=("name",),
        form=ThemeRowForm,
        save=save_theme,
        export=export_themes,
    )
)
