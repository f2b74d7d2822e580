"""File operations on articles: new from the schema template, rename, duplicate, trash.

No Qt here: the window asks the questions (ui.document_commands) and these functions do the
work, so tests drive them directly. Every write goes through ``Article.save`` (atomic).
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from editor.article.article import Article, ArticleError
from editor.article.schema import load_schema
from editor.article.slug import slugify, url_for

# A new article starts from this and gets its fields in schema order (Article.set places them).
_EMPTY_ARTICLE = b"---\n_schema: default\n---\n\n&nbsp;"


def subject_name(folder: Path) -> str:
    """The subject an article in ``folder`` carries: copied from a sibling, else from the folder name."""
    for sibling in sorted(folder.glob("*.md"))[:5]:
        try:
            value = Article.load(sibling).get("subject", None)
        except ArticleError:
            continue
        if isinstance(value, str) and value.strip():
            return value.strip()
    return folder.name.replace("-", " ").title()


def _free_path(folder: Path, stem: str) -> Path:
    """``folder/stem.md``, or ``stem-2.md`` ... when that name is taken."""
    candidate, n = folder / f"{stem}.md", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.md", n + 1
    return candidate


def _next_id(project: Any, content_root: Path) -> int:
    if project is not None and hasattr(project, "next_free_id"):
        return int(project.next_free_id())
    # Without an index: one more than the largest id in the folder (slow, but only for tests/scripts).
    best = 0
    for path in content_root.rglob("*.md"):
        try:
            value = Article.load(path).get("id", 0)
        except ArticleError:
            continue
        best = max(best, value if isinstance(value, int) else 0)
    return best + 1


def new_article(
    content_root: Path, subject_folder: str, title: str, project: Any = None, today: datetime.date | None = None
) -> Path:
    """Create ``<root>/<subject_folder>/<slug>.md`` from the schema template; returns its path."""
    stem = slugify(title)
    if not stem:
        raise ValueError(f"the title {title!r} gives an empty file name; use letters or digits")
    folder = content_root / subject_folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.md"
    if path.exists():
        raise FileExistsError(f"{path.name} already exists in {subject_folder}; choose another title")
    subject = subject_name(folder)
    schema = load_schema("default", content_root)
    values: dict[str, Any] = dict(schema.template)
    values.update(
        id=_next_id(project, content_root),
        date=today or datetime.date.today(),
        title=title,
        article_title=title,  # title, article title and question start linked for new articles
        question=title,
        seo={"title": f"QuickTakes | {subject}", "page_description": "", "page_keywords": ""},
        answer="",
        subject=subject,
        file_name=path.name,
        url=url_for(subject_folder, stem),
    )
    article = Article.parse(_EMPTY_ARTICLE)  # no path yet: save(path) then writes a new file
    for key in [*schema.order(), *values]:
        if key in values and key != "_schema":
            article.set(key, values.pop(key))
    article.save(path)
    return path


def _subject_folder_of(article: Article) -> str:
    url = article.get("url", "")
    parts = url.strip("/").split("/") if isinstance(url, str) else []
    if len(parts) >= 2 and parts[0] == "learn":
        return parts[1]
    return Path(article.path).parent.name if article.path else ""


def rename_article(path: Path, new_stem: str) -> Path:
    """Rename the file and update its file_name and url together; returns the new path."""
    new_stem = new_stem.strip().removesuffix(".md")
    if not new_stem or "/" in new_stem or new_stem.startswith("."):
        raise ValueError(f"{new_stem!r} is not a usable file name")
    article = Article.load(path)
    target = path.with_name(new_stem + ".md")
    if target.exists():
        raise FileExistsError(f"{target.name} already exists in {path.parent.name}")
    article.set("file_name", target.name)
    if article.has("url"):
        article.set("url", url_for(_subject_folder_of(article), new_stem))
    article.save(target)
    path.unlink()
    return target


def duplicate_article(path: Path, project: Any = None, content_root: Path | None = None) -> Path:
    """A copy with a new id and a "(copy)" title, next to the original; returns its path."""
    article = Article.load(path)
    root = content_root or path.parent.parent
    title = f"{' '.join(str(article.get('title', path.stem)).split())} (copy)"
    target = _free_path(path.parent, slugify(title))
    article.set("id", _next_id(project, root))
    article.set("title", title)
    article.set("file_name", target.name)
    if article.has("url"):
        article.set("url", url_for(_subject_folder_of(article), target.stem))
    article.save(target)
    return target


def trash_article(path: Path) -> None:
    """Move the file to the system trash (recoverable), never a hard delete."""
    from send2trash import send2trash

    send2trash(str(path))
