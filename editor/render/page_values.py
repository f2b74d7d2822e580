"""The front-matter values the page views print, and the parts every page view shares.

Every function takes an ``editor.article.Article`` or a plain dict of front-matter values (as
stored: the answer with its backslash-n pairs).
"""
from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any, Mapping

from editor.answer.codec import decode
from editor.article.dates import format_site_date, parse_iso_date
from editor.render.html_policy import safe_url

DEFAULT_DATE_FORMAT = "MMM DD, YYYY"
DEFAULT_POSTED_LABEL = "Posted on"
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


def text_value(values: Mapping[str, Any], key: str, default: str = "") -> str:
    """The value of a dotted key as stripped text; ``default`` when it is absent."""
    value: Any = values
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return default if value is None else str(value).strip()


def posted_on(values: Mapping[str, Any]) -> str:
    """ "Posted on Dec 02, 2024", from ``post_on_text``, ``date`` and ``date_format``; "" without a date."""
    date = parse_iso_date(values.get("date"))
    if date is None:
        return ""
    label = text_value(values, "post_on_text", DEFAULT_POSTED_LABEL)
    printed = format_site_date(date, text_value(values, "date_format", DEFAULT_DATE_FORMAT) or DEFAULT_DATE_FORMAT)
    return f"{label} {printed}".strip()


def posted_on_html(values: Mapping[str, Any], extra: str = "") -> str:
    """The date line, ``<p class="page-meta"><time ...>Posted on ...</time>extra</p>``; "" without a date."""
    posted = posted_on(values)
    if not posted:
        return ""
    date = parse_iso_date(values.get("date"))
    stamp = date.isoformat() if isinstance(date, dt.date) else ""
    return f'<p class="page-meta"><time datetime="{stamp}">{escape(posted)}</time>{extra}</p>'


def related_articles(values: Mapping[str, Any]) -> list[dict[str, str]]:
    """The related_articleN references in N order, each with title, url and subject."""
    found = []
    for key, value in values.items():
        match = _RELATED_KEY.match(str(key))
        if match and isinstance(value, Mapping):
            item = {name: text_value(value, name) for name in ("title", "url", "subject")}
            found.append((int(match.group(1)), item))
    return [item for _n, item in sorted(found, key=lambda pair: pair[0])]


def related_html(values: Mapping[str, Any]) -> str:
    """The "Related Questions" section of an answer's page; "" when it links nothing."""
    related = related_articles(values)
    if not related:
        return ""
    items = "\n".join(
        f'<li><a href="{escape(safe_url(item["url"]))}">{escape(item["title"] or item["url"])}</a>'
        + (f'<span class="related-subject">{escape(item["subject"])}</span>' if item["subject"] else "")
        + "</li>"
        for item in related
    )
    return f'<section class="page-related">\n<h2>Related Questions</h2>\n<ul>\n{items}\n</ul>\n</section>'
