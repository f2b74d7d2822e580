"""The Page and Search-result views under the site's page rules, and the page's ``<head>``.

``editor.render.page`` uses these when its caller passes a ``SitePage`` (see
``editor.render.published``); the rules themselves are ``editor.site.page_meta``'s, as FORMAT.md
("How the site publishes each kind") describes them:

- a blog post's page: the heading (``article_title``), the description, "<post_on_text> <date
  in date_format>", the featured image, then the markdown body as the site renders it
  (``editor.render.body``), raw HTML cleaned for the preview or the export
  (``editor.render.sanitise``);
- an answer's page: the heading (``title``), the label "Answer", the rendered answer, the
  related questions;
- the search result: the composed ``<title>`` and description cut at their pixel widths in
  Arial (``editor.render.text_width``), and a "not indexed" banner when the page is ``noindex``
  or its canonical link points elsewhere.
"""
from __future__ import annotations

from html import escape
from typing import Any, Mapping
from urllib.parse import urlsplit

from editor.render.answer import render_answer
from editor.render.body import render_body, split_body
from editor.render.html_policy import safe_url
from editor.render.page_values import front_matter, posted_on_html, related_html, text_value
from editor.render.published import PublishedMeta, SitePage
from editor.render.sanitise import clean_export, clean_preview, project_images
from editor.render.text_width import (
    DESCRIPTION_FONT_PX,
    DESCRIPTION_MAX_PX,
    TITLE_FONT_PX,
    TITLE_MAX_PX,
    cut_to_width,
)

NOINDEX_WORDS = {
    "no_index": "the front matter sets no_index, so the page says robots noindex",
    "unlisted_subject": "the subject folder is not one of the site's listed subjects, so the page says robots noindex",
}


def body_text(article: Any, body: str | None) -> str:
    """The markdown body: ``body`` when given, else the body of an Article's text (where the
    site's gray-matter finds it); "" for a dict of values without one."""
    if body is not None:
        return body
    text = getattr(article, "text", None)
    return split_body(text) if isinstance(text, str) else ""


def site_page_body(article: Any, site: SitePage, flavour: str = "site", body: str | None = None,
                   export: bool = False) -> str:
    """The Page view by the site's rules. ``export`` keeps the site's raw HTML for an exported
    file (images are inlined later); else it is cleaned for the preview."""
    values = front_matter(article)
    meta = site.meta
    heading = meta.heading or text_value(values, "title")
    parts = [f'<article class="page">\n<h1 class="page-title">{escape(heading)}</h1>']
    if site.has_body:
        if meta.lead:
            parts.append(f'<p class="page-lead">{escape(meta.lead)}</p>')
        parts.append(posted_on_html(values))
        if meta.image:
            parts.append(_figure(meta.image, meta.image_alt, site, export))
        html = render_body(body_text(article, body))
        cleaned = clean_export(html) if export else clean_preview(html, project_images(site.images))
        parts.append(f'<div class="page-body">\n{cleaned}</div>')
    else:
        if meta.body_label:
            parts.append(f'<h2 class="page-label">{escape(meta.body_label)}</h2>')
        parts.append(f'<div class="page-answer">\n{render_answer(values["answer"], flavour)}</div>')
        parts.append(related_html(values))
    parts.append("</article>")
    return "\n".join(part for part in parts if part) + "\n"


def _figure(url: str, alt: str, site: SitePage, export: bool) -> str:
    # The export inlines every <img src> from the project afterwards; the preview loads only a
    # project file, by its file: url, and shows the alt text for anything else.
    src = safe_url(url) if export else project_images(site.images)(url)
    src_attribute = f' src="{escape(src)}"' if src else ""
    return f'<figure class="page-image"><img{src_attribute} alt="{escape(alt)}"></figure>'


def site_search_body(article: Any, site: SitePage) -> str:
    """The Search-result view by the site's rules: what an engine shows, with the pixel widths."""
    values = front_matter(article)
    meta = site.meta
    title = cut_to_width(meta.title, TITLE_MAX_PX, TITLE_FONT_PX)
    description = cut_to_width(meta.description, DESCRIPTION_MAX_PX, DESCRIPTION_FONT_PX)
    url = urlsplit(meta.canonical)
    breadcrumb = " › ".join([url.netloc] * bool(url.netloc) + [part for part in url.path.split("/") if part])
    site_name = url.netloc or meta.title.rpartition(" | ")[2].strip() or text_value(values, "author")
    lengths = []
    for name, cut, limit in (("Title", title, TITLE_MAX_PX), ("Description", description, DESCRIPTION_MAX_PX)):
        over = ' class="over"' if cut.cut else ""
        characters = len(" ".join((meta.title if name == "Title" else meta.description).split()))
        lengths.append(f"<span{over}>{name}: {round(cut.full_width_px)}/{limit} px, {characters} characters</span>")
    banner = not_indexed_banner(meta)
    return (
        '<div class="serp">\n'
        + banner
        + f'<div class="serp-site">{escape(site_name)}</div>\n'
        f'<div class="serp-url">{escape(breadcrumb)}</div>\n'
        f'<h3 class="serp-title">{escape(title.shown)}</h3>\n'
        f'<p class="serp-description">{escape(description.shown)}</p>\n'
        f'<div class="serp-lengths">{" · ".join(lengths)}</div>\n'
        "</div>\n"
    )


def not_indexed_banner(meta: PublishedMeta) -> str:
    """``<div class="serp-banner">Not indexed: ...</div>`` when engines do not list the page
    under its own address; "" when they do."""
    if meta.indexed:
        return ""
    reasons = [NOINDEX_WORDS.get(reason, reason) for reason in meta.noindex_reasons]
    if meta.canonical_elsewhere:
        reasons.append(f"the canonical link points to {meta.canonical}, so engines list that page instead")
    return f'<div class="serp-banner">Not indexed: {escape("; ".join(reasons))}</div>\n'


def head_html(meta: PublishedMeta | None) -> str:
    """The page's ``<head>`` lines besides its ``<title>``: meta description, robots, canonical."""
    if meta is None:
        return ""
    lines = []
    if meta.description:
        lines.append(f'<meta name="description" content="{escape(meta.description)}">')
    if meta.robots:
        lines.append(f'<meta name="robots" content="{escape(meta.robots)}">')
    canonical = safe_url(meta.canonical)
    if canonical:
        lines.append(f'<link rel="canonical" href="{escape(canonical)}">')
    return "\n".join(lines) + ("\n" if lines else "")


def document_title(values: Mapping[str, Any], site: SitePage | None) -> str:
    """The ``<title>``: the composed one under the site's rules, else the ``title`` field."""
    return site.meta.title if site is not None and site.meta.title else text_value(values, "title")
