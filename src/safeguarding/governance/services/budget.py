"""Writes to a year's budget: contributions, grants and expenditure, each audited."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.audit.services import audit_record
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    Contribution,
    Expenditure,
    Grant,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

from safeguarding.governance.services._shared import (
    _check_served,
    _create,
    _update,
)

# The budget


def _positive(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError({"amount": "The amount must be more than £0."})


def _one_contribution(
    partnership: Partnership, year: ReportingYear, agency: Agency, exclude: int | None = None
) -> None:
    rows = Contribution.objects.filter(partnership=partnership, year=year.start_year, agency=agency)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise ValidationError(
            {"agency": f"{agency} already has a contribution for {year}: change that one."}
        )


@transaction.atomic
def contribution_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    agency: Agency,
    amount: Decimal,
) -> Contribution:
    _positive(amount)
    _check_served(partnership, agency, "agency")
    _one_contribution(partnership, year, agency)
    line = Contribution(partnership=partnership, year=year.start_year, agency=agency, amount=amount)
    changes = {"year": [None, year.label], "agency": [None, agency.name], "amount": [None, amount]}
    return _create(actor, partnership, line, "governance.contribution.create", changes)


@transaction.atomic
def contribution_update(
    *, actor: User | None, line: Contribution, agency: Agency, amount: Decimal
) -> Contribution:
    _positive(amount)
    _check_served(line.partnership, agency, "agency")
    _one_contribution(line.partnership, ReportingYear(line.year), agency, exclude=line.pk)
    data = {"agency": agency, "amount": amount}
    return _update(actor, line.partnership, line, "governance.contribution.update", data)


@transaction.atomic
def grant_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    amount: Decimal,
    funder: str,
    purpose: str,
    uses: list[str],
) -> Grant:
    _positive(amount)
    line = Grant(
        partnership=partnership,
        year=year.start_year,
        amount=amount,
        funder=funder.strip(),
        purpose=purpose.strip(),
        uses=uses,
    )
    changes = {"year": [None, year.label], "funder": [None, line.funder], "amount": [None, amount]}
    return _create(actor, partnership, line, "governance.grant.create", changes)


@transaction.atomic
def grant_update(*, actor: User | None, line: Grant, data: dict[str, Any]) -> Grant:
    _positive(data.get("amount", line.amount))
    return _update(actor, line.partnership, line, "governance.grant.update", data)


@transaction.atomic
def expenditure_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    category: str,
    amount: Decimal,
) -> Expenditure:
    _positive(amount)
    line = Expenditure(
        partnership=partnership, year=year.start_year, category=category.strip(), amount=amount
    )
    changes: dict[str, list[Any]] = {
        "year": [None, year.label],
        "category": [None, line.category],
        "amount": [None, amount],
    }
    return _create(actor, partnership, line, "governance.expenditure.create", changes)


@transaction.atomic
def expenditure_update(
    *, actor: User | None, line: Expenditure, data: dict[str, Any]
) -> Expenditure:
    _positive(data.get("amount", line.amount))
    return _update(actor, line.partnership, line, "governance.expenditure.update", data)


@transaction.atomic
def budget_line_remove(*, actor: User | None, line: Contribution | Grant | Expenditure) -> None:
    """Remove a line entered in error; the audit log keeps what it said."""
    audit_record(
        actor=actor,
        action=f"governance.{line._meta.model_name}.remove",
        target=line,
        partnership=line.partnership,
        changes={"year": [ReportingYear(line.year).label, None], "amount": [line.amount, None]},
    )
    line.delete()
