"""Bringing a few known files up to date in the index, without listing the folder.

After the editor saves an article, its title, links and problems in the index are out of date.
``Project.index()`` would notice, but it lists and stats every file of the folder first (about
half a second at 35,000 files); the editor knows which file it wrote. ``refresh_files`` reads
just those files again, as indexing reads them, in one transaction.
"""
from __future__ import annotations

import os
import sqlite3

from editor.index import database as index_db


def refresh_files(conn: sqlite3.Connection, folder: str, relpaths: list[str]) -> int:
    """Index the files ``relpaths`` (relative to ``folder``) again; a file that is gone is
    forgotten. Returns how many files were read. The stored listing digest is cleared, so the
    next full index compares the folder file by file once (and finds these up to date)."""
    stored = sorted({index_db.stored_path(relpath) for relpath in relpaths})
    if not stored:
        return 0
    present = [path for path in stored if os.path.isfile(os.path.join(folder, path))]
    with index_db.transaction(conn):
        marks = ",".join("?" * len(stored))
        rids = [rid for (rid,) in conn.execute(f"SELECT rid FROM articles WHERE path IN ({marks})", stored)]
        index_db.delete_rows(conn, rids)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('listing', NULL)")
        if present:
            first_rid = (conn.execute("SELECT max(rid) FROM articles").fetchone()[0] or 0) + 1
            batch = index_db.scan_chunk((folder, first_rid, [(path, None, None) for path in present]))
            index_db.Batch.write(conn, batch.rows())
    return len(present)
