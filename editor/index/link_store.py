"""How the index stores related links: one marshalled row per article, and url hashes.

An article's links are one ``links.data`` value, not a row each: binding ten values per link was
two fifths of a cold index's time in SQLite. ``stored_links`` (or ``canonical_links``, for a file
in the canonical layout) makes it for ``index_db.Batch``; ``link_rows`` reads it.
Urls are looked up by a hash (``url_hash``), and backlinks by the hashes an article links to,
packed into one ``link_hashes`` value (``pack_hashes``).
"""
from __future__ import annotations

import marshal
import struct
from operator import itemgetter
from typing import Any, Collection, Iterable
from zlib import crc32

from editor.index import canonical
from editor.checks.links import url_key
from editor.index.plain_scalar import UNCERTAIN
from editor.index.stored_value import INT64, db_value

# (slot, key, id, title, subject, url, url_key, line) of a link, as stored (see ``link_rows``)
StoredLink = tuple[int, "str | None", Any, Any, Any, Any, "str | None", "int | None"]
Stored = tuple[list[StoredLink], set[int]]  # an article's links, and their url hashes


class SlotKeys(dict[int, str]):
    """``related_article<slot>`` by slot: the key a stored link leaves out (see ``link_rows``)."""

    def __missing__(self, slot: int) -> str:
        return f"related_article{slot}"


SLOT_KEYS = SlotKeys({slot: f"related_article{slot}" for slot in range(1, 100)})


def link_rows(data: bytes) -> list[tuple[Any, ...]]:
    """(slot, key, id, title, subject, url, url_key, line) of each link in a ``links.data`` value,
    by slot. Each stored link leaves out what it can be rebuilt from: ``key`` when it is
    ``related_article<slot>``, ``url`` when it is ``url_key``, the stripped url."""
    return sorted(
        ((slot, SLOT_KEYS[slot] if key is None else key, id_, title, subject, key_url if url is None else url,
          key_url, line) for slot, key, id_, title, subject, url, key_url, line in marshal.loads(data)),
        key=itemgetter(0),
    )


def url_hash(key: str) -> int:
    """What the url index (``articles.url_hash``) and ``link_hashes`` hold for a stripped url
    (``links.url_key``): a CRC-32, not the url. Small ints are quicker to insert into the url index
    and smaller to store than urls.
    Lookups compare ``url_key`` as well, so two urls that share a hash never mix."""
    return crc32(key.encode("utf-8", "surrogatepass"))  # ASCII keys take the encoder's fast path


_PACKS = [struct.Struct(f"<{count}I").pack for count in range(16)]  # most articles have a few links


def pack_hashes(hashes: Collection[int]) -> bytes:
    """The ``link_hashes.hashes`` of an article: its links' url hashes as 4-byte little-endian ints.

    Backlinks are found by looking for a hash's 4 bytes in every article's value (``instr``), a scan
    of one narrow row per article: about 6 ms at 35,000 articles. A row per link with an index on
    the hash answered in microseconds, but writing those rows and building that index was a tenth
    of a cold index's time, and the index was built serially at the end. A match that straddles
    two hashes is a false hit, which the caller's comparison of ``url_key`` drops.
    """
    count = len(hashes)
    pack = _PACKS[count] if count < len(_PACKS) else struct.Struct(f"<{count}I").pack
    return pack(*hashes)



def stored_links(links: Iterable[tuple[Any, ...]], lines: dict[str, int]) -> Stored:
    """What the index keeps of a loaded file's related links, given (key, slot, id, title, subject,
    url) each: a ``StoredLink`` each, leaving out what ``link_rows`` rebuilds, and the hashes of
    their urls (a set: two slots with one url, a related-duplicate, are one backlink). Strings,
    the common case, are stored inline rather than through ``db_value``."""
    stored: list[StoredLink] = []
    hashes: set[int] = set()
    for link_key, slot, link_id, link_title, link_subject, link_url in links:
        key = link_url.strip() if type(link_url) is str else url_key(link_url)
        if key is not None:
            hashes.add(url_hash(key))
        stored.append((
            slot, None if link_key == SLOT_KEYS[slot] else link_key,
            link_id if type(link_id) is int and -INT64 <= link_id < INT64 else db_value(link_id),
            link_title if type(link_title) is str else db_value(link_title),
            link_subject if type(link_subject) is str else db_value(link_subject),
            None if link_url == key else db_value(link_url),
            key, lines.get(link_key),
        ))
    return stored, hashes


def canonical_links(g: tuple[str, ...], offset: int) -> Stored | None:
    """``stored_links`` straight from the groups of a canonical match (``editor.canonical``), its key
    lines plus ``offset``: no (key, slot, id, title, subject, url) tuple is made on the way, for
    most files of a folder. Values are decided by ``canonical.link_values``, as for
    ``canonical.links``; tests/editor/test_index_rows.py checks the rows equal a full parse's. None
    when a value is uncertain or a slot is given twice."""
    link_values = canonical.link_values
    stored: list[StoredLink] = []
    hashes: set[int] = set()
    line = canonical.FIRST_RELATED_LINE + offset
    try:
        for number, id_text, title, subject_text, url_text in canonical.link_blocks(g):
            link_id, subject, url = link_values(id_text, subject_text, url_text)
            key = url.strip() if type(url) is str else url_key(url)
            if key is not None:
                hashes.add(url_hash(key))
            stored.append((
                int(number), None,  # the key is related_article<number>: the expression allows no leading 0
                link_id if type(link_id) is int and -INT64 <= link_id < INT64 else db_value(link_id),
                title, subject if type(subject) is str else db_value(subject),
                None if url == key else db_value(url), key, line,
            ))
            line += canonical.RELATED_LINES
    except UNCERTAIN:
        return None
    if len({link[0] for link in stored}) != len(stored):
        return None  # a slot given twice: libyaml decides which wins
    return stored, hashes
