"""Reporting years run 1 April to 31 March and are named like `2023-24`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

_LABEL = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass(frozen=True, order=True)
class ReportingYear:
    start_year: int

    @classmethod
    def from_label(cls, label: str) -> ReportingYear:
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"“{label}” is not a reporting year: write it like 2023-24.")
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100:
            raise ValueError(f"“{label}” is not a reporting year: the second year must follow.")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> ReportingYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> ReportingYear:
        return cls.containing(timezone.localdate())

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self, count: int = 1) -> ReportingYear:
        return ReportingYear(self.start_year - count)

    def __str__(self) -> str:
        return self.label
