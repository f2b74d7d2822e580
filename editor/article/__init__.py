"""One article file: its front matter, minimal-diff edits (yamlpatch), atomic saves, its schema,
the slug rule that names it, and the dates it prints.

May import: ``editor.answer`` and ``editor.resources``.
"""
