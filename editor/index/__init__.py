"""A content folder as a project: discovery, the fast front-matter scan, the SQLite/FTS5 index,
its worker processes, search queries and related-article suggestions; ``Project`` is the way in.

May import: ``editor.checks`` and everything below it.
"""
