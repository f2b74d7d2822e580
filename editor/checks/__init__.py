"""Problems and the pure rules that find them: the Problem vocabulary, one file's rules, and the
rules over a folder's link graph and fields. No Project in here: callers pass rows in.

May import: ``editor.render``, ``editor.article``, ``editor.answer`` and ``editor.resources``.
"""
