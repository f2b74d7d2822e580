"""A field of an article as the text a writer searches and edits.

Three kinds of field are text: the answer, which is searched and written as its decoded form
(every backslash-n pair a line break, see ``editor.answer.codec``); the markdown body after the front
matter (``BODY``, spelled ``@body``: ``@`` cannot start a plain YAML key, so no front-matter key
is mistaken for it); and any other key, dotted for nested ones (``seo.title``), whose value is a
string. Values that are not strings (numbers, dates, lists) are not text and are never matched.
"""
from __future__ import annotations

from typing import Any

from editor.answer import codec as answer_codec
from editor.article import frontmatter
from editor.article.article import Article

ANSWER = "answer"
BODY = "@body"
DEFAULT_FIELDS = (ANSWER, BODY)  # the article's text: an answer's answer, a post's body
ABSENT: Any = object()


def lookup(data: dict[str, Any], key: str) -> Any:
    """The value at a dotted key of loaded front matter, or ``ABSENT``."""
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return ABSENT
        value = value[part]
    return value


def text_of(data: dict[str, Any], key: str) -> str | None:
    """The searchable text of a front-matter field (not ``BODY``), or None when it is not text."""
    value = lookup(data, key)
    if not isinstance(value, str):
        return None
    return answer_codec.decode(value) if key == ANSWER else value


def split_body(data: bytes) -> tuple[int, str]:
    """(1-based file line of the body's first line, the body's text) of a file's bytes; raises
    ``ArticleError`` when the file has no readable front matter."""
    parts = frontmatter.split(data)
    start = parts.body_start
    return parts.text.count("\n", 0, start) + 1, parts.text[start:]


def with_body(data: bytes, body: str) -> bytes:
    """The file's bytes with its body replaced; the front matter, BOM and line ends stay as they are."""
    parts = frontmatter.split(data)
    text = parts.text[: parts.body_start] + body
    return (frontmatter.BOM if parts.bom else "").encode("utf-8") + text.encode("utf-8")


def article_text(article: Article, key: str) -> str | None:
    """``text_of`` for a loaded Article, the body included."""
    if key == BODY:
        return split_body(article.dumps())[1]
    if key == ANSWER:
        return article.answer if isinstance(article.get(ANSWER, None), str) else None
    value = article.get(key, None)
    return value if isinstance(value, str) else None


def write_text(article: Article, key: str, text: str) -> None:
    """Write a front-matter field's new text (not ``BODY``: see ``with_body``). The answer is
    encoded in the file's convention, backslash-n pairs on one line; an unchanged answer is never
    re-encoded (see ``Article.answer``)."""
    if key == ANSWER:
        article.answer = text
    else:
        article.set(key, text)


def is_representable(key: str, text: str) -> bool:
    """False when the new text cannot be stored as it reads: a literal backslash-n in an answer
    would reach the site as a line break."""
    return key != ANSWER or answer_codec.is_representable(text)
