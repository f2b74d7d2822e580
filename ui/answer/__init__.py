"""The answer pane: the markdown editor, its highlighter and find bar, spelling menu, and the live
preview with its render process and worker.

May import: ``ui.common`` and ``editor``.
"""
