"""File names and urls derived from titles, by the rule every article of the site follows.

Lowercase the title, delete every character that is not ``a-z``, ``0-9`` or a space, strip the
ends, and replace each remaining space by ``-`` without collapsing runs ("IPO & FPO" gives
``ipo--fpo``). The url is then ``/learn/<subject folder>/questions/<slug>``.
"""
from __future__ import annotations

import re

_NOT_SLUG = re.compile(r"[^a-z0-9 ]")
_NOT_SLUG_BYTES = bytes(set(range(256)) - set(b"abcdefghijklmnopqrstuvwxyz0123456789 "))


def slugify(title: str) -> str:
    """The file stem of an article with this title."""
    if title.isascii():  # almost every title: the same rule on bytes, about twice as fast
        return title.lower().encode().translate(None, _NOT_SLUG_BYTES).strip().replace(b" ", b"-").decode()
    return _NOT_SLUG.sub("", title.lower()).strip().replace(" ", "-")


def subject_slug(subject: str) -> str:
    """The url segment (and folder name) of a subject: "Education Studies" gives ``education-studies``."""
    return slugify(subject)


def file_name_for(title: str) -> str:
    return slugify(title) + ".md"


def url_for(subject_folder: str, stem: str) -> str:
    return f"/learn/{subject_folder}/questions/{stem}"
