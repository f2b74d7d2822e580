"""The Page and Search-result views by the site's page rules (FORMAT.md, "How the site publishes
each kind"), given the file's SitePage: on the fixture site checkout, our own posts and answers."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.render.page import page_body, preview_document, search_result_body, standalone_html, view_body
from editor.render.text_width import text_width
from editor.site.locate import Publishing, open_publishing
from tests.fixtures.site_checkout import ANSWER, CANONICAL_ANSWER, NO_INDEX_ANSWER, POST, copy_site, write

MISSING_IMAGE_POST = "content/posts/notes-from-our-first-year.md"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return copy_site(tmp_path)


@pytest.fixture()
def publishing(root: Path) -> Publishing:
    return open_publishing(root)


def load(root: Path, publishing: Publishing, relpath: str):
    article = Article.load(root / relpath)
    return article, publishing.site_page(root / relpath, article.data)


def head(html: str) -> str:
    return html.split("</head>", 1)[0]


def test_a_posts_page_shows_heading_lead_date_image_then_body(root, publishing):
    article, site = load(root, publishing, POST)
    assert site.has_body
    html = page_body(article, site=site)
    order = [html.index('<h1 class="page-title">Three habits for focused study</h1>'),
             html.index('<p class="page-lead">Small routines that make an hour at the desk count'),
             html.index('<time datetime="2024-07-29">Posted on Jul 29, 2024</time>'),
             html.index('<figure class="page-image"><img'),
             html.index("<p>Most of us sit down to study and drift within minutes.<br>")]
    assert order == sorted(order)
    assert "<h2>1. Plan on paper</h2>" in html and "<table>" in html


def test_a_posts_date_is_printed_in_its_own_date_format_with_its_label(root, publishing):
    article, site = load(root, publishing, MISSING_IMAGE_POST)
    assert "Written on 15 Jan 2025" in page_body(article, site=site)


def test_the_preview_loads_the_featured_image_from_the_static_folder_only_when_it_is_there(root, publishing):
    article, site = load(root, publishing, POST)
    src = re.search(r'<figure class="page-image"><img src="([^"]+)"', page_body(article, site=site)).group(1)
    assert src == (root / "public" / "uploads" / "study-desk.png").resolve().as_uri()
    article, site = load(root, publishing, MISSING_IMAGE_POST)
    assert '<figure class="page-image"><img alt="A calendar"></figure>' in page_body(article, site=site)


def test_an_answers_page_is_heading_the_word_answer_and_the_answer(root, publishing):
    article, site = load(root, publishing, ANSWER)
    assert not site.has_body
    html = page_body(article, site=site)
    order = [html.index('<h1 class="page-title">How do mitochondria make energy?</h1>'),
             html.index('<h2 class="page-label">Answer</h2>'),
             html.index("<strong>cellular respiration</strong>")]
    assert order == sorted(order) and "Posted on" not in html


def test_the_document_head_carries_the_composed_title_description_robots_and_canonical(root, publishing):
    article, site = load(root, publishing, NO_INDEX_ANSWER)
    html = head(standalone_html(article, "page", site=site))
    assert "<title>Student Question : Why do leaves change colour in autumn? | Biology | QuickTakes</title>" in html
    assert ('<meta name="description" content="Get the full answer from QuickTakes - Chlorophyll breaks down in the '
            'cold and the yellow pigments beneath show through.">') in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="/learn/biology/questions/why-do-leaves-change-colour-in-autumn">' in html


def test_an_indexed_answer_has_no_robots_line_and_a_canonical_field_wins(root, publishing):
    article, site = load(root, publishing, CANONICAL_ANSWER)
    html = head(preview_document(article, "page", site=site))
    assert 'name="robots"' not in html
    assert '<link rel="canonical" href="https://www.example.org/learn/earth-science/questions/what-causes-earthquakes">' in html


def test_the_search_result_cuts_the_composed_title_at_580_px(root, publishing):
    article, site = load(root, publishing, ANSWER)
    html = search_result_body(article, site)
    shown = unescape(re.search(r'<h3 class="serp-title">(.*?)</h3>', html).group(1))
    assert site.meta.title.startswith(shown[:-1]) and shown.endswith("…")
    assert text_width(shown, 20) <= 580 < text_width(site.meta.title, 20)
    assert '<span class="over">Title: ' in html and "/580 px" in html and "/920 px" in html
    assert "serp-banner" not in html


def test_a_short_description_is_shown_whole(root, publishing):
    article, site = load(root, publishing, NO_INDEX_ANSWER)
    html = search_result_body(article, site)
    assert f'<p class="serp-description">{site.meta.description}</p>' in html


@pytest.mark.parametrize(("relpath", "words"), [
    (NO_INDEX_ANSWER, "the front matter sets no_index"),
    (CANONICAL_ANSWER, "the canonical link points to https://www.example.org/learn/earth-science/"),
])
def test_a_page_engines_do_not_list_under_its_address_gets_a_not_indexed_banner(root, publishing, relpath, words):
    article, site = load(root, publishing, relpath)
    banner = re.search(r'<div class="serp-banner">(.*?)</div>', search_result_body(article, site)).group(1)
    assert banner.startswith("Not indexed: ") and words in banner


def test_an_unlisted_subject_is_not_indexed_when_the_project_lists_subjects(root):
    write(root, ".article-editor/page-rules.yml", "subjects:\n  biology: Biology\n")
    publishing = open_publishing(root)
    article, site = load(root, publishing, CANONICAL_ANSWER)  # in geology, not listed
    assert site.meta.robots == "noindex"
    assert "not one of the site's listed subjects" in unescape(search_result_body(article, site))


def test_a_project_page_rules_file_changes_the_published_title(root):
    write(root, ".article-editor/page-rules.yml", 'rule_sets:\n  post:\n    title: "{title} | Study Desk Blog"\n')
    publishing = open_publishing(root)
    article, site = load(root, publishing, POST)
    assert "<title>Three habits for focused study | Study Desk Blog</title>" in standalone_html(article, site=site)


def test_the_answer_view_of_a_post_is_its_body_and_an_edited_body_can_be_given(root, publishing):
    article, site = load(root, publishing, POST)
    assert view_body(article, "answer", site=site).startswith("<p>Most of us sit down")
    edited = view_body(article.data, "answer", site=site, body="Now *edited*<script>x()</script>")
    assert edited == "<p>Now <em>edited</em></p>\n"


def test_the_export_of_a_post_keeps_its_raw_html_and_inlines_project_images(root, publishing):
    write(root, POST, (root / POST).read_text(encoding="utf-8") + '\n\n<div class="note">Thanks <img src="/uploads/study-desk.png" alt="d"></div>\n<script>x()</script>\n')
    article, site = load(root, publishing, POST)
    html = standalone_html(article, "page", images=site.images, site=site)
    assert '<div class="note">Thanks <img src="data:image/png;base64,' in html
    assert "<script" not in html and "x()" not in html


def test_without_a_site_page_the_views_are_the_plain_folders(root, publishing):
    article, site = load(root, publishing, ANSWER)
    assert page_body(article) != page_body(article, site=site)
    assert "Posted on Mar 04, 2024" in page_body(article)
    assert "<title>How do mitochondria make energy?</title>" in standalone_html(article)
