"""The answer's text: the backslash-n codec, the site pitfalls in it, and its spelling.

The answer is markdown stored inside YAML; this package knows that text and nothing else.
May import: editor.resources (the bundled spelling variant lists) and nothing else of ours;
pyspellchecker.
"""
