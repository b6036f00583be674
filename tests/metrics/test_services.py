from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services
from safeguarding.metrics.models import EnteredValue

Y2019 = ReportingYear(2019)


@pytest.fixture
def actor(personas):
    return personas[Role.BUSINESS_UNIT]


def _set(actor, partnership, **overrides):
    values = {
        "metric": "test.referrals",
        "period": Y2019,
        "value": Decimal("21"),
        "source": "2019-20 yearly report, page 4",
        **overrides,
    }
    return services.entered_value_set(actor=actor, partnership=partnership, **values)


def test_entering_a_figure_saves_it_with_an_audit_entry(test_metrics, actor, partnership):
    entered = _set(actor, partnership)
    assert (entered.value, entered.period.label, entered.entered_by) == (21, "2019-20", actor)
    audit = AuditEntry.objects.get(action="metrics.entered_value.create")
    assert audit.changes["value"] == [None, "21"]
    assert audit.partnership == partnership


def test_entering_the_same_cell_again_changes_it_and_audits_the_change(
    test_metrics, actor, partnership
):
    _set(actor, partnership)
    _set(actor, partnership, value=Decimal("23"), source="Corrected return")
    assert EnteredValue.objects.get().value == 23
    audit = AuditEntry.objects.get(action="metrics.entered_value.update")
    assert audit.changes["value"][1] == "23"
    assert audit.changes["source"] == ["2019-20 yearly report, page 4", "Corrected return"]


def test_entering_the_same_figure_again_writes_no_audit_entry(test_metrics, actor, partnership):
    _set(actor, partnership)
    _set(actor, partnership)
    assert not AuditEntry.objects.filter(action="metrics.entered_value.update").exists()


def test_breakdown_values_are_separate_cells(test_metrics, actor, partnership):
    _set(actor, partnership, breakdown="agency", breakdown_value="Police", value=Decimal(4))
    _set(actor, partnership, breakdown="agency", breakdown_value="Health", value=Decimal(9))
    _set(actor, partnership)
    assert EnteredValue.objects.count() == 3


def test_removing_a_figure_is_audited(test_metrics, actor, partnership):
    entered = _set(actor, partnership)
    services.entered_value_remove(actor=actor, entered=entered)
    assert not EnteredValue.objects.exists()
    assert AuditEntry.objects.get(action="metrics.entered_value.remove").changes["value"][1] is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"metric": "test.nothing"}, "metric"),
        ({"breakdown": "sector", "breakdown_value": "Police"}, "breakdown"),
        ({"breakdown": "agency", "breakdown_value": " "}, "breakdown_value"),
        ({"breakdown_value": "Police"}, "breakdown_value"),
        ({"source": "  "}, "source"),
    ],
)
def test_bad_cells_are_refused_naming_the_field(test_metrics, actor, partnership, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _set(actor, partnership, **overrides)
    assert field in refused.value.message_dict
    assert not EnteredValue.objects.exists()
