"""The Page and Search-result views, Export HTML, and ``article-editor render``."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.cli import main
from editor.render.page import (
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    page_body,
    posted_on,
    preview_document,
    related_articles,
    search_result_body,
    standalone_html,
    truncate,
)

ARTICLE = """---
_schema: default
id: 501
date: 2024-12-02
title: >-
    How do tides follow the moon?
article_title: >-
    How do tides follow the moon?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | Earth Science
  page_description: >-
    A short look at how the moon's gravity raises two bulges of ocean water, why most coasts see two high tides a day, and how the sun strengthens or weakens them twice a month.
  page_keywords: >-
    tides, moon, gravity
author: QuickTakes
question: >-
    How do tides follow the moon?
answer: >-
    Tides come from gravity.\\n\\n1. **Pull**: the moon pulls the near ocean, $F = G\\frac{m_1 m_2}{r^2}$.\\n\\n2. **Bulges**: two bulges form.\\n\\n<script>alert(1)</script>
subject: Earth Science
file_name: how-do-tides-follow-the-moon.md
url: /learn/earth-science/questions/how-do-tides-follow-the-moon
score: -1.0
related_article2:
    id: 503
    title: >-
        Why are there two high tides a day?
    subject: Earth Science
    url: /learn/earth-science/questions/why-are-there-two-high-tides-a-day
related_article1:
    id: 502
    title: >-
        What is a spring tide?
    subject: Earth Science
    url: /learn/earth-science/questions/what-is-a-spring-tide
---

&nbsp;"""


@pytest.fixture()
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "earth-science" / "how-do-tides-follow-the-moon.md"
    path.parent.mkdir()
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


@pytest.fixture()
def article(article_file: Path) -> Article:
    return Article.load(article_file)


def test_posted_on_prints_the_date_with_the_articles_date_format():
    assert posted_on({"date": dt.date(2024, 12, 2), "date_format": "MMM DD, YYYY", "post_on_text": "Posted on"}) == "Posted on Dec 02, 2024"
    assert posted_on({"date": dt.date(2024, 3, 9), "date_format": "DD/MM/YYYY", "post_on_text": "Published"}) == "Published 09/03/2024"
    assert posted_on({"date": dt.date(2024, 3, 9)}) == "Posted on Mar 09, 2024"
    assert posted_on({"title": "no date"}) == ""


def test_page_view_shows_title_date_question_answer_and_related_questions_in_order(article):
    html = page_body(article)
    title = html.index('<h1 class="page-title">How do tides follow the moon?</h1>')
    posted = html.index("Posted on Dec 02, 2024")
    question = html.index('<p class="page-question">How do tides follow the moon?</p>')
    answer = html.index("<strong>Pull</strong>")
    related = html.index("Related Questions")
    assert title < posted < question < answer < related
    assert html.index("What is a spring tide?") < html.index("Why are there two high tides a day?")
    assert '<a href="/learn/earth-science/questions/what-is-a-spring-tide">' in html


def test_page_view_renders_the_answer_like_the_site_with_math_and_escaped_html(article):
    html = page_body(article)
    assert '<annotation encoding="application/x-tex">F = G\\frac{m_1 m_2}{r^2}</annotation>' in html
    assert "<script" not in html and "&lt;script&gt;" in html


def test_views_accept_a_plain_dict_of_stored_front_matter_values(article):
    values = article.data
    assert "\\n" in values["answer"]  # stored form, decoded by the view
    assert page_body(values) == page_body(article)
    assert search_result_body(values) == search_result_body(article)


def test_related_articles_are_ordered_by_their_number_not_file_order(article):
    titles = [item["title"] for item in related_articles(article.data)]
    assert titles == ["What is a spring tide?", "Why are there two high tides a day?"]


def test_truncate_keeps_short_text_and_cuts_long_text_at_a_word_with_an_ellipsis():
    assert truncate("Short title", TITLE_LIMIT) == "Short title"
    long_title = "Why do some very long questions about ocean tides never fit in one search result line?"
    cut = truncate(long_title, TITLE_LIMIT)
    assert len(cut) <= TITLE_LIMIT and cut.endswith("…")
    assert long_title.startswith(cut[:-1])
    assert not cut[:-1].endswith(" ")
    assert truncate("x" * 200, DESCRIPTION_LIMIT) == "x" * (DESCRIPTION_LIMIT - 1) + "…"


def test_search_result_shows_site_url_title_and_cut_description_with_lengths(article):
    html = search_result_body(article)
    description = article.get("seo.page_description")
    assert len(description) > DESCRIPTION_LIMIT
    shown = unescape(re.search(r'<p class="serp-description">(.*?)</p>', html).group(1))
    assert shown.endswith("…") and len(shown) <= DESCRIPTION_LIMIT
    assert '<h3 class="serp-title">How do tides follow the moon?</h3>' in html
    assert "learn › earth-science › questions › how-do-tides-follow-the-moon" in html
    assert '<span class="over">Description: ' in html and "Title: 29/60" in html


def test_standalone_html_is_a_complete_document_with_inline_css_and_no_script(article):
    html = standalone_html(article)
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and ".page-title" in html and "<link" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html
    assert "Posted on Dec 02, 2024" in html


def test_preview_document_blocks_network_images_and_scripts(article):
    html = preview_document(article, view="answer")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "img-src file: data:" in csp and "script-src" not in csp and "default-src 'none'" in csp


def test_unknown_view_is_a_clear_error(article):
    with pytest.raises(ValueError, match="unknown view 'poster'"):
        standalone_html(article, view="poster")


def test_cli_render_writes_the_page_view_to_a_file(article_file, tmp_path):
    out = tmp_path / "out.html"
    assert main(["render", str(article_file), "--view", "page", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Posted on Dec 02, 2024" in html and "Related Questions" in html


def test_cli_render_prints_the_answer_fragment_to_stdout(article_file, capsys):
    assert main(["render", str(article_file), "--fragment"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<p>Tides come from gravity.</p>")
    assert "<html" not in out


def test_cli_render_python_markdown_flavour(article_file, capsys):
    assert main(["render", str(article_file), "--fragment", "--flavour", "python-markdown"]) == 0
    assert "<math" not in capsys.readouterr().out


def test_cli_render_of_a_missing_file_is_a_one_line_error(tmp_path, capsys):
    missing = tmp_path / "nope.md"
    assert main(["render", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
