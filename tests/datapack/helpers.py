"""Build packs the way a person editing a spreadsheet would."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django import forms
from openpyxl import Workbook

from safeguarding.datapack import registry
from safeguarding.datapack.registry import Column, Sheet

AGENCY_HEADER = ["name", "short_name", "sector", "designation", "website", "retired_on"]


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per entry, written cell by cell (no escaping)."""
    book = Workbook()
    book.remove(book.active)
    for name, lines in sheets.items():
        sheet = book.create_sheet(title=name)
        for line in lines:
            sheet.append(line)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class ContactRowForm(forms.Form):
    agency = forms.CharField()
    name = forms.CharField()


@pytest.fixture
def contacts_sheet() -> Iterator[Sheet]:
    """A sheet that names agencies, as another app's sheet would."""
    sheet = registry.register(
        Sheet(
            name="contacts",
            order=90,
            columns=(Column("agency", required=True), Column("name", required=True)),
            key=("agency", "name"),
            form=ContactRowForm,
            save=lambda context, row: None,
            export=lambda partnership: [],
            references={"agency": "agencies"},
        )
    )
    yield sheet
    registry.unregister("contacts")
