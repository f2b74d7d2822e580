"""What the views need to know of how the site publishes one file, handed in by the caller.

The site's page rules live in ``editor.site`` (``page_meta``), a layer above the renderers, so
the views do not compute them: a caller that knows the site (the CLI, the preview) builds a
``SitePage`` with ``editor.site.site_page`` and passes it to ``editor.render.page``'s views.
Without one the views keep their plain-folder behaviour.

``PublishedMeta`` is the shape of ``editor.site.PageMeta`` the views read; any object with these
attributes will do (tests build their own).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from editor.render.images import ImageRoots


class PublishedMeta(Protocol):
    """The published page of a file: composed ``<title>``, description, robots, canonical, heading."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def robots(self) -> str | None: ...
    @property
    def canonical(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def lead(self) -> str: ...
    @property
    def image(self) -> str: ...
    @property
    def image_alt(self) -> str: ...
    @property
    def body_label(self) -> str: ...
    @property
    def noindex_reasons(self) -> tuple[str, ...]: ...
    @property
    def canonical_elsewhere(self) -> bool: ...
    @property
    def indexed(self) -> bool: ...


@dataclass(frozen=True)
class SitePage:
    """How the site publishes one file.

    ``meta`` is its published page (``editor.site.page_meta``). ``has_body`` is True when its
    text is the markdown body after the front matter (blog posts), False when it is the
    ``answer`` field. ``images`` says where its image urls point (``/uploads/x.png`` in the
    static folder); None shows no image in the preview.
    """

    meta: PublishedMeta
    has_body: bool = False
    images: ImageRoots | None = None
