"""Spell checking skips markdown syntax, code and math, and keeps a project dictionary."""
from __future__ import annotations

import pytest

from editor.answer.spelling import MATH_BLOCK, NORMAL, Speller, checkable_words, line_state


def words(line: str, state: int = NORMAL) -> list[str]:
    return [w for _s, _e, w in checkable_words(line, state)]


def test_prose_words_are_found_with_their_offsets():
    line = "The **quick** fox"
    found = checkable_words(line)
    assert [(line[s:e], w) for s, e, w in found] == [("The", "The"), ("quick", "quick"), ("fox", "fox")]


def test_code_spans_math_and_link_targets_are_skipped():
    line = "Use `mispeled_code` and $\\frac{abcx}{qwz}$ or [text](http://exmple.com/pagez) here"
    assert words(line) == ["Use", "and", "or", "text", "here"]


def test_double_backtick_code_spans_pair_by_run_length():
    assert words("a ``code ` zzqx`` end") == ["end"]


def test_fenced_code_and_display_math_blocks_are_skipped_line_by_line():
    lines = ["Intro wrod", "```python", "mispeled = 1", "```", "$$", "\\alpha qwzx", "$$", "Outro wrod"]
    state, seen = NORMAL, []
    for line in lines:
        seen.extend(words(line, state))
        state = line_state(line, state)
    assert seen == ["Intro", "wrod", "Outro", "wrod"]


def test_display_math_opened_on_a_line_stays_open_until_closed():
    assert line_state("$$", NORMAL) == MATH_BLOCK
    assert line_state("x = 1", MATH_BLOCK) == MATH_BLOCK
    assert line_state("$$", MATH_BLOCK) == NORMAL
    assert line_state("$$ x = 1 $$", NORMAL) == NORMAL


def test_misspellings_are_reported_with_offsets_into_the_whole_text():
    speller = Speller("en")
    text = "A good sentence.\nThis has a wrold in it and `wrold` in code.\n$wrold$"
    found = speller.misspellings(text)
    assert [(m.word, m.line, text[m.start:m.end]) for m in found] == [("wrold", 1, "wrold")]


def test_suggestions_offer_the_likely_correction_first():
    assert Speller("en").suggestions("wrold")[0] == "world"
    assert Speller("en").suggestions("Wrold")[0] == "World"


def test_added_words_are_accepted_and_written_to_the_project_dictionary(tmp_path):
    speller = Speller("en", tmp_path)
    assert not speller.is_correct("Zorbulate")
    speller.add_to_dictionary("Zorbulate")
    assert speller.is_correct("Zorbulate")
    stored = (tmp_path / ".article-editor" / "dictionary.txt").read_text(encoding="utf-8")
    assert stored.splitlines() == ["Zorbulate"]
    assert Speller("en", tmp_path).is_correct("Zorbulate"), "a new session reads the dictionary file"


def test_acronyms_and_single_letters_are_not_flagged():
    assert Speller("en").misspellings("The HTTPX API uses a b c") == []


# -- the project's English: en_US, en_GB, en_CA over pyspellchecker's en ------------------------------
@pytest.mark.parametrize(
    ("language", "accepted", "flagged"),
    [
        ("en_GB", ["colour", "centre", "defence", "organise", "organize", "aluminium", "analysed"], ["color", "center", "defense"]),
        ("en_US", ["color", "center", "organize"], ["colour", "organise", "aluminium"]),
        ("en_CA", ["colour", "centre", "color", "organize"], ["organise"]),
    ],
)
def test_an_english_variant_accepts_its_spellings_and_flags_the_others(tmp_path, language, accepted, flagged):
    speller = Speller(language, tmp_path)
    assert [w for w in accepted if not speller.is_correct(w)] == []
    assert [w for w in flagged if speller.is_correct(w)] == []


def test_british_suggestions_put_the_british_spelling_first(tmp_path):
    assert Speller("en_GB", tmp_path).suggestions("color")[0] == "colour"
    assert Speller("en_GB", tmp_path).suggestions("Center")[0] == "Centre"


def test_the_languages_a_project_may_choose_include_the_variants_and_names_are_normalised():
    from editor.answer.spelling import available_languages, language_code

    assert {"en", "en_US", "en_GB", "en_CA", "de", "fr"} <= set(available_languages())
    assert language_code("en-gb") == "en_GB" and language_code("EN_us") == "en_US" and language_code("de") == "de"
    with pytest.raises(ValueError, match="known: .*en_GB"):
        language_code("en_XX")


def test_the_project_config_chooses_the_spelling_language_and_names_a_mistake(tmp_path):
    from editor.site.project_config import read_project_config

    (tmp_path / ".article-editor").mkdir()
    config = tmp_path / ".article-editor" / "config.yml"
    config.write_text("spelling:\n  language: en-GB\n", encoding="utf-8")
    assert read_project_config(tmp_path).spelling_language == "en_GB"
    config.write_text("cms: auto\nspelling:\n  language: klingon\n", encoding="utf-8")
    read = read_project_config(tmp_path)
    assert read.spelling_language is None
    (message,) = read.messages
    assert message.line == 3 and "klingon" in message.message and "en_GB" in message.message
