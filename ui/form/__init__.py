"""The schema-driven front-matter form: ``FrontMatterForm(controller, project, parent)``: one
widget per field type, keyword chips, length counters, the subject combo, linked titles and the
derived url and file name, and the keys no schema knows.

May import: ``ui.common`` and ``editor``.
"""
from ui.form.form import FrontMatterForm

__all__ = ["FrontMatterForm"]
