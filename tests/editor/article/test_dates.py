"""Dates printed the way the site prints them, from an article's date_format."""
import datetime as dt

import pytest

from editor.article.dates import format_site_date, parse_iso_date

DEC_2 = dt.date(2024, 12, 2)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("MMM DD, YYYY", "Dec 02, 2024"),
        ("DD MMM YYYY", "02 Dec 2024"),
        ("YYYY-MM-DD", "2024-12-02"),
        ("MMMM D, YYYY", "December 2, 2024"),
        ("ddd, Do MMMM YY", "Mon, 2nd December 24"),
        ("M/D/YYYY", "12/2/2024"),
    ],
)
def test_site_date_follows_the_tokens_of_the_format(fmt, expected):
    assert format_site_date(DEC_2, fmt) == expected


def test_bracketed_text_is_printed_literally():
    assert format_site_date(DEC_2, "[Day] D [of] MMMM") == "Day 2 of December"


@pytest.mark.parametrize(("day", "suffix"), [(1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (11, "th"), (12, "th"), (13, "th"), (21, "st"), (22, "nd"), (31, "st")])
def test_ordinal_days_use_english_suffixes(day, suffix):
    assert format_site_date(dt.date(2024, 1, day), "Do") == f"{day}{suffix}"


def test_month_names_do_not_depend_on_the_system_locale():
    assert [format_site_date(dt.date(2023, m, 1), "MMM") for m in (1, 5, 9)] == ["Jan", "May", "Sep"]


def test_iso_strings_and_dates_parse_and_anything_else_is_none():
    assert parse_iso_date(DEC_2) == DEC_2
    assert parse_iso_date(dt.datetime(2024, 12, 2, 8, 30)) == DEC_2
    assert parse_iso_date(" 2024-12-02 ") == DEC_2
    assert parse_iso_date("02/12/2024") is None
    assert parse_iso_date(20241202) is None
