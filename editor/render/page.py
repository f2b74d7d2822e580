"""The preview's views of an article, as HTML: the answer, the published page, the search result.

- **Page**: the article as the site publishes it: title, "Posted on" plus the date printed with
  the article's ``date_format`` ("MMM DD, YYYY" gives "Dec 02, 2024"), question, answer and the
  related-questions list.
- **Search result**: the title and SEO description as a search engine shows them, cut with an
  ellipsis at the lengths engines display (about 60 and 160 characters).
- ``standalone_html`` wraps a view in a complete document with the CSS inline, for Export HTML;
  ``preview_document`` does the same for the preview widget. Both carry a Content-Security-
  Policy that allows no script at all, whatever the answer holds.

Every function takes an ``editor.article.Article`` or a plain dict of front-matter values (as
stored: the answer with its backslash-n pairs).
"""
from __future__ import annotations

import datetime as dt
import re
from html import escape
from string import Template
from typing import Any, Mapping

from editor.answer.codec import decode
from editor.article.dates import format_site_date, parse_iso_date
from editor.render.answer import render_answer
from editor.render.html_policy import safe_url
from editor.render.images import ImageRoots, inline_images
from editor.render.views import VIEWS
from editor.resources import resource

TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160
ELLIPSIS = "…"
DEFAULT_DATE_FORMAT = "MMM DD, YYYY"
DEFAULT_POSTED_LABEL = "Posted on"

# The preview may show the project's own images (file:) and nothing from the network.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src file: data:"
# An exported file is an offline document: its images are inlined (editor.render.images), and
# nothing else may load, unless the user asks for remote images.
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
EXPORT_CSP_REMOTE_IMAGES = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:"
_RELATED_KEY = re.compile(r"^related_article(\d+)$")


def front_matter(article: Any) -> dict[str, Any]:
    """The front-matter values of an Article or a dict, with the answer decoded."""
    if isinstance(article, Mapping):
        values = dict(article)
        values["answer"] = decode(str(values.get("answer") or ""))
        return values
    values = dict(article.data)
    values["answer"] = article.answer
    return values


def _text(values: Mapping[str, Any], key: str, default: str = "") -> str:
    value: Any = values
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return default if value is None else str(value).strip()


def posted_on(values: Mapping[str, Any]) -> str:
    """ "Posted on Dec 02, 2024", from ``post_on_text``, ``date`` and ``date_format``; "" without a date."""
    date = parse_iso_date(values.get("date"))
    if date is None:
        return ""
    label = _text(values, "post_on_text", DEFAULT_POSTED_LABEL)
    printed = format_site_date(date, _text(values, "date_format", DEFAULT_DATE_FORMAT) or DEFAULT_DATE_FORMAT)
    return f"{label} {printed}".strip()


def related_articles(values: Mapping[str, Any]) -> list[dict[str, str]]:
    """The related_articleN references in N order, each with title, url and subject."""
    found = []
    for key, value in values.items():
        match = _RELATED_KEY.match(str(key))
        if match and isinstance(value, Mapping):
            item = {name: _text(value, name) for name in ("title", "url", "subject")}
            found.append((int(match.group(1)), item))
    return [item for _n, item in sorted(found, key=lambda pair: pair[0])]


def page_body(article: Any, flavour: str = "site") -> str:
    """The Page view's body: the article as the site publishes it."""
    values = front_matter(article)
    title = _text(values, "article_title") or _text(values, "title")
    date = parse_iso_date(values.get("date"))
    parts = [f'<article class="page">\n<h1 class="page-title">{escape(title)}</h1>']
    posted = posted_on(values)
    if posted:
        stamp = date.isoformat() if isinstance(date, dt.date) else ""
        subject = _text(values, "subject")
        subject_html = f'<span class="page-subject">{escape(subject)}</span>' if subject else ""
        parts.append(
            f'<p class="page-meta"><time datetime="{stamp}">{escape(posted)}</time>{subject_html}</p>'
        )
    question = _text(values, "question")
    if question:
        parts.append(f'<p class="page-question">{escape(question)}</p>')
    parts.append(f'<div class="page-answer">\n{render_answer(values["answer"], flavour)}</div>')
    related = related_articles(values)
    if related:
        items = "\n".join(
            f'<li><a href="{escape(safe_url(item["url"]))}">{escape(item["title"] or item["url"])}</a>'
            + (f'<span class="related-subject">{escape(item["subject"])}</span>' if item["subject"] else "")
            + "</li>"
            for item in related
        )
        parts.append(f'<section class="page-related">\n<h2>Related Questions</h2>\n<ul>\n{items}\n</ul>\n</section>')
    parts.append("</article>")
    return "\n".join(parts) + "\n"


def truncate(text: str, limit: int) -> str:
    """The text as a search engine shows it: whole if it fits, else cut at a word and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    # Engines cut at a word boundary unless that would throw away most of the line.
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def search_result_body(article: Any) -> str:
    """The Search-result view's body: site name, url, title and description as shown, plus lengths."""
    values = front_matter(article)
    title = _text(values, "title") or _text(values, "article_title")
    description = _text(values, "seo.page_description")
    site = _text(values, "seo.title").split("|")[0].strip() or _text(values, "author")
    url = _text(values, "url")
    breadcrumb = " › ".join(part for part in url.split("/") if part)
    lengths = []
    for name, value, limit in (("Title", title, TITLE_LIMIT), ("Description", " ".join(description.split()), DESCRIPTION_LIMIT)):
        over = ' class="over"' if len(value) > limit else ""
        lengths.append(f"<span{over}>{name}: {len(value)}/{limit}</span>")
    return (
        '<div class="serp">\n'
        f'<div class="serp-site">{escape(site)}</div>\n'
        f'<div class="serp-url">{escape(breadcrumb)}</div>\n'
        f'<h3 class="serp-title">{escape(truncate(title, TITLE_LIMIT))}</h3>\n'
        f'<p class="serp-description">{escape(truncate(description, DESCRIPTION_LIMIT))}</p>\n'
        f'<div class="serp-lengths">{" · ".join(lengths)}</div>\n'
        "</div>\n"
    )


def stylesheet(view: str = "page") -> str:
    """The CSS a view needs, read from resources/page/."""
    css = resource("page", "preview.css").read_text(encoding="utf-8")
    if view in ("page", "search"):
        css += "\n" + resource("page", "page.css").read_text(encoding="utf-8")
    return css


def document(body: str, title: str, view: str = "answer", csp: str = PREVIEW_CSP) -> str:
    """A complete HTML document around a view's body, with the CSS inline."""
    template = Template(resource("page", "template.html").read_text(encoding="utf-8"))
    return template.substitute(
        csp=csp, title=escape(title), css=stylesheet(view), body_class=f"{view}-view", body=body
    )


def view_body(article: Any, view: str = "page", flavour: str = "site") -> str:
    """The body HTML of one of the three views."""
    if view == "answer":
        return render_answer(front_matter(article)["answer"], flavour)
    if view == "page":
        return page_body(article, flavour)
    if view == "search":
        return search_result_body(article)
    raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")


def preview_document(article: Any, view: str = "answer", flavour: str = "site") -> str:
    """What the preview widget loads for a view: no script, no network images."""
    values = front_matter(article)
    return document(view_body(article, view, flavour), _text(values, "title"), view, PREVIEW_CSP)


def standalone_html(article: Any, view: str = "page", flavour: str = "site", images: ImageRoots | None = None,
                    remote_images: bool = False) -> str:
    """Export HTML: a self-contained file of the view (the Page by default), CSS inline, images
    inlined from the project (``images``; without it they are left out) or, with
    ``remote_images``, remote images kept."""
    values = front_matter(article)
    body = inline_images(view_body(article, view, flavour), images, remote_images)
    csp = EXPORT_CSP_REMOTE_IMAGES if remote_images else EXPORT_CSP
    return document(body, _text(values, "title"), view, csp)
