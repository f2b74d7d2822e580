"""The schema-driven front-matter form: ``FrontMatterForm(controller, project, parent)``."""
from ui.form.form import FrontMatterForm

__all__ = ["FrontMatterForm"]
