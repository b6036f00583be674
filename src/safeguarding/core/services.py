"""Every write to partnerships, agencies, themes and timescales, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.defaults import DEFAULT_THEMES
from safeguarding.core.models import (
    Agency,
    AgencyPartnership,
    Footprint,
    Partnership,
    Theme,
    TimescaleSetting,
)
from safeguarding.core.service_helpers import save_changes
from safeguarding.core.timescales import DEFAULT_TIMESCALES

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


@transaction.atomic
def partnership_create(
    *,
    actor: User | None,
    name: str,
    slug: str,
    local_authority_areas: list[str],
    disclosure_threshold: int | None = None,
) -> Partnership:
    partnership = Partnership(
        name=name,
        slug=slug,
        local_authority_areas=local_authority_areas,
        disclosure_threshold=disclosure_threshold,
    )
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=actor,
        action="core.partnership.create",
        target=partnership,
        partnership=partnership,
        changes={"name": [None, name], "slug": [None, slug]}
        | ({"disclosure_threshold": [None, disclosure_threshold]} if disclosure_threshold else {}),
    )
    for theme_name in DEFAULT_THEMES:
        theme_create(actor=actor, partnership=partnership, name=theme_name)
    return partnership


@transaction.atomic
def footprint_create(
    *, actor: User | None, name: str, slug: str, purpose: str, partnerships: list[Partnership]
) -> Footprint:
    footprint = Footprint(name=name, slug=slug, purpose=purpose)
    footprint.full_clean()
    footprint.save()
    footprint.partnerships.set(partnerships)
    audit_record(
        actor=actor,
        action="core.footprint.create",
        target=footprint,
        changes={
            "name": [None, name],
            "partnerships": [None, sorted(p.slug for p in partnerships)],
        },
    )
    return footprint


def _ensure_unique_agency_name(name: str, exclude_pk: int | None = None) -> None:
    clash = Agency.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"name": "An agency with this name is already in the Hub: link it instead."}
        )


@transaction.atomic
def agency_create(
    *,
    actor: User | None,
    partnership: Partnership,
    name: str,
    sector: str,
    designation: str,
    short_name: str = "",
    website: str = "",
) -> Agency:
    _ensure_unique_agency_name(name)
    agency = Agency(name=name.strip(), short_name=short_name, sector=sector, website=website)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        action="core.agency.create",
        target=agency,
        partnership=partnership,
        changes={"name": [None, agency.name], "sector": [None, sector]},
    )
    agency_link(actor=actor, partnership=partnership, agency=agency, designation=designation)
    return agency


@transaction.atomic
def agency_link(
    *, actor: User | None, partnership: Partnership, agency: Agency, designation: str
) -> AgencyPartnership:
    """Record that an agency (perhaps already serving another partnership) serves this one."""
    if AgencyPartnership.objects.filter(agency=agency, partnership=partnership).exists():
        raise ValidationError({"agency": f"{agency} already serves {partnership}."})
    link = AgencyPartnership(agency=agency, partnership=partnership, designation=designation)
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="core.agency.link",
        target=agency,
        partnership=partnership,
        changes={"designation": [None, designation]},
    )
    return link


@transaction.atomic
def agency_update(
    *, actor: User | None, partnership: Partnership, agency: Agency, data: dict[str, Any]
) -> Agency:
    """Change an agency's details and (in this partnership) its designation."""
    designation = data.pop("designation", None)
    if "name" in data:
        data["name"] = data["name"].strip()
        _ensure_unique_agency_name(data["name"], exclude_pk=agency.pk)
    changes = apply_changes(agency, data)
    agency.full_clean()
    agency.save()
    if designation is not None:
        link = AgencyPartnership.objects.get(agency=agency, partnership=partnership)
        changes |= apply_changes(link, {"designation": designation})
        link.save(update_fields=["designation"])
    if changes:
        audit_record(
            actor=actor,
            action="core.agency.update",
            target=agency,
            partnership=partnership,
            changes=changes,
        )
    return agency


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


@transaction.atomic
def agency_retire(
    *, actor: User | None, partnership: Partnership, agency: Agency, retired_on: dt.date
) -> Agency:
    if agency.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"{agency} was already retired on {_day(agency.retired_on)}."}
        )
    changes = apply_changes(agency, {"retired_on": retired_on})
    agency.save(update_fields=["retired_on", "updated_at"])
    audit_record(
        actor=actor,
        action="core.agency.retire",
        target=agency,
        partnership=partnership,
        changes=changes,
    )
    return agency


@transaction.atomic
def theme_create(
    *, actor: User | None, partnership: Partnership, name: str, description: str = ""
) -> Theme:
    if Theme.objects.filter(partnership=partnership, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This partnership already has a theme with this name."})
    theme = Theme(
        partnership=partnership,
        name=name.strip(),
        slug=_unique_theme_slug(partnership, name),
        description=description,
    )
    theme.full_clean()
    theme.save()
    audit_record(
        actor=actor,
        action="core.theme.create",
        target=theme,
        partnership=partnership,
        changes={"name": [None, theme.name]},
    )
    return theme


def _unique_theme_slug(partnership: Partnership, name: str) -> str:
    """A slug for a new theme: names that differ only in punctuation still get their own."""
    base = slugify(name)[:110] or "theme"
    taken = set(
        Theme.objects.filter(partnership=partnership, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    return next(
        slug
        for slug in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 2)))
        if slug not in taken
    )


@transaction.atomic
def theme_update(*, actor: User | None, theme: Theme, data: dict[str, Any]) -> Theme:
    if "name" in data:
        data["name"] = data["name"].strip()
        clash = Theme.objects.filter(partnership=theme.partnership, name__iexact=data["name"])
        if clash.exclude(pk=theme.pk).exists():
            raise ValidationError({"name": "This partnership already has a theme with this name."})
    changes = apply_changes(theme, data)
    theme.full_clean()
    theme.save()
    if changes:
        audit_record(
            actor=actor,
            action="core.theme.update",
            target=theme,
            partnership=theme.partnership,
            changes=changes,
        )
    return theme


@transaction.atomic
def theme_retire(*, actor: User | None, theme: Theme, retired_on: dt.date) -> Theme:
    if theme.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"This theme was already retired on {_day(theme.retired_on)}."}
        )
    changes = apply_changes(theme, {"retired_on": retired_on})
    theme.save(update_fields=["retired_on"])
    audit_record(
        actor=actor,
        action="core.theme.retire",
        target=theme,
        partnership=theme.partnership,
        changes=changes,
    )
    return theme


@transaction.atomic
def timescale_set(
    *,
    actor: User | None,
    partnership: Partnership,
    code: str,
    amount: int,
    unit: str,
    due_soon_working_days: int,
) -> TimescaleSetting:
    """Set a partnership's own value for a timescale (saving the current values writes nothing)."""
    if code not in DEFAULT_TIMESCALES:
        raise ValidationError({"code": f"“{code}” is not a timescale the Hub keeps."})
    if amount < 1:
        raise ValidationError({"amount": "A timescale must be at least 1."})
    setting = _timescale_setting(partnership, code)
    changes = apply_changes(
        setting, {"amount": amount, "unit": unit, "due_soon_working_days": due_soon_working_days}
    )
    if not changes:
        return setting
    setting.full_clean()
    setting.save()
    audit_record(
        actor=actor,
        action="core.timescale.set",
        target=setting,
        partnership=partnership,
        changes=changes,
    )
    return setting


def _timescale_setting(partnership: Partnership, code: str) -> TimescaleSetting:
    """The partnership's saved setting, or an unsaved one holding the Hub's default."""
    setting = TimescaleSetting.objects.filter(partnership=partnership, code=code).first()
    if setting is not None:
        return setting
    default = DEFAULT_TIMESCALES[code]
    return TimescaleSetting(
        partnership=partnership,
        code=code,
        amount=default.amount,
        unit=default.unit,
        due_soon_working_days=default.due_soon_working_days,
    )


def themes_check(
    partnership: Partnership,
    themes: Iterable[Theme],
    *,
    on: dt.date,
    keep: Iterable[Theme] = (),
) -> list[Theme]:
    """The chosen learning themes, for another app's service: each must be one of the
    partnership's themes current `on` the record's own date (or one the record already has).

    A theme retired since it was chosen stays on a record that had it, and a record entered late
    (or imported from a data pack) may name a theme retired after the record's date.
    """
    chosen = list(themes)
    allowed = set(
        Theme.objects.filter(partnership=partnership).current(on).values_list("pk", flat=True)
    )
    allowed |= {theme.pk for theme in keep}
    unknown = [theme.name for theme in chosen if theme.pk not in allowed]
    if unknown:
        listed, day = ", ".join(unknown), f"{on.day} {on:%B %Y}"
        raise ValidationError(
            {"themes": f"{listed} was not one of the partnership's themes on {day}."}
        )
    return chosen


@transaction.atomic
def partnership_disclosure_set(
    *, actor: User | None, partnership: Partnership, disclosure_threshold: int | None
) -> Partnership:
    """Set the largest count the partnership's published outputs hide (None: the Hub's default)."""
    data = {"disclosure_threshold": disclosure_threshold}
    return save_changes(actor, partnership, partnership, "core.partnership.disclosure", data)
