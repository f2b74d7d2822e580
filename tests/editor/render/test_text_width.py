"""Text widths in Arial from the stored advance table, and the pixel-width cut search engines make."""
from __future__ import annotations

import json

import pytest

from editor.render.text_width import ELLIPSIS, cut_to_width, text_width
from tests.locations import RESOURCES

TABLE = json.loads((RESOURCES / "fonts" / "arial-widths.json").read_text(encoding="utf-8"))


def test_the_table_has_arials_advance_widths():
    # Arial's own hmtx values (2048 units to the em); Liberation Sans shares them by design.
    assert TABLE["units_per_em"] == 2048
    assert [text_width(char, 2048) for char in " aiWM.|"] == [569, 1139, 455, 1933, 1706, 569, 532]


def test_the_table_covers_latin_punctuation_and_accented_letters():
    for char in "AZaz09 .,;:!?()[]-–—‘’“”…€£éèçñöÅß":
        assert text_width(char, 2048) < 2048 or char in "—…", char


def test_width_adds_up_the_advances_at_the_font_size():
    assert text_width("WWW", 20) == pytest.approx(3 * 1933 * 20 / 2048)
    assert text_width("Tides", 14) == pytest.approx(sum(text_width(c, 14) for c in "Tides"))


def test_a_character_the_font_lacks_counts_one_em_and_a_combining_mark_nothing():
    assert text_width("東", 20) == 20
    assert text_width("e\u0301", 20) == text_width("e", 20)


def test_text_that_fits_is_shown_whole():
    cut = cut_to_width("How do tides  follow the moon?", 580, 20)
    assert (cut.shown, cut.cut) == ("How do tides follow the moon?", False)
    assert cut.width_px == cut.full_width_px == pytest.approx(text_width(cut.shown, 20))


def test_long_text_is_cut_at_a_word_with_an_ellipsis_within_the_width():
    text = "Student Question : Why do some very long questions about ocean tides never fit | Geography | QuickTakes"
    cut = cut_to_width(text, 580, 20)
    assert cut.cut and cut.shown.endswith(ELLIPSIS)
    assert cut.width_px <= 580 < cut.full_width_px
    head = cut.shown[: -len(ELLIPSIS)]
    assert text.startswith(head) and text[len(head)] == " "  # ends at a whole word


def test_narrow_letters_fit_where_as_many_wide_ones_do_not():
    assert not cut_to_width("i" * 100, 580, 20).cut
    assert cut_to_width("W" * 100, 580, 20).cut


def test_one_word_longer_than_the_width_is_cut_inside_it():
    cut = cut_to_width("W" * 60, 580, 20)
    assert cut.shown == "W" * 29 + ELLIPSIS and cut.width_px <= 580
