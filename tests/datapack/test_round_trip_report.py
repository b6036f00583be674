"""Export then import into an empty partnership gives the same yearly report (issue 3).

The demo's Somerset pack is imported into a new, empty partnership in the same database. The
2023-24 report's data, section by section, and the HTML of the governance sections are then the
same for both, once the partnership's own name is set aside (its slug, areas, disclosure
threshold and footprints are not in the pack: the copy is set up with Somerset's, as an
administrator would).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.template.loader import render_to_string

from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.formats import Pack, read_bytes
from safeguarding.datapack.services import export_pack, import_pack
from safeguarding.demo import loader
from safeguarding.reports import document, registry
from tests.factories import pack_for_copy, partnership_copy

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
NAME = "{the partnership}"
#: Footprints are joined by an administrator, not carried by a pack (docs/data-pack.md).
FOOTPRINTS = "Footprints the partnership belongs to"


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


@pytest.fixture
def pack(somerset: Partnership) -> Pack:
    return read_bytes("somerset.xlsx", export_pack(actor=None, partnership=somerset))


@pytest.fixture
def copy(somerset: Partnership, pack: Pack) -> Partnership:
    copy = partnership_copy(somerset, name="Imported Children's Partnership", slug="imported")
    result = import_pack(
        actor=None, partnership=copy, pack=pack_for_copy(pack, copy), dry_run=False
    )
    assert result.ok, result.errors
    return copy


def _without_name(partnership: Partnership, value: Any) -> Any:
    return json.loads(json.dumps(value).replace(partnership.name, NAME))


def _report_data(partnership: Partnership) -> dict[str, Any]:
    """Every registered section's 2023-24 data, as a draft report shows it."""
    data = {
        section.code: _without_name(partnership, section.data(partnership, YEAR))
        for section in registry.sections()
    }
    about = data.get("about", {})
    about["lists"] = [item for item in about.get("lists", []) if item["heading"] != FOOTPRINTS]
    return data


def _is_governance(entry: document.DocumentSection) -> bool:
    return entry.section is not None and entry.section.data.__module__.startswith(
        "safeguarding.governance."
    )


def _governance_html(partnership: Partnership) -> dict[str, str]:
    doc = document.build(partnership, YEAR, None)
    return {
        entry.code: render_to_string(entry.template, {"section": entry, "data": entry.data})
        .replace(partnership.name, NAME)
        .strip()
        for entry in doc.sections
        if _is_governance(entry)
    }


def test_the_imported_partnership_has_the_same_2023_24_report(somerset, copy):
    theirs, ours = _report_data(somerset), _report_data(copy)

    assert list(ours) == list(theirs)
    for code in theirs:
        assert ours[code] == theirs[code], code


def test_the_report_holds_the_seed_figures_after_the_round_trip(copy):
    text = json.dumps(_report_data(copy))

    for figure in ("195,500", "47,300", "67%"):
        assert figure in text


def test_the_governance_sections_render_the_same_html(somerset, copy):
    theirs, ours = _governance_html(somerset), _governance_html(copy)

    assert {"introduction", "functioning"} <= set(theirs)
    assert ours == theirs
    assert all(html for html in ours.values())


def test_importing_the_exported_pack_again_changes_nothing(copy, pack):
    entries = AuditEntry.objects.count()

    again = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert again.ok, again.errors
    changed = {
        name: (counts.added, counts.changed)
        for name, counts in again.counts.items()
        if counts.added or counts.changed
    }
    assert changed == {}
    rows = sum(len(sheet.rows) for sheet in pack.values())
    assert sum(counts.unchanged for counts in again.counts.values()) == rows > 150
    # Only the import's own audit entry: no row was saved again.
    assert AuditEntry.objects.count() == entries + 1


def test_the_copys_own_export_is_the_same_pack(somerset, copy):
    theirs = pack_for_copy(
        read_bytes("a.xlsx", export_pack(actor=None, partnership=somerset)), copy
    )
    ours = read_bytes("b.xlsx", export_pack(actor=None, partnership=copy))

    assert {name: sheet.rows for name, sheet in ours.items()} == {
        name: sheet.rows for name, sheet in theirs.items()
    }
