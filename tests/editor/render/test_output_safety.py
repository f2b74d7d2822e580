"""Nothing an article holds becomes live markup, a dangerous url or a remote load, in any view,
flavour or export: one url and attribute policy for every output path."""
from __future__ import annotations

import base64
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor.answer.codec import encode
from editor.article.article import Article
from editor.cli import main
from editor.render.answer import render_answer
from editor.render.html_policy import safe_attributes, safe_url
from editor.render.images import ImageRoots, inline_images
from editor.render.mathml import tex_to_html
from editor.render.page import EXPORT_CSP, preview_document, standalone_html, view_body
from editor.render.views import FLAVOURS, VIEWS

# Ways to ask for code to run, written for this test (not copied from a payload list).
SCHEMES = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:msgbox(1)", "jav&#x61;script:alert(1)"]
HANDLER = "onerror=alert(1)"
ANSWERS = [
    *(f"A [link]({url}) and ![pic]({url})." for url in SCHEMES),
    *(f"Bare <{url}> autolink." for url in SCHEMES[:3]),
    "Attribute list: [x](/ok){: onclick=alert(1) style=background:url(//evil.example/x.png)}",
    "![i](/ok.png){: onerror=alert(1) }",
    "Math text: $\\text{<img/src=x/onerror=alert(1)>}$ done.",
    "Math meta: $\\text{<meta http-equiv=refresh content=0;url=//evil.example>}$",
    "Math link: $\\href{javascript:alert(1)}{click}$ and $$\\url{javascript:alert(1)}$$",
    "Math style: $\\style{background:url(//evil.example)}{x}$",
    "Raw html: <img src=x onerror=alert(1)><script>alert(1)</script><iframe src=//evil.example></iframe>",
    "Footnote[^1].\n\n[^1]: <svg onload=alert(1)>",
]
FORBIDDEN_ELEMENTS = {"script", "iframe", "object", "embed", "meta", "link", "base", "form", "svg", "frame"}
SAFE_URL = re.compile(r"^(?:https?:|mailto:|ircs?:|xmpp:|#|/|\.|[^:]*$)", re.IGNORECASE)


class _Elements(HTMLParser):
    """Every element of a document with its attributes (the template's own head left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    body = html.split("<body", 1)[1] if "<body" in html else html
    parser = _Elements()
    parser.feed(body)
    return parser.found


def assert_inert(html: str, exported: bool = False, remote_images: bool = False) -> None:
    for tag, attrs in elements(html):
        assert tag not in FORBIDDEN_ELEMENTS, (tag, html)
        for name, value in attrs:
            value = value or ""
            assert not name.lower().startswith("on"), (tag, name, html)
            if name == "style":
                assert "url(" not in value and "expression" not in value, (tag, value)
            inlined = exported and tag == "img" and name == "src" and value.startswith("data:image/")
            if name in ("href", "src") and not inlined:
                assert SAFE_URL.match(value.strip()), (tag, name, value)
            if exported and tag == "img" and name == "src" and value:
                assert value.startswith("data:image/") or (remote_images and value.startswith("http")), value


def article_with(answer: str, related_url: str = "/learn/physics/questions/ok") -> dict[str, object]:
    return {"title": "Safe?", "article_title": "Safe?", "date": "2024-12-02", "question": "Is it safe?",
            "seo": {"title": "Site | Physics", "page_description": "A description."}, "url": "/learn/x/questions/safe",
            "answer": encode(answer),
            "related_article1": {"title": "Elsewhere", "subject": "Physics", "url": related_url}}


@pytest.mark.parametrize(("answer", "flavour"), list(itertools.product(ANSWERS, FLAVOURS)))
def test_no_answer_renders_live_markup_or_a_dangerous_url_in_any_flavour(answer: str, flavour: str) -> None:
    assert_inert(render_answer(answer, flavour))


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("url", SCHEMES)
def test_a_related_link_url_that_could_run_code_is_emptied_in_every_view(view: str, url: str) -> None:
    values = article_with("Plain.", related_url=url)
    for html in (view_body(values, view), preview_document(values, view)):
        assert_inert(html)
    assert_inert(standalone_html(values, view), exported=True)


def test_math_text_is_escaped_and_untrusted_commands_are_errors() -> None:
    html = tex_to_html(r"\text{<img/src=x/onerror=alert(1)>}")
    assert "<img" not in html and "&lt;img/src=x/onerror=alert(1)&gt;" in html
    assert "<mtext>" in html  # still drawn as text
    for tex in (r"\href{javascript:alert(1)}{x}", r"\url{javascript:alert(1)}", r"\style{color:red}{x}",
                r"\htmlClass{x}{y}", r"\includegraphics{x.png}"):
        out = tex_to_html(tex)
        assert 'class="katex-error"' in out and "href=" not in out and "<mrow" not in out, tex


def test_math_keeps_its_symbols_and_presentation_attributes() -> None:
    html = tex_to_html(r"a < b \& \color{red}{c} \hspace{1em} \frac12")
    assert "<mo>&#x0003C;</mo>" in html and "<mi>&#x00026;</mi>" in html
    assert 'mathcolor="red"' in html and '<mspace width="1em" />' in html and "<mfrac>" in html
    assert "a &lt; b \\&amp;" in html  # the TeX annotation, escaped


def test_the_attribute_policy_keeps_markdown_attributes_and_drops_handlers_and_styles() -> None:
    kept = safe_attributes([("href", "javascript:x"), ("onclick", "x"), ("ONLOAD", "x"), ("id", "fn:1"),
                            ("class", "footnote"), ("style", "text-align: left;"), ("style", "color:red"),
                            ("title", "t"), ("src", "/a.png")])
    assert kept == [("href", ""), ("id", "fn:1"), ("class", "footnote"), ("style", "text-align: left;"),
                    ("title", "t"), ("src", "/a.png")]
    assert safe_url("#section") == "#section" and safe_url("../up.html") == "../up.html"
    assert safe_url("https://example.org/a:b") == "https://example.org/a:b" and safe_url("mailto:a@b.c")


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "public" / "uploads").mkdir(parents=True)
    (tmp_path / "public" / "uploads" / "dot.png").write_bytes(PNG)
    (tmp_path / "content" / "physics").mkdir(parents=True)
    (tmp_path / "content" / "physics" / "near.png").write_bytes(PNG)
    (tmp_path.parent / "outside.png").write_bytes(PNG)
    return tmp_path


def test_an_export_inlines_the_projects_images_and_loads_nothing_remote(site: Path) -> None:
    article = site / "content" / "physics" / "a.md"
    answer = ("![site](/uploads/dot.png) ![near](near.png) ![remote](https://evil.example/x.png) "
              "![escape](../../../outside.png) ![missing](/uploads/none.png)")
    html = standalone_html(article_with(answer), "answer", images=ImageRoots.for_article(article, site))
    assert_inert(html, exported=True)
    sources = re.findall(r'<img src="([^"]*)"', html)
    assert len(sources) == 5
    assert sources[0].startswith("data:image/png;base64,") and sources[1].startswith("data:image/png;base64,")
    assert sources[2:] == ["", "", ""]
    assert f'content="{EXPORT_CSP}"' in html and "img-src data:" in EXPORT_CSP and "*" not in EXPORT_CSP


def test_remote_images_stay_only_when_asked_for(site: Path) -> None:
    html = inline_images('<p><img src="https://cdn.example/x.png" alt="x"></p>', ImageRoots.for_article(site / "a.md"), remote=True)
    assert 'src="https://cdn.example/x.png"' in html
    doc = standalone_html(article_with("![x](https://cdn.example/x.png)"), "answer", remote_images=True)
    assert_inert(doc, exported=True, remote_images=True)
    assert "img-src data: https:" in doc


def test_cli_render_exports_offline_with_images_inlined(site: Path, tmp_path: Path) -> None:
    path = site / "content" / "physics" / "a.md"
    path.write_bytes(b"---\ntitle: Pic\nanswer: >-\n    ![dot](/uploads/dot.png) and $\\text{<b>x</b>}$\n---\n\n&nbsp;")
    Article.load(path)  # a valid article
    out = tmp_path / "out.html"
    assert main(["render", str(path), "--view", "answer", "--project", str(site), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert_inert(html, exported=True)
    assert 'src="data:image/png;base64,' in html and "&lt;b&gt;x&lt;/b&gt;" in html
