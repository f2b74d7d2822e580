"""The HTML report of a change set is self-contained, script-free, offline and escaped."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from editor.git import open_repository
from editor.review import load_changeset, review_changeset
from editor.review.report import REPORT_CSP, report_html
from tests.fixtures.git_repo import GitRepo
from tests.perf.synth import article_model, render

TIDES = "physics/how-do-tides-work.md"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def _report(work: GitRepo, **edits) -> str:
    base = article_model(TIDES, "How do tides work?", id=101,
                         answer="Tides rise.\\n\\n![moon](https://example.com/moon.png)\\n\\nThe moon pulls.")
    work.write(TIDES, render(base))
    work.commit_all()
    base["fields"].update(edits)
    work.write(TIDES, render(base))
    changeset = load_changeset(open_repository(work.root))
    return report_html(changeset, review_changeset(changeset))


def test_the_report_has_no_script_and_a_policy_that_loads_nothing(work: GitRepo) -> None:
    html = _report(work, answer="Tides rise.\\n\\n![moon](https://example.com/moon.png)\\n\\nThe moon pulls hard.")
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert not [t for t, _ in tags if t in ("script", "iframe", "object", "embed", "link", "base", "form")]
    assert not [a for _, a in tags for name in a if name.startswith("on")]
    meta = [a for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert meta and meta[0]["content"] == REPORT_CSP
    assert "script-src" not in REPORT_CSP and "default-src 'none'" in REPORT_CSP and "img-src data:" in REPORT_CSP
    assert "@import" not in html and "url(" not in html


def test_values_that_look_like_html_are_escaped_everywhere(work: GitRepo) -> None:
    html = _report(work, title="<script>alert(1)</script> tides?", author='"><img src=x onerror=alert(1)>')
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_report_shows_the_summary_the_field_table_and_the_rendered_diff(work: GitRepo) -> None:
    html = _report(work, title="How do ocean tides work?",
                   answer="Tides rise.\\n\\n![moon](https://example.com/moon.png)\\n\\nThe moon pulls hard.")
    assert "Review of HEAD..(work tree)" in html
    assert re.search(r"<th>Files</th><td>1 \(1 modified\)</td>", html)
    assert "<tr><td><code>title</code></td><td>How do tides work?</td><td>How do<ins> ocean</ins> tides work?</td></tr>" in html
    assert '<p class="review-changed">The moon pulls<ins> hard</ins>.</p>' in html
    assert '<table class="source-diff">' in html
    assert "Search result" in html  # the title shows in search results, so both views are there
