"""A site checkout as its CMS configures it: collections, their schemas, page rules, rule settings.

This package reads the configs a site carries (CloudCannon, Decap CMS, Front Matter CMS) and the
project's own ``.article-editor/`` files into plain data: which collection a file belongs to,
which form it gets, how the site composes its published page, and how the checks are tuned for
the project. Everything here is pure and cheap; nothing is indexed or rendered.

May import: ``editor.checks`` (the Problem vocabulary), ``editor.article`` (schema, front
matter), ``editor.resources`` and what those may import. Never ``editor.index``,
``editor.operations``, the CLI or ``ui``: they sit above this package.

The public API:

- ``open_site(root) -> Site``; ``Site.collection_for(relpath)``, ``Site.is_schema_template(relpath)``,
  ``Site.static_file(url)``, ``Site.messages`` / ``Site.problems()``;
- ``SiteSchemas(site).for_file(relpath, data) -> Schema | None``;
- ``load_page_rules(root) -> (PageRules, messages)``; ``page_meta(data, relpath, collection, rules) -> PageMeta``;
- ``read_project_config(root).rules -> RuleSettings``; ``apply_rule_settings``, ``select_problems``;
- ``parse_baseline``, ``new_problems``, ``baseline_json``.
"""
from editor.site.baseline import BaselineError, baseline_json, new_problems, parse_baseline
from editor.site.checkout import known_codes, open_site
from editor.site.model import Collection, Group, SchemaRef, Site, SiteMessage
from editor.site.page_rules import PageMeta, PageRules, RuleSet, load_page_rules, page_meta
from editor.site.project_config import CONFIG_FILE, ProjectConfig, read_project_config
from editor.site.rule_settings import RuleSetting, RuleSettings, apply_rule_settings, parse_rule_settings, select_problems
from editor.site.template_schema import SiteSchemas, field_type, schema_from_template

__all__ = [
    "BaselineError", "CONFIG_FILE", "Collection", "Group", "PageMeta", "PageRules", "ProjectConfig",
    "RuleSet", "RuleSetting", "RuleSettings", "SchemaRef", "Site", "SiteMessage", "SiteSchemas",
    "apply_rule_settings", "baseline_json", "field_type", "known_codes", "load_page_rules", "new_problems",
    "open_site", "page_meta", "parse_baseline", "parse_rule_settings", "read_project_config",
    "schema_from_template", "select_problems",
]
