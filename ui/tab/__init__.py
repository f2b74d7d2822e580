"""One article's tab: its controller (the QObject that owns the ``editor`` Article), the related
panel and picker, and the watchers that keep the tab true (disk changes, the recovery journal).

May import: ``ui.answer``, ``ui.form``, ``ui.common`` and ``editor``.
"""
