"""Post bodies render with the structure the site's own body renderer gives them.

tests/fixtures/render/body_goldens.jsonl holds markdown bodies we wrote (one construct per case),
whole files (to pin where gray-matter splits them) and the fixture site's posts, each with the HTML
that ../shared/tools/site-render/render --body (gray-matter 4 + markdown-it 13, ``html: true``)
produced; make_body_goldens.py regenerates it. The comparison is structural (editor.render.html_shape).
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from editor.render.body import render_body, render_file_body, split_body
from editor.render.html_shape import describe, same_shape, shape
from editor.render.sanitise import clean_export, clean_preview
from tests.locations import FIXTURES, ROOT

GOLDENS = FIXTURES / "render" / "body_goldens.jsonl"
RECORDS = [json.loads(line) for line in GOLDENS.read_text(encoding="utf-8").splitlines() if line.strip()]
POSTS = sorted((FIXTURES / "site" / "content" / "posts").glob("*.md"))
REQUIRED_TOPICS = ("headings", "lists", "tables", "raw_html", "inline_html", "entities", "code", "links", "images",
                   "autolinks", "strikethrough", "emphasis", "blocks", "breaks", "text", "article", "file", "post")
# What the preview shows differently from the site's HTML, each for a reason the policy or the
# HTML parser gives (a browser builds the same tree from the site's HTML for the parser ones).
PREVIEW_DIFFERENCES = {
    "raw_html-009": "a raw <table> gets the <tbody> a browser inserts too",
    "raw_html-010": "no <script> in the preview",
    "raw_html-011": "no <style> in the preview",
    "raw_html-012": "no <iframe> in the preview",
    "raw_html-014": "a raw <pre>'s first line break is dropped, as a browser drops it",
    "raw_html-018": "a <div> inside a paragraph closes it, as in a browser",
    "raw_html-020": "an unknown element keeps only its text",
    "inline_html-008": "the comment goes, leaving its two spaces",
    "autolinks-005": "<not an autolink> is an unknown element to a browser, shown as nothing",
}
EXPORT_DIFFERENCES = {key: why for key, why in PREVIEW_DIFFERENCES.items()
                      if key not in ("raw_html-011", "raw_html-012")}  # the export keeps style and iframe


def ours(record: dict[str, str]) -> str:
    return render_body(record["body"]) if "body" in record else render_file_body(record["file"])


def test_goldens_cover_every_topic_with_our_cases_and_every_fixture_post():
    topics = Counter(record["key"].split("-")[0] for record in RECORDS)
    for topic in REQUIRED_TOPICS:
        assert topics[topic] >= (len(POSTS) if topic == "post" else 4), f"too few body goldens for {topic}"
    assert {r["key"] for r in RECORDS if r["key"].startswith("post-")} == {f"post-{p.stem}" for p in POSTS}


def test_the_stored_posts_are_the_fixture_files_as_they_are_now():
    # A changed fixture post needs make_body_goldens.py run again, or its golden proves nothing.
    for record in (r for r in RECORDS if r["key"].startswith("post-")):
        assert (ROOT / record["path"]).read_bytes().decode("utf-8") == record["file"], record["path"]


def test_every_body_renders_with_the_site_structure():
    mismatches = [r for r in RECORDS if not same_shape(ours(r), r["html"])]
    report = "\n\n".join(f"{r['key']}:\nsite:\n{describe(shape(r['html']))}\nours:\n{describe(shape(ours(r)))}"
                         for r in mismatches[:3])
    assert not mismatches, f"{len(mismatches)} of {len(RECORDS)} bodies differ; first ones:\n{report}"


def test_raw_html_passes_through_as_the_site_passes_it():
    html = render_body('Line one<br>line two\n\n<div class="note">Thanks.</div>')
    assert "<br>" in html and '<div class="note">Thanks.</div>' in html


def test_bare_urls_and_dollars_stay_text_and_two_tildes_strike():
    html = render_body("See https://example.org for $5 and $6, ~~old~~ and ~one~.")
    assert "<a " not in html and "<math" not in html and "$5 and $6" in html
    assert "<s>old</s>" in html and "~one~" in html


@pytest.mark.parametrize(("text", "body"), [
    ("---\ntitle: x\n---\nBody.", "Body."),
    ("---\r\ntitle: x\r\n---\r\nBody.", "Body."),
    ("\ufeff---\ntitle: x\n---\n\nBody.", "\nBody."),
    ("No front matter.", "No front matter."),
    ("----\ntitle: x\n---\nBody.", "----\ntitle: x\n---\nBody."),
    ("---\ntitle: never closed", ""),
])
def test_the_body_starts_where_gray_matter_puts_it(text, body):
    assert split_body(text) == body


def test_every_fixture_post_previews_with_the_site_structure():
    for record in (r for r in RECORDS if r["key"].startswith("post-")):
        assert same_shape(clean_preview(ours(record)), record["html"]), record["key"]
        assert same_shape(clean_export(ours(record)), record["html"]), record["key"]


@pytest.mark.parametrize(("clean", "known"), [(clean_preview, PREVIEW_DIFFERENCES), (clean_export, EXPORT_DIFFERENCES)])
def test_cleaned_bodies_keep_the_site_structure_but_for_the_known_differences(clean, known):
    differ = {r["key"] for r in RECORDS if not same_shape(clean(ours(r)), r["html"])}
    assert differ == set(known)
