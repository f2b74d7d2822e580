"""The bundled sample folder meets the foundation requirements and keeps its deliberate problems.

These tests read the files directly (``yaml.safe_load`` of the front matter) so that they check the
content itself, independently of the article model; one test also opens every file with
``editor.article`` to prove the folder round-trips byte for byte.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from editor.answer.codec import decode
from editor.resources import SAMPLE_CONTENT
from editor.article.slug import slugify, subject_slug, url_for

# The key order of a real article file; related_article1..N follow.
KEY_ORDER = [
    "_schema", "id", "date", "title", "article_title", "date_format", "post_on_text", "seo",
    "author", "question", "answer", "subject", "file_name", "url", "score",
]
SEO_ORDER = ["title", "page_description", "page_keywords"]
RELATION_ORDER = ["id", "title", "subject", "url"]
# Keys a schema does not know, kept on purpose as round-trip material.
UNKNOWN_KEYS_FILE = "biology/how-does-natural-selection-work.md"
UNKNOWN_KEYS = {"draft", "tags"}
CRLF_FILE = "computer-science/what-is-a-race-condition.md"
COMMENT_FILE = "physics/how-is-kinetic-energy-related-to-work.md"

# The deliberate problems, as (file, related slot) where a slot is involved.
BROKEN_LINK = ("economics/what-causes-inflation.md", "related_article3")
STALE_LINK = ("psychology/how-does-cognitive-dissonance-change-our-attitudes.md", "related_article1")
SELF_LINK = ("computer-science/what-is-recursion-in-programming.md", "related_article3")
LATEX_NEWLINE_FILE = "physics/what-does-newtons-second-law-state.md"
DOLLAR_MATH_FILE = "economics/how-do-sales-taxes-affect-what-shoppers-pay.md"
SHORT_SEO_FILE = "biology/what-is-the-difference-between-dna-and-rna.md"
SUBJECT_VARIANT_FILE = "education-studies/what-is-the-zone-of-proximal-development.md"
DELIBERATE_LINKS = {BROKEN_LINK, STALE_LINK}

FRONT_MATTER = re.compile(rb"\A---\r?\n(.*?\r?\n)---\r?\n\r?\n&nbsp;\Z", re.S)
CURRENCY = re.compile(r"\$\d+\.\d\d\b")


def _load(path: Path) -> dict:
    match = FRONT_MATTER.match(path.read_bytes())
    assert match, f"{path}: not '---' front matter '---', blank line, '&nbsp;' with no final newline"
    return yaml.safe_load(match.group(1).decode("utf-8"))


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    """Front matter of every sample article, by path relative to the folder (posix style)."""
    return {p.relative_to(SAMPLE_CONTENT).as_posix(): _load(p) for p in sorted(SAMPLE_CONTENT.rglob("*.md"))}


@pytest.fixture(scope="module")
def by_url(articles) -> dict[str, dict]:
    return {meta["url"]: meta for meta in articles.values()}


def _related(meta: dict) -> list[tuple[str, dict]]:
    return [(k, v) for k, v in meta.items() if k.startswith("related_article")]


def test_folder_holds_at_least_36_articles_in_at_least_5_subject_folders(articles):
    folders = Counter(rel.split("/")[0] for rel in articles)
    assert len(articles) >= 36
    assert len(folders) >= 5
    assert all(count >= 5 for count in folders.values()), folders
    assert all(rel.count("/") == 1 for rel in articles), "articles sit directly in a subject folder"


def test_every_file_is_front_matter_then_blank_line_then_nbsp_without_final_newline():
    for path in SAMPLE_CONTENT.rglob("*.md"):
        data = path.read_bytes()
        assert FRONT_MATTER.match(data), path
        assert data.endswith(b"---" + (b"\r\n" if b"\r\n" in data else b"\n") * 2 + b"&nbsp;"), path


def test_only_the_crlf_sample_uses_crlf_and_it_uses_it_on_every_line():
    for path in SAMPLE_CONTENT.rglob("*.md"):
        data = path.read_bytes()
        rel = path.relative_to(SAMPLE_CONTENT).as_posix()
        if rel == CRLF_FILE:
            assert data.count(b"\n") == data.count(b"\r\n") > 40
        else:
            assert b"\r" not in data, rel


def test_keys_come_in_the_real_format_order(articles):
    for rel, meta in articles.items():
        keys = [k for k in meta if not (rel == UNKNOWN_KEYS_FILE and k in UNKNOWN_KEYS)]
        related = [k for k in keys if k.startswith("related_article")]
        assert keys == KEY_ORDER + related, rel
        assert related == [f"related_article{n}" for n in range(1, len(related) + 1)], rel
        assert list(meta["seo"]) == SEO_ORDER, rel
        assert all(list(link) == RELATION_ORDER for _, link in _related(meta)), rel


def test_the_indentation_and_scalar_styles_match_the_real_format():
    # Spot-check the text itself: 2-space seo children, 4-space folded content, 8-space related titles.
    for path in SAMPLE_CONTENT.rglob("*.md"):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        for needle in ("\ntitle: >-\n    ", "\nseo:\n  title: QuickTakes | ", "\n  page_description: >-\n    ",
                       "\nanswer: >-\n    ", "\nrelated_article1:\n    id: ", "\n    title: >-\n        "):
            assert needle in text, (path, needle)


def test_values_have_their_yaml_types(articles):
    for rel, meta in articles.items():
        assert meta["_schema"] == "default", rel
        assert type(meta["id"]) is int, rel
        assert isinstance(meta["date"], datetime.date), rel
        assert datetime.date(2023, 1, 1) <= meta["date"] <= datetime.date(2025, 12, 31), rel
        assert type(meta["score"]) is float, rel
        assert meta["date_format"] == "MMM DD, YYYY" and meta["post_on_text"] == "Posted on", rel


def test_ids_titles_and_urls_are_unique(articles):
    for field in ("id", "title", "url"):
        values = [meta[field] for meta in articles.values()]
        assert len(set(values)) == len(values), field


def test_dates_scores_and_authors_vary(articles):
    metas = articles.values()
    assert {m["date"].year for m in metas} == {2023, 2024, 2025}
    assert len({m["score"] for m in metas}) >= 3
    assert len({m["author"] for m in metas}) >= 2


def test_file_name_url_and_folder_follow_the_slug_rule(articles):
    for rel, meta in articles.items():
        folder, name = rel.split("/")
        stem = name.removesuffix(".md")
        assert meta["file_name"] == name, rel
        assert stem == slugify(meta["title"]), rel
        assert meta["url"] == url_for(folder, stem), rel
        assert subject_slug(meta["subject"]) == folder, rel


def test_slug_quirks_are_represented(articles):
    # "&" leaves a double hyphen, an accented letter is dropped, a hyphen inside a word goes.
    names = set(articles)
    assert "psychology/classical--operant-conditioning-what-is-the-difference.md" in names
    assert "physics/how-does-thvenins-theorem-simplify-circuits.md" in names
    assert "computer-science/what-is-bigo-notation.md" in names


def test_title_article_title_and_question_agree(articles):
    for rel, meta in articles.items():
        assert meta["title"] == meta["article_title"] == meta["question"], rel
        assert len(meta["title"]) <= 60, rel


def test_subjects_are_spelled_one_way_per_folder_except_the_deliberate_variant(articles):
    spellings: dict[str, set[str]] = {}
    for rel, meta in articles.items():
        if rel != SUBJECT_VARIANT_FILE:
            spellings.setdefault(rel.split("/")[0], set()).add(meta["subject"])
    assert all(len(names) == 1 for names in spellings.values()), spellings
    variant = articles[SUBJECT_VARIANT_FILE]["subject"]
    assert variant == "Education studies"
    assert spellings["education-studies"] == {"Education Studies"}
    for rel, meta in articles.items():
        (canonical,) = spellings[rel.split("/")[0]]
        assert meta["seo"]["title"] == "QuickTakes | " + canonical, rel


def test_seo_descriptions_fit_the_limits_except_the_deliberately_short_one(articles):
    for rel, meta in articles.items():
        length = len(meta["seo"]["page_description"])
        if rel == SHORT_SEO_FILE:
            assert length < 50
        else:
            assert 50 <= length <= 160, (rel, length)
        assert len(meta["seo"]["page_keywords"].split(", ")) >= 5, rel


def test_every_article_links_two_to_five_related_articles(articles):
    for rel, meta in articles.items():
        assert 2 <= len(_related(meta)) <= 5, rel


def test_related_copies_match_their_targets_except_the_deliberate_ones(articles, by_url):
    checked = 0
    for rel, meta in articles.items():
        for slot, link in _related(meta):
            if (rel, slot) in DELIBERATE_LINKS:
                continue
            target = by_url.get(link["url"])
            assert target is not None, (rel, slot, link["url"])
            assert {k: link[k] for k in RELATION_ORDER} == {k: target[k] for k in RELATION_ORDER}, (rel, slot)
            checked += 1
    assert checked >= 100


def test_links_are_mostly_within_a_subject_with_some_across(articles):
    same = across = 0
    for meta in articles.values():
        for _, link in _related(meta):
            if subject_slug(link["subject"]) == subject_slug(meta["subject"]):
                same += 1
            else:
                across += 1
    assert same > across >= 10


def test_the_broken_link_points_at_no_article(articles, by_url):
    rel, slot = BROKEN_LINK
    link = articles[rel][slot]
    assert link["url"] not in by_url
    assert link["id"] not in {meta["id"] for meta in articles.values()}
    assert link["url"] == url_for(subject_slug(link["subject"]), slugify(link["title"])), "looks plausible"


def test_the_stale_link_has_an_out_of_date_title_copy(articles, by_url):
    rel, slot = STALE_LINK
    link = articles[rel][slot]
    target = by_url[link["url"]]
    assert link["id"] == target["id"] and link["subject"] == target["subject"]
    assert link["title"] != target["title"]


def test_the_self_link_points_at_its_own_article(articles):
    rel, slot = SELF_LINK
    meta = articles[rel]
    assert meta[slot]["url"] == meta["url"] and meta[slot]["id"] == meta["id"]
    others = [(r, s) for r, m in articles.items() for s, link in _related(m) if link["url"] == m["url"]]
    assert others == [SELF_LINK]


def test_answers_are_one_line_markdown_with_backslash_n_pairs(articles):
    for rel, meta in articles.items():
        stored = meta["answer"]
        assert "\n" not in stored and "\\n\\n1. **" in stored, rel
        assert decode(stored).split("\n")[-1].startswith("In summary"), rel
        assert 150 <= len(decode(stored).split()) <= 400, rel


def _unbalanced_math_lines(stored: str) -> list[str]:
    """Lines of the rendered answer with an odd number of dollar signs (a math span cut in two)."""
    return [line for line in decode(stored).split("\n") if line.count("$") % 2]


def test_only_the_newton_article_has_the_latex_newline_pitfall(articles):
    for rel, meta in articles.items():
        cut = _unbalanced_math_lines(meta["answer"])
        if rel == LATEX_NEWLINE_FILE:
            assert "$F_{net} \\neq 0$" in meta["answer"]
            assert cut and cut[1].startswith("eq 0$")
        else:
            assert cut == [], rel


def test_only_the_sales_tax_article_writes_prices_with_dollar_signs(articles):
    for rel, meta in articles.items():
        prices = CURRENCY.findall(meta["answer"])
        assert prices == (["$7.25", "$26.83"] if rel == DOLLAR_MATH_FILE else []), rel


def test_answers_show_tables_code_math_and_nested_lists(articles):
    answers = [decode(meta["answer"]) for meta in articles.values()]
    features = {
        "table": r"^\|---\|",
        "code fence": r"^```\w+$",
        "code span": r"`[^`\n]+`",
        "display math": r"^\$\$.+\$\$$",
        "inline math": r"[^$]\$[^$\s][^$\n]*\$",
        "nested list": r"^   - ",
    }
    for name, pattern in features.items():
        assert sum(bool(re.search(pattern, a, re.M)) for a in answers) >= 2, name


def test_round_trip_material_is_present(articles):
    assert articles[UNKNOWN_KEYS_FILE]["draft"] is True
    assert articles[UNKNOWN_KEYS_FILE]["tags"] == ["evolution", "genetics", "needs-diagram"]
    comments = [p for p in SAMPLE_CONTENT.rglob("*.md") if re.search(rb"^# ", p.read_bytes(), re.M)]
    assert [p.relative_to(SAMPLE_CONTENT).as_posix() for p in comments] == [COMMENT_FILE]
    assert CRLF_FILE in articles


def test_problems_txt_lists_only_files_that_exist():
    text = (SAMPLE_CONTENT / "PROBLEMS.txt").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"\b[a-z-]+/[a-z0-9-]+\.md\b", text))
    for rel in (BROKEN_LINK[0], STALE_LINK[0], SELF_LINK[0], LATEX_NEWLINE_FILE, DOLLAR_MATH_FILE,
                SHORT_SEO_FILE, SUBJECT_VARIANT_FILE, CRLF_FILE, UNKNOWN_KEYS_FILE, COMMENT_FILE):
        assert rel in mentioned, rel
    assert all((SAMPLE_CONTENT / rel).is_file() for rel in mentioned), mentioned


def test_no_other_markdown_files_sit_in_the_folder():
    # A README.md would be read as an article; notes belong in PROBLEMS.txt.
    assert [p.name for p in SAMPLE_CONTENT.glob("*.md")] == []
    assert sorted(p.name for p in SAMPLE_CONTENT.iterdir() if p.is_file()) == ["PROBLEMS.txt"]


def test_every_sample_opens_with_the_article_model_and_dumps_identical_bytes(articles):
    article_module = pytest.importorskip("editor.article.article")
    for rel, meta in articles.items():
        article = article_module.Article.load(SAMPLE_CONTENT / rel)
        assert article.dumps() == (SAMPLE_CONTENT / rel).read_bytes(), rel
        assert article.get("id") == meta["id"] and article.get("seo.page_keywords") == meta["seo"]["page_keywords"]
        assert article.answer == decode(meta["answer"]), rel
