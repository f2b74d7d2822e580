"""What typed text means in a field of each schema type, and which values fit it (``set``'s rules)."""
from __future__ import annotations

import datetime as dt

import pytest

from editor.article.schema import FieldSpec


@pytest.mark.parametrize("ftype, raw, value", [
    ("text", "yes", "yes"),
    ("text", "# x", "# x"),
    ("image", "/uploads/a.png", "/uploads/a.png"),
    ("integer", "42", 42),
    ("integer", " -7 ", -7),
    ("number", "2", 2.0),
    ("number", "1.5e3", 1500.0),
    ("date", "2025-02-03", dt.date(2025, 2, 3)),
    ("date", "2024-07-29T15:00:00Z", dt.datetime(2024, 7, 29, 15, tzinfo=dt.timezone.utc)),
    ("datetime", "2024-07-29T15:00:00Z", dt.datetime(2024, 7, 29, 15, tzinfo=dt.timezone.utc)),
    ("checkbox", "True", True),
    ("checkbox", "false", False),
])
def test_typed_text_becomes_the_value_of_the_fields_type(ftype: str, raw: str, value: object) -> None:
    got = FieldSpec("k", "K", type=ftype).from_text(raw)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("ftype, raw", [
    ("integer", "1_000"), ("integer", "1.0"), ("integer", "yes"), ("number", "nan"), ("number", "inf"),
    ("number", "# x"), ("date", "not a date"), ("date", "2024-13-45"), ("date", "20241202"),
    ("checkbox", "yes"), ("list", "a, b"), ("multiselect", "a"), ("group", "x"), ("relation", "x"),
])
def test_text_that_is_not_of_the_fields_type_is_refused_saying_what_it_takes(ftype: str, raw: str) -> None:
    with pytest.raises(ValueError, match="'k'"):
        FieldSpec("k", "K", type=ftype).from_text(raw)


def test_values_are_checked_for_type_options_and_required() -> None:
    assert FieldSpec("n", "N", type="integer").type_problem(True) is not None  # a bool is not an int
    assert FieldSpec("n", "N", type="number").type_problem(3) is None
    assert FieldSpec("n", "N", type="number").type_problem(float("nan")) is not None
    assert FieldSpec("s", "S", type="select", options=("a", "b")).type_problem("c") is not None
    assert FieldSpec("m", "M", type="multiselect", options=("a", "b")).type_problem(["a", "b"]) is None
    assert FieldSpec("m", "M", type="multiselect", options=("a", "b")).type_problem(["a", "z"]) is not None
    assert FieldSpec("t", "T", required=True).type_problem(None) is not None
    assert FieldSpec("t", "T").type_problem(None) is None
