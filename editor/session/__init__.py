"""Crash safety of an editing session: the recovery journal of unsaved buffers, and the lock that
keeps a second window off the same folder.

May import: ``editor.article`` and below.
"""
