"""Finding the site checkout a file belongs to, and how that site publishes the file.

A file opened on its own (``article-editor render FILE``, a tab of the window) belongs to the
nearest folder above it that holds a CMS config (CloudCannon, Decap CMS, Front Matter CMS) or an
``.article-editor/`` folder: that folder is the site root. ``Publishing`` is the site opened
there with its page rules, which give a file's ``SitePage`` for the views of ``editor.render``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from editor.render.images import ImageRoots
from editor.render.published import SitePage
from editor.site import cloudcannon, decap, frontmatter_cms
from editor.site.checkout import open_site
from editor.site.model import Collection, Site, SiteMessage
from editor.site.page_rules import PageMeta, PageRules, load_page_rules, page_meta
from editor.site.project_config import PROJECT_DIR

ROOT_MARKERS = (*cloudcannon.CONFIG_NAMES, *cloudcannon.SCRIPT_NAMES, *decap.CONFIG_NAMES,
                frontmatter_cms.CONFIG_NAME, PROJECT_DIR)


def find_site_root(path: str | os.PathLike[str]) -> Path | None:
    """The nearest folder at or above ``path`` (a file or a folder) holding a CMS config or an
    ``.article-editor/`` folder; None when no folder up to the file system's root does."""
    start = Path(path).resolve()
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


@dataclass(frozen=True)
class Publishing:
    """A site and its page rules: how each of its files is published."""

    site: Site
    rules: PageRules
    messages: tuple[SiteMessage, ...] = ()

    @property
    def root(self) -> Path:
        return self.site.root

    def relpath(self, path: str | os.PathLike[str]) -> str | None:
        """``path`` relative to the site root, ``/``-separated; None when it is outside."""
        try:
            return Path(path).resolve().relative_to(self.site.root.resolve()).as_posix()
        except ValueError:
            return None

    def collection(self, relpath: str) -> Collection | None:
        return self.site.collection_for(relpath)

    def meta(self, relpath: str, data: Mapping[str, Any]) -> PageMeta:
        """The published page of the file at ``relpath`` (from the root) with these stored values."""
        return page_meta(data, relpath, self.site.collection_for(relpath), self.rules)

    def site_page(self, path: str | os.PathLike[str], data: Mapping[str, Any]) -> SitePage:
        """What the views need of the file at ``path``: its page, whether its text is the
        markdown body, and where its image urls point (the site's static folder)."""
        relpath = self.relpath(path) or Path(path).name
        collection = self.site.collection_for(relpath)
        has_body = collection is not None and collection.has_body and collection.text_field is None
        static = self.site.root / self.site.static if self.site.static else None
        images = ImageRoots.for_article(Path(path), self.site.root, static)
        return SitePage(self.meta(relpath, data), has_body, images)


def open_publishing(root: str | os.PathLike[str]) -> Publishing:
    """The site at ``root`` and its page rules; messages from either config are kept."""
    site = open_site(Path(root))
    rules, messages = load_page_rules(Path(root))
    return Publishing(site, rules, tuple(site.messages) + tuple(messages))


def publishing_for(path: str | os.PathLike[str]) -> Publishing | None:
    """The Publishing of the site ``path`` belongs to; None when it belongs to none."""
    root = find_site_root(path)
    return open_publishing(root) if root is not None else None
