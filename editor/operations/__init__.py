"""Work over many files as plans that can be previewed, then applied: project checks and fixes,
stale-link updates, renames with their backlinks, article files' lifecycle (new, duplicate,
trash), and bulk edits.

Bulk edits (issue 18): finding and replacing across a project (``find``, ``replace``) and setting a
field on a selection (``field_edit``) are built as one plan type without writing
(``plan.BulkPlan``: per file, its changes and a unified diff), then applied through a write-ahead
journal (``apply``, ``bulk_journal``), which makes the whole operation resumable and reversible as
one step.

May import: ``editor.index`` and everything below it.
"""
