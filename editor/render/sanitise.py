"""Raw HTML made safe to show: what the preview and the export keep of a rendered markdown body.

Blog post bodies carry raw HTML, and the site passes it through (``editor.render.body``). The
editor shows it with nh3 (the Python binding of the ammonia sanitiser, which parses HTML as
browsers do), configured from ``editor.render.html_policy``'s allow-lists:

- **the preview** (``clean_preview``) keeps only ``PREVIEW_ELEMENTS``: no script, style, iframe,
  object, embed, form, meta, link or base, no ``on*`` attribute, urls by ``safe_url``, and an
  image only when it is a file inside the project (``image_url`` turns its url into a ``file:``
  url, or says no), so the preview never makes a remote request;
- **the export** (``clean_export``) keeps the site's HTML (``EXPORT_ELEMENTS``, style and iframe
  included) under the same attribute and url policy; its images are then inlined by
  ``editor.render.images``, and its Content-Security-Policy stops any other load.

Comments are dropped in both: the site's readers never see them either.
"""
from __future__ import annotations

from typing import Callable

import nh3

from editor.render.html_policy import (
    ACTIVE_ELEMENTS,
    ALLOWED_ATTRIBUTES,
    DROPPED_WITH_CONTENT,
    EXPORT_ELEMENT_ATTRIBUTES,
    EXPORT_ELEMENTS,
    PREVIEW_ELEMENTS,
    SAFE_PROTOCOLS,
    safe_attribute,
)
from editor.render.images import ImageRoots

ImageUrl = Callable[[str], "str | None"]  # an image's url -> the url the preview may load, or None
_GENERIC = {"*": set(ALLOWED_ATTRIBUTES | {"style"})}


def project_images(roots: ImageRoots | None) -> ImageUrl:
    """An ``image_url`` for ``clean_preview``: the ``file:`` url of a project file the image's url
    names (relative to the article, or ``/uploads/...`` in the static folder); None otherwise."""

    def image_url(url: str) -> str | None:
        path = roots.file_for(url) if roots is not None and url else None
        return path.as_uri() if path is not None else None

    return image_url


def _filter(image_url: ImageUrl | None) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        kept = safe_attribute(attribute, value)
        if kept is not None and image_url is not None and element == "img" and attribute == "src":
            return image_url(kept) if kept else None
        return kept

    return keep


def clean_preview(html: str, image_url: ImageUrl | None = None) -> str:
    """``html`` as the preview may show it. Without ``image_url`` no image keeps its ``src``."""
    return nh3.clean(
        html,
        tags=set(PREVIEW_ELEMENTS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=_GENERIC,
        attribute_filter=_filter(image_url or (lambda _url: None)),
        url_schemes=set(SAFE_PROTOCOLS),
        link_rel=None,
        strip_comments=True,
    )


def clean_export(html: str) -> str:
    """``html`` as an exported page keeps it: the site's elements but the active ones, attributes
    and urls by the policy; images are left to ``editor.render.images.inline_images``."""
    attributes = {**_GENERIC, **{tag: set(names) for tag, names in EXPORT_ELEMENT_ATTRIBUTES.items()}}
    return nh3.clean(
        html,
        tags=set(EXPORT_ELEMENTS - (ACTIVE_ELEMENTS - {"style", "iframe"})),
        clean_content_tags=set(DROPPED_WITH_CONTENT - EXPORT_ELEMENTS),
        attributes=attributes,
        attribute_filter=_filter(None),
        url_schemes=set(SAFE_PROTOCOLS),
        link_rel=None,
        strip_comments=True,
    )
