"""The link graph of a content folder: related-article references, what they point to, and what
is wrong with them.

A related link resolves when its ``url``, stripped of surrounding white space, equals the
stripped ``url`` of an article in the folder; nothing else is normalised. When several articles
share a url the first in path order wins. Ids are not used to resolve: real folders hold copies
of one article in two subject folders, with one id.

Problems, each independent of the others (a self link that is also stale gets both; a broken
link is never stale):

- ``related-broken``: the url matches no article (a link without a url is broken too). When an
  article has the link's id or title, the fix points the link at it.
- ``related-stale``: the link resolves but its ``id``, ``title`` or ``subject`` differs from the
  target's. Values are compared as YAML loaded them (the int 76278 is not the string "76278");
  strings are stripped. The fix copies the target's values.
- ``related-self``: the link's url is the article's own url.
- ``related-duplicate``: the url is already in a lower-numbered slot of the same article.
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from editor.checks.problem import Problem, make_fix, problem


class ArticleRef(NamedTuple):
    """What the link graph needs of an article; ``url_key`` is the stripped url or None."""

    path: str
    id: Any
    title: Any
    subject: Any
    url: Any
    url_key: str | None


class Link(NamedTuple):
    """One ``related_articleN`` mapping of ``path``; values as loaded, ``url_key`` stripped.

    Named tuples, not dataclasses: a folder has well over 100,000 links, and building a frozen
    dataclass costs about three times more."""

    path: str
    slot: int
    key: str
    id: Any
    title: Any
    subject: Any
    url: Any
    url_key: str | None
    line: int | None


def url_key(url: Any) -> str | None:
    """The string urls are compared by: surrounding white space stripped, nothing else."""
    if url is None:
        return None
    return (url if isinstance(url, str) else str(url)).strip()


def same_value(a: Any, b: Any) -> bool:
    """Link values compare as loaded: 76278 and "76278" differ; strings are stripped."""
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.strip() == b.strip()
    return bool(a == b)


def targets(articles: Iterable[ArticleRef]) -> dict[str, ArticleRef]:
    """url key -> the article a link with that url resolves to (the first in path order)."""
    found: dict[str, ArticleRef] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.url_key and article.url_key not in found:
            found[article.url_key] = article
    return found


def _suggestion(link: Link, by_id: dict[Any, ArticleRef], by_title: dict[str, ArticleRef]) -> ArticleRef | None:
    id_key = link.id.strip() if isinstance(link.id, str) else link.id
    title_key = link.title.strip() if isinstance(link.title, str) else None
    same_id = by_id.get((type(id_key), id_key)) if id_key is not None else None
    same_title = by_title.get(title_key) if title_key else None
    # Titles say more than ids, which copies of an article share.
    return same_title or same_id


def _copy_edits(link: Link, target: ArticleRef, with_url: bool) -> dict[str, Any]:
    edits: dict[str, Any] = {}
    if with_url:
        edits[f"{link.key}.url"] = target.url.strip() if isinstance(target.url, str) else target.url
    for name, mine, value in (("id", link.id, target.id), ("title", link.title, target.title),
                              ("subject", link.subject, target.subject)):
        # Equal values of one type are the same by ``same_value`` too: the common case, decided quickly.
        if not (type(mine) is type(value) and mine == value) and not same_value(mine, value):
            edits[f"{link.key}.{name}"] = value.strip() if isinstance(value, str) else value
    return edits


def link_problems(articles: list[ArticleRef], links: list[Link]) -> list[Problem]:
    """All link problems of the folder, for links in (path, slot) order."""
    resolve = targets(articles)
    own_url = {a.path: a.url_key for a in articles}
    by_id: dict[Any, ArticleRef] = {}
    by_title: dict[str, ArticleRef] = {}
    for article in sorted(articles, key=lambda a: a.path):
        id_key = article.id.strip() if isinstance(article.id, str) else article.id
        if id_key is not None:
            by_id.setdefault((type(id_key), id_key), article)
        if isinstance(article.title, str) and article.title.strip():
            by_title.setdefault(article.title.strip(), article)
    found: list[Problem] = []
    seen: dict[str, dict[str, str]] = {}  # path -> url key -> the slot that has it first
    for link in sorted(links, key=lambda l: (l.path, l.slot)):
        earlier = seen.setdefault(link.path, {})
        target = resolve.get(link.url_key) if link.url_key else None
        if target is None:
            found.append(_broken(link, _suggestion(link, by_id, by_title)))
        else:
            edits = _copy_edits(link, target, with_url=False)
            if edits:
                changes = "; ".join(
                    f"{key.rsplit('.', 1)[1]} {getattr(link, key.rsplit('.', 1)[1])!r} is {value!r} there"
                    for key, value in edits.items()
                )
                found.append(problem(
                    link.path, link.line, link.key, "related-stale",
                    f"stale copy of {target.path}: {changes}",
                    make_fix(f"Update {link.key} from {target.path}", edits),
                ))
        if link.url_key and link.url_key == own_url.get(link.path):
            found.append(problem(link.path, link.line, link.key, "related-self", "links to this article itself"))
        if link.url_key is not None:
            if link.url_key in earlier:
                found.append(problem(
                    link.path, link.line, link.key, "related-duplicate",
                    f"repeats the link of {earlier[link.url_key]}",
                ))
            else:
                earlier[link.url_key] = link.key
    return found


def _broken(link: Link, suggestion: ArticleRef | None) -> Problem:
    what = f"the url {link.url_key!r}" if link.url_key else "its empty url"
    message = f"points nowhere: {what} matches no article in the folder"
    fix = None
    if suggestion is not None:
        message += f"; did you mean {suggestion.path}?"
        fix = make_fix(f"Point {link.key} to {suggestion.path}", _copy_edits(link, suggestion, with_url=True))
    return problem(link.path, link.line, link.key, "related-broken", message, fix)
