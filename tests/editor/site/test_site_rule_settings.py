"""A project's rule settings (severity and thresholds per code and collection) and check's filters."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from editor.checks.problem import Problem
from editor.site import (
    apply_rule_settings, known_codes, open_site, parse_rule_settings, read_project_config, select_problems,
)
from tests.fixtures.site_checkout import ANSWER, POST, SITE, copy_site, sample_problems, write

RULES = """\
rules:
  seo-description-length: off
  title-length:
    severity: info
    max: 70
    collections:
      posts: off
      answers: {severity: warning, max: 65}
  missing-field:
    collections:
      posts: info
"""


def found() -> list[Problem]:
    return sample_problems()


def collection_of(path: str) -> str | None:
    collection = open_site(SITE).collection_for(path)
    return collection.name if collection else None


def test_settings_come_from_the_project_file(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, ".article-editor/config.yml", RULES)
    project = read_project_config(root, known_codes())
    assert project.messages == []
    settings = project.rules
    assert settings.severity("seo-description-length", None, "warning") == "off"
    assert settings.severity("title-length", "posts", "warning") == "off"
    assert settings.severity("title-length", "answers", "warning") == "warning"
    assert settings.severity("title-length", None, "warning") == "info"
    assert settings.severity("related-broken", "answers", "error") == "error"  # untouched
    assert settings.threshold("title-length", "max", "answers") == 65
    assert settings.threshold("title-length", "max", "pages") == 70
    assert settings.threshold("seo-description-length", "max", None, 160) == 160


def test_applying_settings_changes_severities_and_drops_what_is_off(tmp_path: Path) -> None:
    settings, complaints = parse_rule_settings(yaml.safe_load(RULES)["rules"], known_codes())
    assert complaints == []
    kept = apply_rule_settings(found(), settings, collection_of)
    assert [(p.path, p.code, p.severity) for p in kept] == [
        (ANSWER, "title-length", "warning"),
        (POST, "missing-field", "info"),
        (ANSWER, "missing-field", "error"),
        (ANSWER, "related-broken", "error"),
    ]
    assert found()[3].severity == "error"  # the problems themselves are not changed


def test_empty_settings_change_nothing() -> None:
    settings, _ = parse_rule_settings(None)
    assert apply_rule_settings(found(), settings, collection_of) == found()


def test_mistakes_in_rule_settings_are_reported_at_their_lines_and_the_rest_applies(tmp_path: Path) -> None:
    write(tmp_path, ".article-editor/config.yml", (
        "rules:\n"
        "  title-length: loud\n"
        "  seo-description-length:\n"
        "    max: lots\n"
        "    min: 40\n"
        "  speling-error: off\n"
        "  missing-field:\n"
        "    collections: [posts]\n"
        "  id-duplicate: {severity: info}\n"
    ))
    project = read_project_config(tmp_path, known_codes())
    assert {(m.line, m.code) for m in project.messages} == {
        (2, "config-invalid"), (4, "config-invalid"), (6, "config-unknown"), (8, "config-invalid"),
    }
    assert project.rules.threshold("seo-description-length", "min") == 40
    assert project.rules.severity("id-duplicate", None, "warning") == "info"
    assert project.rules.severity("speling-error", None, "warning") == "off"  # kept: a newer editor may know it


def test_rules_must_be_a_mapping() -> None:
    settings, complaints = parse_rule_settings(["title-length"])
    assert settings.rules == {} and complaints == [((), "'rules' must map rule codes to settings")]


@pytest.mark.parametrize(("kwargs", "codes"), [
    ({}, ["seo-description-length", "title-length", "title-length", "missing-field", "missing-field", "related-broken"]),
    ({"severity": "error"}, ["missing-field", "missing-field", "related-broken"]),
    ({"select": ["related-"]}, ["related-broken"]),
    ({"select": ["*-length"]}, ["seo-description-length", "title-length", "title-length"]),
    ({"ignore": ["title-length", "missing-field"]}, ["seo-description-length", "related-broken"]),
    ({"select": ["missing-field", "title-length"], "severity": "error"}, ["missing-field", "missing-field"]),
])
def test_check_filters_by_code_and_severity(kwargs: dict, codes: list[str]) -> None:
    assert [p.code for p in select_problems(found(), **kwargs)] == codes


def test_an_unknown_severity_filter_is_refused() -> None:
    with pytest.raises(ValueError, match="severity must be one of"):
        select_problems(found(), severity="fatal")
