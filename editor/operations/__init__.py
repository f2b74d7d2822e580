"""Work over many files as plans that can be previewed, then applied: project checks and fixes,
stale-link updates, renames with their backlinks, and article files' lifecycle (new, duplicate,
trash).

May import: ``editor.index`` and everything below it.
"""
