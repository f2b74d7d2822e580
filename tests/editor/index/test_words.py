"""Specification of words as search sees them: folding apostrophes and matching a word typed
with a letter missing."""
from __future__ import annotations

from editor.index.words import fold_apostrophes, loose_match, searchable


def test_apostrophes_inside_words_are_folded_and_quotes_at_word_edges_are_left() -> None:
    assert fold_apostrophes("Newton's law and Kepler\u2019s") == "Newtons law and Keplers"
    assert fold_apostrophes("don't say 'maybe'") == "dont say 'maybe'"
    assert fold_apostrophes("no apostrophe") == "no apostrophe"


def test_the_index_keeps_the_text_and_adds_each_folded_word_after_it() -> None:
    assert searchable("Newton's second law") == "Newton's second law Newtons"
    assert searchable("O\u2019Brien's rule") == "O\u2019Brien's rule OBriens"
    assert searchable("the students' books") == "the students' books"  # nothing inside a word
    assert searchable("") == "" and searchable("plain") == "plain"


def test_a_loose_match_is_one_word_with_a_few_letters_missing_from_the_same_first_letter() -> None:
    assert loose_match("pully", "pulleys")
    assert loose_match("photsynthesis", "photosynthesis")
    assert not loose_match("ully", "pulleys")  # the first letter must match
    assert not loose_match("mitochondrix", "mitochondria")  # a letter the word does not hold
    assert not loose_match("pls", "pulleys")  # too many letters missing
    assert not loose_match("pul", "pulleys")  # a whole word: too short for it
    assert loose_match("pul", "pulleys", prefix=True)  # ...but a start of it while typing
    assert loose_match("phtosy", "photosynthesis", prefix=True)
    assert not loose_match("", "pulleys")
