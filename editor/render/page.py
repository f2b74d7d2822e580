"""The preview's views of an article, as HTML: the answer, the published page, the search result.

- **Page**: the article as the site publishes it: title, "Posted on" plus the date printed with
  the article's ``date_format`` ("MMM DD, YYYY" gives "Dec 02, 2024"), question, answer and the
  related-questions list.
- **Search result**: the title and SEO description as a search engine shows them, cut with an
  ellipsis at the lengths engines display (about 60 and 160 characters).
- With a ``SitePage`` (``editor.render.published``: how the site publishes the file, from
  ``editor.site``) the views follow the site's page rules instead: the composed ``<title>``,
  description, robots and canonical, a post's markdown body, the pixel-width cut of a search
  result (``editor.render.site_views``).
- ``standalone_html`` wraps a view in a complete document with the CSS inline, for Export HTML;
  ``preview_document`` does the same for the preview widget. Both carry a Content-Security-
  Policy that allows no script at all, whatever the answer holds.

Every function takes an ``editor.article.Article`` or a plain dict of front-matter values (as
stored: the answer with its backslash-n pairs).
"""
from __future__ import annotations

from html import escape
from string import Template
from typing import Any

from editor.render.answer import render_answer
from editor.render.body import render_body
from editor.render.images import ImageRoots, inline_images
from editor.render.page_values import (
    posted_on_html,
    DEFAULT_DATE_FORMAT,
    DEFAULT_POSTED_LABEL,
    front_matter,
    posted_on,
    related_articles,
    related_html,
    text_value,
)
from editor.render.published import SitePage
from editor.render.sanitise import clean_export, clean_preview, project_images
from editor.render.site_views import body_text, document_title, head_html, site_page_body, site_search_body
from editor.render.views import VIEWS
from editor.resources import resource

__all__ = [
    "DEFAULT_DATE_FORMAT", "DEFAULT_POSTED_LABEL", "DESCRIPTION_LIMIT", "EXPORT_CSP", "PREVIEW_CSP", "SitePage",
    "TITLE_LIMIT", "document", "front_matter", "page_body", "posted_on", "preview_document", "related_articles",
    "search_result_body", "standalone_html", "stylesheet", "truncate", "view_body",
]

TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160
ELLIPSIS = "…"

# The preview may show the project's own images (file:) and nothing from the network.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src file: data:"
# An exported file is an offline document: its images are inlined (editor.render.images), and
# nothing else may load, unless the user asks for remote images.
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
EXPORT_CSP_REMOTE_IMAGES = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:"
_text = text_value


def page_body(article: Any, flavour: str = "site", site: SitePage | None = None, body: str | None = None,
              export: bool = False) -> str:
    """The Page view's body: the article as the site publishes it. With ``site`` (how the site
    publishes this file, see ``editor.render.published``) by the site's page rules, a post's
    markdown ``body`` included (read from an Article's text when not given); without it, the
    plain-folder page: title, date line, question, answer, related questions."""
    if site is not None:
        return site_page_body(article, site, flavour, body, export)
    values = front_matter(article)
    title = _text(values, "article_title") or _text(values, "title")
    parts = [f'<article class="page">\n<h1 class="page-title">{escape(title)}</h1>']
    subject = _text(values, "subject")
    subject_html = f'<span class="page-subject">{escape(subject)}</span>' if subject else ""
    parts.append(posted_on_html(values, subject_html))
    question = _text(values, "question")
    if question:
        parts.append(f'<p class="page-question">{escape(question)}</p>')
    parts.append(f'<div class="page-answer">\n{render_answer(values["answer"], flavour)}</div>')
    parts.append(related_html(values))
    parts.append("</article>")
    return "\n".join(part for part in parts if part) + "\n"


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


def search_result_body(article: Any, site: SitePage | None = None) -> str:
    """The Search-result view's body: site name, url, title and description as shown, plus lengths.
    With ``site``, the composed title and description cut at their pixel widths, and a "not
    indexed" banner (``editor.render.site_views``); without it, the fields cut by characters."""
    if site is not None:
        return site_search_body(article, site)
    values = front_matter(article)
    title = _text(values, "title") or _text(values, "article_title")
    description = _text(values, "seo.page_description")
    site_name = _text(values, "seo.title").split("|")[0].strip() or _text(values, "author")
    url = _text(values, "url")
    breadcrumb = " › ".join(part for part in url.split("/") if part)
    lengths = []
    for name, value, limit in (("Title", title, TITLE_LIMIT), ("Description", " ".join(description.split()), DESCRIPTION_LIMIT)):
        over = ' class="over"' if len(value) > limit else ""
        lengths.append(f"<span{over}>{name}: {len(value)}/{limit}</span>")
    return (
        '<div class="serp">\n'
        f'<div class="serp-site">{escape(site_name)}</div>\n'
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


def document(body: str, title: str, view: str = "answer", csp: str = PREVIEW_CSP, head: str = "") -> str:
    """A complete HTML document around a view's body, with the CSS inline; ``head`` is more
    ``<head>`` lines (the published page's description, robots and canonical link)."""
    template = Template(resource("page", "template.html").read_text(encoding="utf-8"))
    html = template.substitute(csp=csp, title=escape(title), css=stylesheet(view), body_class=f"{view}-view", body=body)
    # After the <title>: the template stays the one the review report fills in too.
    return html.replace("</title>\n", "</title>\n" + head, 1) if head else html


def view_body(article: Any, view: str = "page", flavour: str = "site", site: SitePage | None = None,
              body: str | None = None, export: bool = False) -> str:
    """The body HTML of one of the three views. With ``site`` the views follow the site's page
    rules, and the Answer view of a post is its markdown body (cleaned for the preview, or for
    an ``export``)."""
    if view == "answer":
        if site is not None and site.has_body:
            return body_view(article, site, body, export)
        return render_answer(front_matter(article)["answer"], flavour)
    if view == "page":
        return page_body(article, flavour, site, body, export)
    if view == "search":
        return search_result_body(article, site)
    raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")


def body_view(article: Any, site: SitePage, body: str | None = None, export: bool = False) -> str:
    """A post's markdown body alone, rendered as the site does, cleaned for the preview (its
    images only from the project) or for an export."""
    html = render_body(body_text(article, body))
    return clean_export(html) if export else clean_preview(html, project_images(site.images))


def preview_document(article: Any, view: str = "answer", flavour: str = "site", site: SitePage | None = None,
                     body: str | None = None) -> str:
    """What the preview widget loads for a view: no script, no network images."""
    values = front_matter(article)
    return document(view_body(article, view, flavour, site, body), document_title(values, site), view, PREVIEW_CSP,
                    head_html(site.meta if site is not None else None))


def standalone_html(article: Any, view: str = "page", flavour: str = "site", images: ImageRoots | None = None,
                    remote_images: bool = False, site: SitePage | None = None, body: str | None = None) -> str:
    """Export HTML: a self-contained file of the view (the Page by default), CSS inline, images
    inlined from the project (``images``; without it they are left out) or, with
    ``remote_images``, remote images kept. With ``site`` the page follows the site's page rules
    and its ``<head>`` carries the published title, description, robots and canonical link."""
    values = front_matter(article)
    body_html = inline_images(view_body(article, view, flavour, site, body, export=True), images, remote_images)
    csp = EXPORT_CSP_REMOTE_IMAGES if remote_images else EXPORT_CSP
    return document(body_html, document_title(values, site), view, csp, head_html(site.meta if site is not None else None))
