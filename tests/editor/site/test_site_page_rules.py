"""The published page of each kind, composed by the site's page rules (FORMAT.md, "How the site
publishes each kind"), and a project's override of those rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.article.article import Article
from editor.site import PageRules, RuleSet, load_page_rules, open_site, page_meta
from tests.fixtures.site_checkout import (
    ANSWER, CANONICAL_ANSWER, NO_INDEX_ANSWER, POST, POST_WITHOUT_SEO, SITE, copy_site, write,
)


@pytest.fixture(scope="module")
def rules() -> PageRules:
    found, messages = load_page_rules(SITE)
    assert messages == []
    return found


def meta(relpath: str, rules: PageRules, root: Path = SITE):
    site = open_site(root)
    return page_meta(Article.load(root / relpath).data, relpath, site.collection_for(relpath), rules)


def test_an_answers_title_is_composed_not_the_title_field(rules: PageRules) -> None:
    page = meta(ANSWER, rules)
    assert page.rule_set == "answer"
    assert page.title == "Student Question : How do mitochondria make energy? | Biology | QuickTakes"
    assert page.heading == "How do mitochondria make energy?" and page.body_label == "Answer"


def test_an_answers_description_prefixes_the_seo_description(rules: PageRules) -> None:
    assert meta(ANSWER, rules).description == (
        "Get the full answer from QuickTakes - A short walk through cellular respiration: how mitochondria "
        "turn sugar and oxygen into ATP, the molecule cells spend as energy.")


def test_an_empty_seo_description_falls_back_to_description(rules: PageRules) -> None:
    assert meta(NO_INDEX_ANSWER, rules).description == (
        "Get the full answer from QuickTakes - Chlorophyll breaks down in the cold and the yellow pigments beneath show through.")


def test_no_index_true_makes_the_page_noindex(rules: PageRules) -> None:
    page = meta(NO_INDEX_ANSWER, rules)
    assert (page.robots, page.noindex_reasons, page.indexed) == ("noindex", ("no_index",), False)
    indexed = meta(ANSWER, rules)
    assert (indexed.robots, indexed.indexed) == (None, True)


def test_the_canonical_link_is_the_answers_own_address(rules: PageRules) -> None:
    page = meta(ANSWER, rules)
    assert page.canonical == "/learn/biology/questions/how-do-mitochondria-make-energy"
    assert page.canonical_elsewhere is False


def test_a_canonical_in_the_front_matter_points_elsewhere(rules: PageRules) -> None:
    page = meta(CANONICAL_ANSWER, rules)
    assert page.canonical == "https://www.example.org/learn/earth-science/questions/what-causes-earthquakes"
    assert page.canonical_elsewhere and page.robots is None and not page.indexed


def test_a_posts_page_uses_its_seo_title_and_shows_its_heading_lead_and_image(rules: PageRules) -> None:
    page = meta(POST, rules)
    assert page.rule_set == "post"
    assert page.title == "Three habits for focused study | Study Desk"
    assert page.description.startswith("A plan on paper, a timer and a short walk")
    assert page.heading == "Three habits for focused study"
    assert page.lead.startswith("Small routines that make an hour at the desk count")
    assert (page.image, page.image_alt) == ("/uploads/study-desk.png", "A desk with an open notebook and a timer")
    assert page.canonical == "/blog/three-habits-for-focused-study"


def test_a_post_without_seo_values_falls_back_to_title_and_description(rules: PageRules) -> None:
    page = meta(POST_WITHOUT_SEO, rules)
    assert page.title == "How we write our answers"
    assert page.description == "Every answer starts from a student's question and ends with a check by a second reader."


def test_files_outside_collections_use_the_answer_rules(rules: PageRules) -> None:
    data = {"title": "What is a rock?", "subject": "Geology", "seo": {"page_description": "Minerals."}}
    page = page_meta(data, "geology/what-is-a-rock.md", None, rules)
    assert page.title == "Student Question : What is a rock? | Geology | QuickTakes"
    assert page.canonical == "/learn/geology/questions/what-is-a-rock"


def test_a_collection_that_no_rule_set_names_gets_the_generic_page_rules(rules: PageRules) -> None:
    site = open_site(SITE)
    page = page_meta({"title": "Study Desk", "url": "/"}, "content/index.md", site.collection_for("content/index.md"), rules)
    assert (page.rule_set, page.title, page.canonical) == ("page", "Study Desk", "/")


def test_listed_subjects_give_subject_titles_and_noindex_the_others() -> None:
    rules = PageRules(
        rule_sets={"answer": RuleSet("answer", title="{title} | {subject_title}", noindex=("unlisted_subject",))},
        subjects={"biology": "Life Sciences"},
    )
    listed = page_meta({"title": "A", "subject": "Biology"}, "content/learn/biology/a.md", None, rules)
    assert (listed.title, listed.robots) == ("A | Life Sciences", None)
    other = page_meta({"title": "B", "subject": "Astrology"}, "content/learn/astrology/b.md", None, rules)
    assert (other.title, other.robots, other.noindex_reasons) == ("B | Astrology", "noindex", ("unlisted_subject",))


def test_no_index_written_as_a_string_counts_too(rules: PageRules) -> None:
    assert page_meta({"title": "A", "no_index": "true"}, "a/b.md", None, rules).robots == "noindex"
    assert page_meta({"title": "A", "no_index": False}, "a/b.md", None, rules).robots is None


def test_a_project_overrides_the_page_rules_key_by_key(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, ".article-editor/page-rules.yml", (
        "site_url: https://study.example.org/\n"
        "rule_sets:\n"
        "  post:\n"
        "    title: \"{seo.title|title} - Blog\"\n"
        "  answer:\n"
        "    noindex: [no_index, cosmic_rays]\n"
    ))
    rules, messages = load_page_rules(root)
    post = meta(POST, rules, root)
    assert post.title == "Three habits for focused study | Study Desk - Blog"
    assert post.canonical == "https://study.example.org/blog/three-habits-for-focused-study"
    assert post.heading == "Three habits for focused study"  # the bundled heading stays
    assert meta(NO_INDEX_ANSWER, rules, root).robots == "noindex"
    (message,) = messages
    assert (message.path, message.line) == (".article-editor/page-rules.yml", 6) and "cosmic_rays" in message.message


def test_a_broken_page_rules_file_leaves_the_bundled_rules(tmp_path: Path) -> None:
    write(tmp_path, ".article-editor/page-rules.yml", "rule_sets: [\n")
    rules, messages = load_page_rules(tmp_path)
    assert "answer" in rules.rule_sets and messages[0].path == ".article-editor/page-rules.yml"
