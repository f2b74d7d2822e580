"""How the index knows it is up to date: a digest of the folder's listing (every file's path, mtime
and size), and a fingerprint of the code and schemas that decide what the index holds."""
from __future__ import annotations

import hashlib
from array import array
from itertools import chain
from operator import itemgetter
from pathlib import Path

from editor.index import database as index_db

# The packages whose code decides what the index stores: a change to any of their modules
# rebuilds the index.
_INDEX_CODE = ("index", "checks", "article", "answer")


def listing_digest(on_disk: dict[str, tuple[int, int]]) -> str:
    """One hash of every file's path, mtime and size: equal digests mean nothing changed."""
    paths = sorted(on_disk)
    try:
        names = "\n".join(paths).encode()
    except UnicodeEncodeError:  # a name that is not UTF-8 (surrogates): as the index stores it
        names = "\n".join(map(index_db.stored_path, paths)).encode()
    # itemgetter looks every path up in one call (it gives the one value itself for one path)
    stats = itemgetter(*paths)(on_disk) if len(paths) > 1 else [on_disk[path] for path in paths]
    return digest([(names, array("q", chain.from_iterable(stats)).tobytes())])


def digest(parts: list[tuple[bytes, bytes]]) -> str:
    """``listing_digest`` from parts of the sorted listing, in order (see ``index_db.Batch.listing``):
    the same hash as of the whole."""
    hashed = hashlib.sha1(b"\n".join([names for names, _ in parts]))
    for _, stats in parts:
        hashed.update(stats)
    return hashed.hexdigest()


def fingerprint(folder: Path) -> str:
    """Changes when the code or schemas that decide the index's contents change."""
    from editor.resources import resource

    parts = [str(index_db.SCHEMA_VERSION)]
    core = Path(__file__).resolve().parents[1]
    paths = [module for name in _INDEX_CODE for module in sorted((core / name).glob("*.py"))]
    for schemas in (resource("schemas"), folder / ".article-editor" / "schemas"):
        if schemas.is_dir():
            paths.extend(sorted(schemas.glob("*.yml")))
    for path in paths:
        try:
            stat = path.stat()
            parts.append(f"{path.parent.name}/{path.name}:{stat.st_mtime_ns}:{stat.st_size}")
        except OSError:
            parts.append(f"{path.parent.name}/{path.name}:-")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()
