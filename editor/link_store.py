"""How the index stores related links: one marshalled row per article, and url hashes.

An article's links are one ``links.data`` value, not a row each: binding ten values per link was
two fifths of a cold index's time in SQLite. ``index_db.Batch`` writes it; ``link_rows`` reads it.
Urls are looked up by a hash (``url_hash``), and backlinks by the hashes an article links to,
packed into one ``link_hashes`` value (``pack_hashes``).
"""
from __future__ import annotations

import marshal
import struct
from operator import itemgetter
from typing import Any, Collection
from zlib import crc32


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
    return crc32(key.encode() if key.isascii() else key.encode("utf-8", "surrogatepass"))


def pack_hashes(hashes: Collection[int]) -> bytes:
    """The ``link_hashes.hashes`` of an article: its links' url hashes as 4-byte little-endian ints.

    Backlinks are found by looking for a hash's 4 bytes in every article's value (``instr``), a scan
    of one narrow row per article: about 6 ms at 35,000 articles. A row per link with an index on
    the hash answered in microseconds, but writing those rows and building that index was a tenth
    of a cold index's time, and the index was built serially at the end. A match that straddles
    two hashes is a false hit, which the caller's comparison of ``url_key`` drops.
    """
    return struct.pack(f"<{len(hashes)}I", *hashes)
