"""Raw HTML of a post body, cleaned by nh3 from html_policy's lists: the preview shows no active
element and loads only project images; the export keeps the site's HTML under the same policy."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor.render.body import render_body
from editor.render.html_policy import ACTIVE_ELEMENTS, EXPORT_ELEMENTS, PREVIEW_ELEMENTS
from editor.render.images import ImageRoots
from editor.render.sanitise import clean_export, clean_preview, project_images

# A body written for this test with every kind of raw HTML a post could carry.
HOSTILE_BODY = """Intro<br>text.

<script>alert(1)</script>
<style>body { background: url(https://evil.example/x.png) }</style>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object>
<embed src="https://evil.example/x.swf">
<form action="https://evil.example/post"><input name="q"><button>Go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example">
<link rel="stylesheet" href="https://evil.example/x.css">
<base href="https://evil.example/">
<svg onload="alert(1)"><circle r="1"></circle></svg>

<div class="note" onclick="alert(1)" style="position: fixed">A <b onmouseover="alert(1)">note</b>.</div>
<p style="text-align: center"><a href="javascript:alert(1)">js link</a> and <a href="/blog/x">a post</a></p>
<img src="https://evil.example/pixel.png" alt="remote pixel">
"""


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


@pytest.fixture()
def roots(tmp_path: Path) -> ImageRoots:
    (tmp_path / "public" / "uploads").mkdir(parents=True)
    (tmp_path / "public" / "uploads" / "desk.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "here.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return ImageRoots.for_article(tmp_path / "content" / "posts" / "a.md", tmp_path, tmp_path / "public")


def test_the_preview_keeps_no_active_element_handler_or_script_url():
    html = clean_preview(render_body(HOSTILE_BODY))
    tags = {tag for tag, _ in elements(html)}
    assert not tags & ACTIVE_ELEMENTS
    assert "alert" not in html and "evil.example" not in html
    for _tag, attributes in elements(html):
        assert not any(name.startswith("on") for name in attributes)
        assert attributes.get("style") in (None, "text-align: center")


def test_the_preview_keeps_the_text_structure_of_raw_html():
    html = clean_preview(render_body(HOSTILE_BODY))
    assert "Intro<br>text." in html and '<div class="note">A <b>note</b>.</div>' in html
    assert '<a href="/blog/x">a post</a>' in html and "<a>js link</a>" in html


def test_the_preview_loads_only_images_inside_the_project(roots: ImageRoots):
    body = ('![desk](/uploads/desk.png) ![here](here.png) ![gone](/uploads/gone.png) '
            '![remote](https://example.org/x.png) ![out](../../../outside.png) <img src="file:///etc/hosts" alt="file">')
    html = clean_preview(render_body(body), project_images(roots))
    sources = {attributes.get("alt"): attributes.get("src") for tag, attributes in elements(html) if tag == "img"}
    assert sources["desk"] == (roots.project / "public" / "uploads" / "desk.png").as_uri()
    assert sources["here"] == (roots.article_folder / "here.png").as_uri()
    assert sources["gone"] is None and sources["remote"] is None and sources["out"] is None and sources["file"] is None


def test_without_image_roots_the_preview_shows_no_image_source():
    html = clean_preview(render_body("![desk](/uploads/desk.png)"))
    assert elements(html) == [("p", {}), ("img", {"alt": "desk"})]


def test_the_export_keeps_the_sites_style_and_iframe_but_nothing_active_besides():
    html = clean_export(render_body(HOSTILE_BODY))
    tags = {tag for tag, _ in elements(html)}
    assert {"style", "iframe", "div", "br", "img"} <= tags
    assert not tags & (ACTIVE_ELEMENTS - {"style", "iframe"})
    assert "alert(1)" not in html and 'href="javascript' not in html
    assert 'src="https://evil.example/pixel.png"' in html  # left to inline_images, which drops it


def test_the_element_lists_never_allow_an_active_element_in_the_preview():
    assert not PREVIEW_ELEMENTS & ACTIVE_ELEMENTS
    assert EXPORT_ELEMENTS & ACTIVE_ELEMENTS == {"style", "iframe"}


def test_character_references_cannot_smuggle_a_script_url():
    html = clean_preview('<p><a href="jav&#x61;script:alert(1)">x</a><a href="&#106;avascript:alert(1)">y</a></p>')
    assert not re.search(r'href="[^"]*script', html, re.IGNORECASE)
