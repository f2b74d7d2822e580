"""Work over many files as plans that can be previewed, then applied: project checks and fixes,
stale-link updates, renames with their backlinks, article files' lifecycle (new, duplicate,
trash), and bulk edits.

Bulk edits (issue 18): finding and replacing across a project (``find``, ``replace``) and setting a
field on a selection (``field_edit``) are built as one plan type without writing
(``plan.BulkPlan``: per file, its changes and a unified diff), then applied through a write-ahead
journal (``apply``, ``bulk_journal``), which makes the whole operation resumable and reversible as
one step.

How the window drives a bulk edit (nothing here blocks: each step that reads or writes files takes
``progress(done, total)`` and ``cancel()`` and runs on a background thread): ``find`` yields
``FileMatches`` (plain data) as it goes, which the GUI thread adds to a ``BulkPlan`` with
``replace.add_matches`` (or ``field_edit.plan_set`` builds the whole plan); a table or a replace
panel shows ``plan.files`` and their ``changes``, ticks ``change.enabled`` and asks a file for
its ``diff()`` (a few milliseconds); ``apply.apply(plan, skip=[files open with unsaved edits])``
writes it, and ``apply.undo(outcome.operation)`` is Ctrl+Z.

May import: ``editor.index`` and everything below it.
"""
