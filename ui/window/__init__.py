"""The main window and what it composes: the action table, menus and palette, document commands,
navigation, the project browser, the problems panel, dialogs of the window and recovery on start.

May import: ``ui.tab``, ``ui.review``, ``ui.answer``, ``ui.form``, ``ui.common`` and ``editor``.
"""
