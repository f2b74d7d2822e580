"""The form's plain rules, without widgets: linked titles, derived slugs, counters, keywords,
subject variants and the YAML text of other fields."""
import datetime as dt

import pytest

from ui.form.chips import join_keywords, split_keywords
from ui.form.counter import OK, OVER, WARN, counter_state
from ui.form.other_fields import parse_yaml, yaml_text
from ui.form.subject import subject_variant
from ui.form.sync import derived_values, follow_edit

ARTICLE = {"title": "Old title", "subject": "Earth Science", "question": "Old title"}


def test_an_unlinked_locked_edit_changes_only_its_own_field():
    assert follow_edit("title", "New", linked=False, locked=True, get=ARTICLE.get) == {"title": "New"}


def test_a_linked_edit_copies_to_the_other_title_fields_with_line_breaks_as_spaces():
    edits = follow_edit("question", "How do\n  tides form?", linked=True, locked=True, get=ARTICLE.get)
    assert edits == {
        "question": "How do\n  tides form?",
        "title": "How do tides form?",
        "article_title": "How do tides form?",
    }


def test_unlocked_title_edit_derives_file_name_and_url_by_the_site_rule():
    edits = follow_edit("title", "IPO & FPO: fixed-rate?", linked=False, locked=False, get=ARTICLE.get)
    assert edits["file_name"] == "ipo--fpo-fixedrate.md"
    assert edits["url"] == "/learn/earth-science/questions/ipo--fpo-fixedrate"


def test_unlocked_subject_edit_moves_the_url_to_the_subject_folder():
    edits = follow_edit("subject", "Physics", linked=False, locked=False, get=ARTICLE.get)
    assert edits["url"] == "/learn/physics/questions/old-title"


def test_a_title_without_slug_characters_derives_nothing():
    assert derived_values("???", "Physics") == {}
    assert follow_edit("title", "???", linked=False, locked=False, get=ARTICLE.get) == {"title": "???"}


def test_editing_an_unrelated_field_never_touches_titles_or_slugs():
    assert follow_edit("author", "Me", linked=True, locked=False, get=ARTICLE.get) == {"author": "Me"}


@pytest.mark.parametrize(
    ("length", "minimum", "maximum", "state"),
    [
        (30, None, 60, OK),
        (54, None, 60, OK),
        (55, None, 60, WARN),
        (60, None, 60, WARN),
        (61, None, 60, OVER),
        (49, 50, 160, WARN),
        (50, 50, 160, OK),
        (161, 50, 160, OVER),
        (0, 50, None, WARN),
    ],
)
def test_counter_is_amber_under_the_minimum_or_near_the_maximum_and_red_past_it(length, minimum, maximum, state):
    assert counter_state(length, minimum, maximum) == state


def test_keywords_split_on_commas_trimmed_and_join_back_with_comma_space():
    words = split_keywords(" tides, moon,  gravity ,, ocean\n waves ")
    assert words == ["tides", "moon", "gravity", "ocean waves"]
    assert join_keywords(words) == "tides, moon, gravity, ocean waves"
    assert split_keywords(None) == []


@pytest.mark.parametrize(
    ("typed", "variant"),
    [
        ("earth science", "Earth Science"),
        ("Earth  Science", "Earth Science"),
        ("Earth-Science", "Earth Science"),
        ("Earth Sciense", "Earth Science"),
        ("Physics & Maths", "Physics and Maths"),
        ("Earth Science", None),
        ("Astronomy", None),
        ("", None),
    ],
)
def test_subject_variants_are_spellings_that_fold_or_nearly_match_a_known_subject(typed, variant):
    assert subject_variant(typed, ["Earth Science", "Physics", "Physics and Maths"]) == variant


def test_when_the_folder_holds_variants_the_tidy_spelling_is_the_established_one():
    known = ["Earth Science", "earth science", "Earth  Science"]
    assert subject_variant("earth science", known) == "Earth Science"
    assert subject_variant("Earth  Science", known) == "Earth Science"
    assert subject_variant("Earth Science", known) is None


def test_other_field_values_show_as_block_yaml_and_parse_back():
    value = {"owner": "ana", "tags": ["x", "y"], "since": dt.date(2024, 1, 2)}
    text = yaml_text(value)
    assert text.splitlines()[0] == "owner: ana"
    assert parse_yaml(text) == (value, None)
    assert yaml_text(True) == "true"


def test_invalid_yaml_gives_a_message_with_its_line():
    value, problem = parse_yaml("a: 1\nb: [unclosed\n")
    assert value is None
    assert problem.startswith("line 3:") or problem.startswith("line 2:")


def test_unsafe_yaml_tags_are_rejected_as_invalid():
    _value, problem = parse_yaml("!!python/object/apply:os.system ['true']")
    assert problem is not None
