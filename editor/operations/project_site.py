"""The site checkout of an open project, for the views and checks that follow its collections.

One function, so that callers do not care where the site comes from: the index will hold it
(``project.site``, read once with the folder); until then it is read here, from the project's
folder, each time (a few small files: call it off the GUI thread).
"""
from __future__ import annotations

from typing import Any

from editor.site import Site, open_site


def project_site(project: Any) -> Site:
    """The ``Site`` of a project (an ``editor.index.Project`` or anything with a ``folder``)."""
    site = getattr(project, "site", None)
    return site if isinstance(site, Site) else open_site(project.folder)
