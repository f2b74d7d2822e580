"""The Qt window of Article Editor: thin widgets that present ``editor`` objects.

PySide6 is pinned below 6.12 in pyproject.toml: 6.12.0 leaks references to None and True on
Python 3.11 (every void call and every emit), which aborts the interpreter after a few thousand
calls.
"""
