from __future__ import annotations

import pytest

from safeguarding.metrics import registry
from safeguarding.metrics.registry import Metric, Unit, UnknownMetric

WIDGETS = Metric(code="test.widgets", label="Widgets", unit=Unit.COUNT, breakdowns=("agency",))


def test_a_registered_metric_is_found_by_its_code():
    with registry.registered(WIDGETS):
        assert registry.get("test.widgets") is WIDGETS
        assert WIDGETS in registry.all_metrics()
        assert "agency" in registry.all_breakdowns()


def test_a_metric_is_gone_after_the_with_block():
    with registry.registered(WIDGETS):
        pass
    assert not registry.is_registered("test.widgets")
    with pytest.raises(UnknownMetric, match=r"test\.widgets"):
        registry.get("test.widgets")


def test_a_second_metric_with_the_same_code_is_refused():
    with registry.registered(WIDGETS):
        with pytest.raises(ValueError, match="already registered"):
            registry.register(Metric(code="test.widgets", label="Other", unit=Unit.NUMBER))
        assert registry.get("test.widgets").label == "Widgets"


def test_a_failed_registration_leaves_nothing_behind():
    with (
        pytest.raises(ValueError, match="already registered"),
        registry.registered(WIDGETS, WIDGETS),
    ):
        pass
    assert not registry.is_registered("test.widgets")


@pytest.mark.parametrize("code", ["widgets", "Test.Widgets", "test.", "test widgets.count"])
def test_a_code_must_be_dotted_lower_case(code):
    with pytest.raises(ValueError, match="dotted"):
        Metric(code=code, label="Widgets", unit=Unit.COUNT)


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="furlongs"):
        Metric(code="test.widgets", label="Widgets", unit="furlongs")  # type: ignore[arg-type]


def test_a_metric_supports_totals_and_its_own_breakdowns():
    assert all(WIDGETS.supports(name) for name in (None, "", "agency"))
    assert not WIDGETS.supports("sector")


def test_apps_metrics_modules_are_discovered_at_start_up(monkeypatch):
    from django.apps import apps

    imported: list[str] = []
    monkeypatch.setattr(
        "django.utils.module_loading.autodiscover_modules", lambda name: imported.append(name)
    )
    apps.get_app_config("metrics").ready()
    assert imported == ["metrics"]
