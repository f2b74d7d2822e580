"""Images of an exported document: inlined from the project, never fetched.

An exported page is an offline document that is read in a browser. Its images are made
``data:`` urls from files inside the project, and the document's policy lets nothing else load
(``img-src data:``). A remote image (http, https) stays only when the user asks for remote
images; any other image loses its ``src`` and keeps its ``alt`` text.

Urls resolve as the site resolves them: a relative url against the article's folder, an
absolute one (``/uploads/x.png``) against the site's static folder (``public/`` of a site
checkout). A url that leaves the project, a missing file, or one over ``MAX_IMAGE_BYTES``, is
dropped.
"""
from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 8 * 1024 * 1024
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".webp": "image/webp", ".svg": "image/svg+xml", ".avif": "image/avif", ".bmp": "image/bmp"}
# Our own renderers write every image as <img src="..." ...>, with the value escaped.
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


@dataclass(frozen=True)
class ImageRoots:
    """Where an article's image urls point: its own folder, the project, the static folder."""

    article_folder: Path
    project: Path
    static: Path | None = None

    @classmethod
    def for_article(cls, path: Path, project: Path | None = None, static: Path | None = None) -> "ImageRoots":
        folder = path.resolve().parent
        root = (project or folder).resolve()
        if static is None and (root / "public").is_dir():
            static = root / "public"
        return cls(folder, root, static.resolve() if static is not None else None)

    def file_for(self, url: str) -> Path | None:
        """The project file an image url names, or None (remote, outside the project, missing)."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        relative = unquote(parts.path)
        base = (self.static or self.project) if relative.startswith("/") else self.article_folder
        candidate = (base / relative.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.project) or not candidate.is_file():
            return None
        return candidate


def data_url(path: Path) -> str | None:
    """The file as a ``data:`` url, or None when it is not an image type or too big."""
    kind = _IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if not kind or not kind.startswith("image/"):
        return None
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def inline_images(html: str, roots: ImageRoots | None, remote: bool = False) -> str:
    """``html`` with every image made a ``data:`` url, kept remote (``remote``) or dropped."""

    def replace(match: re.Match[str]) -> str:
        url = unescape(match.group(2))
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            kept = url if remote else ""
        else:
            path = roots.file_for(url) if roots is not None and url else None
            kept = (data_url(path) or "") if path is not None else ""
        return match.group(1) + kept.replace("&", "&amp;").replace('"', "&quot;") + match.group(3)

    return _IMG_SRC.sub(replace, html)
