"""Spreadsheet safety for every export: a cell a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape(value: str) -> str:
    """Prefix a formula-like text cell with ' so a spreadsheet shows it as text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unescape(value: str) -> str:
    """Undo `escape` when a file the Hub wrote is read back."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
