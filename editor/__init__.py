"""The core of Article Editor: article files, projects, links, checks and rendering.

Pure Python. Nothing under ``editor`` imports Qt, so scripts, the CLI and tests drive it without
a window.
"""
