"""A self-contained HTML report of a change set, for a reviewer to attach to a pull request.

One file, readable offline in any browser: the summary, then every changed article with its
field table (word highlights for text), old and new related links, the problems the change
adds and removes, the search-result (SEO) view of both versions when a field it shows changed,
and the rendered diff and source diff of the answer or body.

It holds no script and loads nothing: its Content-Security-Policy allows inline styles and
``data:`` images only, so not even an image of an answer is fetched from the network. Every
value, key, path and message is escaped; rendered answers come from the site renderer, which
escapes raw HTML as the site does.
"""
from __future__ import annotations

import datetime as dt
import json
from html import escape
from string import Template
from typing import Any

from editor.checks.links import Link
from editor.render.page import search_result_body, stylesheet
from editor.resources import resource
from editor.review.article_review import TEXT_KEYS, ArticleReview, summarise
from editor.review.changeset import ChangeSet
from editor.review.fields import ABSENT, FieldChange, json_value
from editor.review.source import source_html
from editor.review.words import side_html, word_diff

REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
SEO_KEYS = ("title", "url", "author")  # with every seo.* key: what the search-result view shows


def report_html(changeset: ChangeSet, reviews: list[ArticleReview], flavour: str = "site") -> str:
    """The whole report as one HTML document."""
    body = [_header(changeset, reviews)]
    body += [_article(i, review, flavour) for i, review in enumerate(reviews, start=1)]
    return _document(f"Review of {changeset.label}", "\n".join(body))


def article_document(review: ArticleReview, flavour: str = "site") -> str:
    """One article's section of the report as a document of its own (the window's review view)."""
    return _document(f"Review of {review.path}", _article(1, review, flavour), "review-report review-one")


def _document(title: str, body: str, body_class: str = "review-report") -> str:
    template = Template(resource("page", "template.html").read_text(encoding="utf-8"))
    css = stylesheet("page") + "\n" + resource("page", "review.css").read_text(encoding="utf-8")
    return template.substitute(csp=REPORT_CSP, title=escape(title), css=css, body_class=body_class, body=body)


def _header(changeset: ChangeSet, reviews: list[ArticleReview]) -> str:
    summary = summarise(reviews)
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(summary.by_status.items())) or "none"
    keys = ", ".join(f"{escape(key)} ({count})" for key, count in list(summary.by_key.items())[:12]) or "none"
    rows = [
        ("Folder", escape(str(changeset.folder))),
        ("Compared", f"{escape(_side(changeset.rev_range.old))} → {escape(_side(changeset.rev_range.new))}"),
        ("Files", f"{summary.files} ({escape(statuses)})"),
        ("Fields changed", f"{summary.fields_changed}: {keys}"),
        ("Problems", f'<span class="problem-added">{summary.problems_added} added</span>, '
                     f'<span class="problem-removed">{summary.problems_removed} removed</span>'),
    ]
    if summary.unreadable:
        rows.append(("Unreadable", f'<span class="review-error">{summary.unreadable} file(s) do not load</span>'))
    table = "\n".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    contents = "\n".join(
        f'<li>{_status(r.status)}<a href="#article-{i}">{escape(r.title)}</a> '
        f'<span class="review-path">{escape(r.path)}</span></li>' for i, r in enumerate(reviews, start=1)
    )
    return (f"<h1>Review of {escape(changeset.label)}</h1>\n"
            f'<table class="review-summary">\n{table}\n</table>\n<ol class="review-contents">\n{contents}\n</ol>')


def _side(side: str) -> str:
    return side[:12] if len(side) >= 40 and all(c in "0123456789abcdef" for c in side) else side


def _status(status: str) -> str:
    return f'<span class="status status-{escape(status)}">{escape(status)}</span>'


def _article(number: int, review: ArticleReview, flavour: str) -> str:
    change = review.change
    parts = [f'<section class="review-article" id="article-{number}">',
             f"<h2>{_status(review.status)}{escape(review.title)}</h2>",
             f'<p class="review-path">{escape(review.path)}'
             + (f" (from {escape(change.old_path)})" if change.old_path else "") + "</p>"]
    if review.error is not None:
        parts.append(f'<p class="review-error">{escape(review.error)}</p>')
    rows = [f for f in review.fields if f.key not in TEXT_KEYS]
    if rows:
        parts.append(_field_table(rows))
    if review.related.changed:
        parts.append(_related(review.related.old, review.related.new))
    parts.append(_problems(review))
    if any(f.key in SEO_KEYS or f.key.startswith("seo.") for f in review.fields) and change.old.readable \
            and change.new.readable:
        parts.append('<h3>Search result</h3>\n<div class="review-sides">'
                     f"<div><h4>Before</h4>{search_result_body(change.old.values)}</div>"
                     f"<div><h4>After</h4>{search_result_body(change.new.values)}</div></div>")
    for key in TEXT_KEYS:
        if review.text_changed(key) or (review.error is not None and key == "answer"):
            parts.append(_text_diff(review, key, flavour))
    parts.append("</section>")
    return "\n".join(parts)


def _field_table(fields: list[FieldChange]) -> str:
    rows = []
    for found in fields:
        old, new = _value_cells(found)
        rows.append(f"<tr><td><code>{escape(found.key)}</code></td><td>{old}</td><td>{new}</td></tr>")
    return ('<table class="review-fields"><colgroup><col class="key"><col><col></colgroup>\n'
            "<thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>")


def _value_cells(found: FieldChange) -> tuple[str, str]:
    if found.is_text and found.old is not ABSENT and found.new is not ABSENT:
        ops = word_diff(found.old, found.new)
        return side_html(ops, old_side=True), side_html(ops, old_side=False)
    return _value(found.old), _value(found.new)


def _value(value: Any) -> str:
    if value is ABSENT:
        return '<span class="absent">(not set)</span>'
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, (dt.date, dt.datetime)):
        return escape(value.isoformat())
    return escape(json.dumps(json_value(value), ensure_ascii=False))


def _related(old: list[Link], new: list[Link]) -> str:
    def listing(links: list[Link], others: list[Link], css: str) -> str:
        theirs = {(l.url, l.title, l.id, l.subject) for l in others}
        items = []
        for link in links:
            mark = f' class="{css}"' if (link.url, link.title, link.id, link.subject) not in theirs else ""
            items.append(f"<li{mark}><strong>{link.slot}.</strong> {escape(str(link.title or ''))}<br>"
                         f'<span class="review-path">{escape(str(link.url or ""))}</span> '
                         f"({escape(str(link.subject or ''))}, id {escape(json.dumps(json_value(link.id)))})</li>")
        return '<ul class="review-links">' + "".join(items) + "</ul>" if items else '<p class="absent">(no related links)</p>'

    return ('<h3>Related links</h3>\n<div class="review-sides">'
            f"<div><h4>Before</h4>{listing(old, new, 'review-deleted')}</div>"
            f"<div><h4>After</h4>{listing(new, old, 'review-inserted')}</div></div>")


def _problems(review: ArticleReview) -> str:
    found = review.problems
    if not found.added and not found.removed:
        return ""
    items = [f'<li class="problem-added">added: {escape(p.severity)} {escape(p.code)}'
             f'{" in " + escape(p.field) if p.field else ""}: {escape(p.message)}</li>' for p in found.added]
    items += [f'<li class="problem-removed">removed: {escape(p.code)}'
              f'{" in " + escape(p.field) if p.field else ""}: {escape(p.message)}</li>' for p in found.removed]
    return "<h3>Problems</h3>\n<ul>" + "".join(items) + "</ul>"


def _text_diff(review: ArticleReview, key: str, flavour: str) -> str:
    name = "The file" if review.error is not None else f"The {key}"
    parts = [f"<h3>{escape(name)}</h3>"]
    if review.error is None:
        parts.append(f'<div class="review-rendered">\n{review.rendered(key, flavour).html}</div>')
    parts.append(f"<details{' open' if review.error is not None else ''}><summary>Source</summary>\n"
                 f"{source_html(review.source(key))}\n</details>")
    return "\n".join(parts)
