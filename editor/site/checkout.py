"""Opening a site checkout: which CMS config it carries, and its collections after every layer.

Three layers give a checkout its collections, each over the one before:

1. the site's own CMS config: CloudCannon's if there is one, else Decap CMS's, else Front Matter
   CMS's (a second config is noted and not read; the project file's ``cms:`` can choose);
2. the editor's defaults for this site family (``resources/site/defaults.yml``): a collection
   there is added only when its folder exists and no collection of the site has that folder;
3. the project file ``.article-editor/config.yml``: a collection there changes the one with its
   name, else the one with its folder, else it is added; ``disabled: true`` removes one.

Nothing here fails: a missing config means no collections, and every problem with a config
(malformed, a folder or template that is not there) is a message of the returned Site.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from editor.article.frontmatter import ArticleError
from editor.checks.problem import SEVERITY
from editor.resources import resource
from editor.site import cloudcannon, decap, frontmatter_cms
from editor.site.cms_config import CmsConfig, Settings, cascade_inputs, humanise
from editor.site.model import INFO, WARNING, Collection, Group, SchemaRef, Site, SiteMessage
from editor.site.project_config import CONFIG_FILE, PROJECT_DIR, ProjectConfig, read_defaults, read_project_config
from editor.site.template_schema import read_template

DEFAULTS_LABEL = "resources/site/defaults.yml"
SITE_CODES = frozenset({"config-invalid", "config-folder-missing", "config-file-missing", "config-unknown", "config-ignored"})
READERS: dict[str, tuple[Callable[[Path], str | None], Callable[[Path, str], CmsConfig]]] = {
    "cloudcannon": (cloudcannon.find, cloudcannon.read),
    "decap": (decap.find, decap.read),
    "frontmatter": (frontmatter_cms.find, frontmatter_cms.read),
}


def known_codes() -> frozenset[str]:
    """Every problem code a rule setting may name."""
    return frozenset(SEVERITY) | SITE_CODES


def open_site(root: str | Path) -> Site:
    """The site checkout at ``root``, with its collections, groups and messages."""
    root = Path(root)
    project = read_project_config(root, known_codes())
    messages = list(project.messages)
    cms = _cms_config(root, project.cms, messages)
    messages += cms.messages
    collections = [{**s, "source": cms.path} for s in cms.collections]
    taken = {s["path"] for s in collections}
    for default in read_defaults().collections:
        path = default.get("path")
        if path is not None and path not in taken and (root / path).is_dir():
            collections.append({**default, "source": DEFAULTS_LABEL})
    collections = _merge(collections, project.collections)
    built = [c for c in (_build(root, s, messages) for s in collections) if c is not None]
    groups = _groups(project, cms, built, messages)
    for folder, what in ((cms.static, "static"), (cms.uploads, "uploads")):
        if folder and not (root / folder).is_dir():
            messages.append(SiteMessage(cms.path, None, INFO, "config-folder-missing", f"the {what} folder '{folder}' is not in the checkout"))
    return Site(
        root=root,
        config=cms.path or None,
        cms=cms.cms or None,
        static=cms.static,
        uploads=cms.uploads,
        collections=tuple(built),
        groups=tuple(groups),
        messages=tuple(messages),
        project_config=project.path,
    )


def _cms_config(root: Path, choice: str, messages: list[SiteMessage]) -> CmsConfig:
    found = {kind: relpath for kind, (find, _read) in READERS.items() if (relpath := find(root))}
    if choice != "auto":
        found = {choice: found[choice]} if choice in found else {}
    if not found:
        return CmsConfig("", "")
    kind, relpath = next(iter(found.items()))
    for other in list(found.values())[1:]:
        messages.append(SiteMessage(other, None, INFO, "config-ignored",
                                    f"the site's collections come from {relpath}; this config is not read "
                                    f"(set 'cms' in {CONFIG_FILE} to choose)"))
    return READERS[kind][1](root, relpath)


def _merge(base: list[Settings], layer: Iterable[Settings]) -> list[Settings]:
    """``layer`` over ``base``: by name, else by folder, else added; disabled ones dropped."""
    merged = [dict(s) for s in base]
    for settings in layer:
        target = next((s for s in merged if s["name"] == settings["name"]), None)
        if target is None and "path" in settings:
            target = next((s for s in merged if s.get("path") == settings["path"]), None)
        if target is None:
            merged.append(dict(settings))
            continue
        for key, value in settings.items():
            if key == "inputs":
                target["inputs"] = cascade_inputs(target.get("inputs"), value)
            elif key not in ("name", "line", "source"):
                target[key] = value
        if "path" in settings:  # a message about the folder points at whoever named it last
            target["line"], target["source"] = settings.get("line"), settings.get("source", "")
    return [s for s in merged if not s.get("disabled")]


def _build(root: Path, settings: Settings, messages: list[SiteMessage]) -> Collection | None:
    name, source, line = settings["name"], settings.get("source", ""), settings.get("line")
    if "path" not in settings:
        if source:
            messages.append(SiteMessage(source, line, WARNING, "config-invalid",
                                        f"collection '{name}' has no 'path' and changes no collection of the site"))
        return None
    folder = settings["path"]
    exists = (root / folder).is_dir()
    if not exists:
        messages.append(SiteMessage(source, line, INFO, "config-folder-missing",
                                    f"collection '{name}': the folder '{folder}' is not in the checkout; it has no files"))
    schemas = tuple(settings.get("schemas", ()))
    for ref in schemas:
        _check_schema(root, name, ref, source, line, messages)
    text_field = settings.get("text_field")
    return Collection(
        name=name,
        label=settings.get("label") or humanise(name),
        folder=folder,
        url=settings.get("url", ""),
        schemas=schemas,
        schema_key=settings.get("schema_key", "_schema"),
        inputs=dict(settings.get("inputs", {})),
        enabled_editors=tuple(settings.get("enabled_editors", ())),
        icon=settings.get("icon", ""),
        has_body=settings.get("has_body", text_field is None),
        text_field=text_field,
        page_rules=settings.get("page_rules"),
        exists=exists,
        source=source,
    )


def _check_schema(root: Path, name: str, ref: SchemaRef, source: str, line: int | None, messages: list[SiteMessage]) -> None:
    if ref.path is not None:
        if not (root / ref.path).is_file():
            messages.append(SiteMessage(source, line, WARNING, "config-file-missing",
                                        f"collection '{name}': the schema template '{ref.path}' is not in the checkout"))
            return
        try:
            read_template(root / ref.path)
        except ArticleError as exc:
            messages.append(SiteMessage(ref.path, exc.line, WARNING, "config-invalid",
                                        f"schema template of collection '{name}': {exc.message}"))
    elif ref.bundled is not None:
        if not (resource("schemas", f"{ref.bundled}.yml").is_file()
                or (root / PROJECT_DIR / "schemas" / f"{ref.bundled}.yml").is_file()):
            messages.append(SiteMessage(source, line, WARNING, "config-unknown",
                                        f"collection '{name}': no schema called '{ref.bundled}' is bundled or in {PROJECT_DIR}/schemas"))


def _groups(project: ProjectConfig, cms: CmsConfig, built: list[Collection], messages: list[SiteMessage]) -> list[Group]:
    groups = project.groups if project.groups is not None else cms.groups
    source = project.path if project.groups is not None else cms.path
    names = {c.name for c in built}
    defined = names | {s["name"] for s in cms.collections} | {s["name"] for s in project.collections}
    kept = []
    for group in groups:
        for missing in sorted(set(group.collections) - defined):
            messages.append(SiteMessage(source or "", None, WARNING, "config-unknown",
                                        f"group '{group.heading}' names no collection called '{missing}'"))
        kept.append(Group(group.heading, tuple(n for n in group.collections if n in names)))
    return kept
