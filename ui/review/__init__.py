"""Reviewing changes with git in the window: the work tree's git state, the Changes panel
(stage, unstage, discard, commit) and the review view of a changed article.

The git work and the reviews come from ``editor.git`` and ``editor.review``; everything that
runs git goes to the thread pool (``ui.common.background``), never the GUI thread.

May import: ``ui.answer`` (its locked-down preview), ``ui.common`` and ``editor``.
"""
