"""Field-by-field comparison of two versions of an article: dotted keys, decoded answer, body,
types, and the related links as old and new lists."""
from __future__ import annotations

import datetime as dt

from editor.review import ABSENT, field_changes, load_version, related_lists
from editor.review.fields import ADDED, CHANGED, REMOVED, flat_fields, json_value
from tests.perf.synth import article_model, link_to, render

PATH = "physics/how-do-tides-work.md"


def _model(**fields):
    return article_model(PATH, "How do tides work?", id=101, **fields)


def _changes(old_model, new_model):
    return field_changes(load_version(render(old_model)), load_version(render(new_model)))


def test_an_unchanged_article_has_no_field_changes() -> None:
    assert _changes(_model(), _model()) == []


def test_each_changed_leaf_is_reported_by_its_dotted_key_with_both_values() -> None:
    old, new = _model(), _model()
    new["fields"]["seo"]["page_keywords"] = "tides, moon, gravity"
    new["fields"]["score"] = 2.5
    found = {c.key: (c.old, c.new, c.change) for c in _changes(old, new)}
    assert found == {"seo.page_keywords": ("alpha, beta, gamma", "tides, moon, gravity", CHANGED),
                     "score": (-1.0, 2.5, CHANGED)}


def test_the_answer_is_compared_decoded_with_real_line_breaks() -> None:
    old = _model(answer="One.\\n\\nTwo.")
    new = _model(answer="One.\\n\\nTwo, edited.")
    (change,) = _changes(old, new)
    assert (change.key, change.old, change.new) == ("answer", "One.\n\nTwo.", "One.\n\nTwo, edited.")
    assert change.is_text


def test_a_value_of_another_type_is_a_change_even_when_it_prints_the_same() -> None:
    old, new = _model(), _model()
    new["fields"]["id"] = "101"
    new["odd"] = {"quoted-id"}
    (change,) = _changes(old, new)
    assert (change.key, change.old, change.new) == ("id", 101, "101")


def test_added_and_removed_keys_have_absent_on_the_other_side() -> None:
    old = _model(draft="yes")
    new = _model(reviewer="Ada")
    found = {c.key: c for c in _changes(old, new)}
    assert found["reviewer"].old is ABSENT and found["reviewer"].change == ADDED
    assert found["draft"].new is ABSENT and found["draft"].change == REMOVED
    assert found["reviewer"].to_json() == {"key": "reviewer", "old": None, "new": "Ada", "change": "added"}


def test_the_body_after_the_front_matter_is_a_field() -> None:
    old = render(_model())
    new = old.replace(b"&nbsp;", b"A real body.\n\nWith two paragraphs.")
    (change,) = field_changes(load_version(old), load_version(new))
    assert (change.key, change.old, change.new) == ("body", "\n&nbsp;", "\nA real body.\n\nWith two paragraphs.")


def test_a_new_file_has_every_field_added_and_a_deleted_one_every_field_removed() -> None:
    data = render(_model())
    added = field_changes(load_version(None), load_version(data))
    removed = field_changes(load_version(data), load_version(None))
    assert {c.change for c in added} == {ADDED} and {c.change for c in removed} == {REMOVED}
    assert [c.key for c in added] == list(flat_fields(load_version(data).values, "")) 


def test_related_links_are_compared_leaf_by_leaf_and_listed_old_and_new() -> None:
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102)
    trust = article_model("psychology/why-does-trust-matter.md", "Why does trust matter?", id=205)
    moon = article_model("physics/why-does-the-moon-glow.md", "Why does the moon glow?", id=103)
    old = _model(links=[link_to(sky), link_to(trust)])
    new = _model(links=[link_to(sky), link_to(moon)])
    keys = [c.key for c in _changes(old, new)]
    assert keys == ["related_article2.id", "related_article2.title", "related_article2.subject", "related_article2.url"]
    lists = related_lists(load_version(render(old)), load_version(render(new)))
    assert [l.title for l in lists.old] == ["Why is the sky blue?", "Why does trust matter?"]
    assert [l.title for l in lists.new] == ["Why is the sky blue?", "Why does the moon glow?"]
    assert lists.changed
    assert lists.added_urls == [moon["fields"]["url"]] and lists.removed_urls == [trust["fields"]["url"]]


def test_json_values_are_plain_json() -> None:
    assert json_value(dt.date(2024, 12, 2)) == "2024-12-02"
    assert json_value({"a": [dt.date(2024, 1, 5), 1]}) == {"a": ["2024-01-05", 1]}
    assert json_value(ABSENT) is None
