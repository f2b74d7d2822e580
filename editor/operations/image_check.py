"""Missing images over a project (``image-missing``), by each file's schema in its collection.

Only the files of collections whose schema has an image field are read (a site's 35 posts, not
its 35,000 answers); the index keeps no image values, and whether an image is there changes
without its article changing, so this runs at check time, like the answers' pitfalls. A
collection whose form is inferred from each file's values (no schema template) is not read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from editor.article.article import Article, ArticleError
from editor.checks.images import image_keys, image_problems
from editor.checks.problem import Problem
from editor.operations.project_site import project_site
from editor.site import Site, SiteSchemas


def missing_images(project: Any, site: Site | None = None) -> list[Problem]:
    """The ``image-missing`` problems of every file of the project (relpaths as the index has them)."""
    site = site or project_site(project)
    schemas = SiteSchemas(site)
    wanted = {c.name for c in site.collections if c.exists and image_keys(schemas.for_collection(c))}
    if not wanted:
        return []
    found: list[Problem] = []
    folder = Path(project.folder)
    for relpath, _title, _url in project.listing():
        collection = site.collection_for(relpath)
        if collection is None or collection.name not in wanted:
            continue
        try:
            article = Article.load(folder / relpath)
        except ArticleError:
            continue  # reported as the file's own problem
        found += file_missing_images(site, schemas, relpath, article.data, article.line_of)
    return found


def file_missing_images(site: Site, schemas: SiteSchemas, relpath: str, data: Mapping[str, Any],
                        line_of: Callable[[str], int | None]) -> list[Problem]:
    """The ``image-missing`` problems of one file's values (an open tab's, or a file's)."""
    keys = image_keys(schemas.for_file(relpath, dict(data)))
    return image_problems(relpath, data, line_of, keys, site.static_file, site.root) if keys else []
