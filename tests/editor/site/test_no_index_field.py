"""``no_index`` is a checkbox of the answer form, and checking it makes the published page noindex."""
from __future__ import annotations

from pathlib import Path

from editor.article.article import Article
from editor.article.schema import load_schema
from editor.site.locate import open_publishing
from tests.fixtures.site_checkout import ANSWER, copy_site


def test_the_answer_schema_offers_no_index_as_a_checkbox() -> None:
    spec = load_schema("default").field("no_index")
    assert spec is not None and spec.type == "checkbox" and not spec.required


def test_checking_no_index_writes_it_after_score_and_the_page_says_noindex(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    article = Article.load(root / ANSWER)
    publishing = open_publishing(root)
    assert publishing.meta(ANSWER, article.data).robots is None
    article.set("no_index", True)
    article.save()
    text = (root / ANSWER).read_text(encoding="utf-8")
    assert "score: -1.0\nno_index: true\n" in text
    assert publishing.meta(ANSWER, Article.load(root / ANSWER).data).robots == "noindex"
