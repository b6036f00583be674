"""Every read of partnerships, agencies, themes and timescales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import Clock, add_months, add_working_days, make_clock
from safeguarding.core.models import (
    Agency,
    AgencyPartnership,
    Partnership,
    Theme,
    TimescaleSetting,
    TimescaleUnit,
)
from safeguarding.core.timescales import DEFAULT_TIMESCALES, Timescale, describe_amount

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def agency_filter(
    *, search: str = "", sector: str = "", include_retired: bool = False, prefix: str = ""
) -> Q:
    """The directory's filters as one condition; `prefix` reaches agencies through a relation.

    Without `include_retired`, an agency is listed until the day its retirement takes effect.
    """
    condition = Q()
    if search:
        condition &= Q(**{f"{prefix}name__icontains": search}) | Q(
            **{f"{prefix}short_name__icontains": search}
        )
    if sector:
        condition &= Q(**{f"{prefix}sector": sector})
    if not include_retired:
        condition &= Q(**{f"{prefix}retired_on__isnull": True}) | Q(
            **{f"{prefix}retired_on__gt": timezone.localdate()}
        )
    return condition


def agency_links_for(
    partnership: Partnership,
    *,
    search: str = "",
    sector: str = "",
    include_retired: bool = False,
) -> QuerySet[AgencyPartnership]:
    """The agencies serving a partnership, with their designation there, for the directory."""
    condition = agency_filter(
        search=search, sector=sector, include_retired=include_retired, prefix="agency__"
    )
    return (
        AgencyPartnership.objects.filter(partnership=partnership)
        .filter(condition)
        .select_related("agency")
        .order_by("agency__name")
    )


def agencies_filtered(
    rows: QuerySet[Agency], *, search: str = "", sector: str = "", include_retired: bool = False
) -> QuerySet[Agency]:
    return rows.filter(agency_filter(search=search, sector=sector, include_retired=include_retired))


def agencies_with_links(
    rows: QuerySet[Agency], partnerships: list[Partnership]
) -> QuerySet[Agency]:
    """Agencies with their designation in each of `partnerships` loaded as `links_in_scope`."""
    links = (
        AgencyPartnership.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("partnership__name")
    )
    return rows.prefetch_related(Prefetch("memberships", queryset=links, to_attr="links_in_scope"))


def current_agencies_serving(
    partnership: Partnership, *, on: dt.date | None = None
) -> QuerySet[Agency]:
    """The agencies serving the partnership that are not retired (today, or `on` a record's own
    date): choices for new records."""
    agencies = Agency.objects.current(on).filter(memberships__partnership=partnership)
    return agencies.order_by("name")


def agencies_not_serving(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.current().exclude(memberships__partnership=partnership).order_by("name")


def agency_form_initial(agency: Agency, scope: Scope) -> dict[str, str]:
    """The agency's details and its designation in the scope's partnership, to edit."""
    link = AgencyPartnership.objects.get(agency=agency, partnership=scope.partnership)
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "sector": agency.sector,
        "designation": link.designation,
        "website": agency.website,
    }


def with_agency_detail(rows: QuerySet[Agency]) -> QuerySet[Agency]:
    """Agencies with the partnerships they serve and their member count loaded."""
    return rows.annotate(member_count=Count("members", distinct=True)).prefetch_related(
        "memberships__partnership"
    )


def themes_for(partnership: Partnership, *, include_retired: bool = True) -> QuerySet[Theme]:
    rows = Theme.objects.filter(partnership=partnership)
    return rows if include_retired else rows.current()


def partnerships_for_user(user: User) -> QuerySet[Partnership]:
    """The partnerships where the user holds an active role, for the switcher."""
    from safeguarding.accounts.models import Membership

    memberships = Membership.objects.active().filter(user=user)
    return Partnership.objects.filter(memberships__in=memberships).distinct().order_by("name")


@dataclass(frozen=True)
class EffectiveTimescale:
    timescale: Timescale
    amount: int
    unit: TimescaleUnit
    due_soon_working_days: int
    is_local: bool

    def describe(self) -> str:
        return describe_amount(self.amount, self.unit)

    def due_from(self, start: dt.date) -> dt.date:
        if self.unit == TimescaleUnit.WORKING_DAYS:
            return add_working_days(start, self.amount)
        if self.unit == TimescaleUnit.MONTHS:
            return add_months(start, self.amount)
        return start + dt.timedelta(days=self.amount)

    def clock(
        self, start: dt.date, *, completed: dt.date | None = None, today: dt.date | None = None
    ) -> Clock:
        return make_clock(
            started=start,
            due=self.due_from(start),
            completed=completed,
            today=today,
            due_soon_working_days=self.due_soon_working_days,
        )


def timescales_for(partnership: Partnership) -> list[EffectiveTimescale]:
    """Every timescale the Hub keeps, with this partnership's value where it set one."""
    local = {s.code: s for s in TimescaleSetting.objects.filter(partnership=partnership)}
    return [_effective(default, local.get(code)) for code, default in DEFAULT_TIMESCALES.items()]


def timescale_for(partnership: Partnership, code: str) -> EffectiveTimescale:
    default = DEFAULT_TIMESCALES[code]
    local = TimescaleSetting.objects.filter(partnership=partnership, code=code).first()
    return _effective(default, local)


def _effective(default: Timescale, local: TimescaleSetting | None) -> EffectiveTimescale:
    if local is None:
        return EffectiveTimescale(
            default, default.amount, default.unit, default.due_soon_working_days, False
        )
    return EffectiveTimescale(
        default, local.amount, TimescaleUnit(local.unit), local.due_soon_working_days, True
    )
