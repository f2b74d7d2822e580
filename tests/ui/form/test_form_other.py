"""Keys the schema does not know: listed under "Other fields", edited as YAML, kept on save."""
from pathlib import Path

from tests.ui.form.form_articles import ARTICLE, form, open_form  # noqa: F401 - fixtures
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit


def yaml_input(form, key: str) -> QPlainTextEdit:
    return form.findChild(QPlainTextEdit, f"field:{key}")


def test_unknown_keys_are_listed_under_other_fields_and_schema_keys_are_not(form):
    box = form.findChild(QGroupBox, "otherFields")
    assert box.isVisibleTo(form) and box.title() == "Other fields"
    assert form.other.keys() == ["draft", "reviewers"]
    assert yaml_input(form, "draft").toPlainText() == "true"
    assert yaml_input(form, "reviewers").toPlainText() == "- ana\n- li"


def test_unknown_children_of_a_group_are_listed_with_their_dotted_key(qtbot, tmp_path: Path):
    text = ARTICLE.replace("  title: QuickTakes | Earth Science\n", "  title: QuickTakes | Earth Science\n  canonical: /x\n")
    form = open_form(qtbot, tmp_path, text=text)
    assert "seo.canonical" in form.other.keys()
    assert yaml_input(form, "seo.canonical").toPlainText() == "/x"


def test_the_section_is_hidden_when_every_key_is_known(qtbot, tmp_path: Path):
    text = ARTICLE.replace("draft: true\nreviewers:\n  - ana\n  - li\n", "")
    form = open_form(qtbot, tmp_path, text=text)
    assert form.other.keys() == []
    assert not form.findChild(QGroupBox, "otherFields").isVisibleTo(form)


def test_invalid_yaml_shows_an_error_and_is_not_written(form, qtbot):
    reviewers = yaml_input(form, "reviewers")
    reviewers.setPlainText("- ana\n- [li")
    error = form.findChild(QLabel, "yamlError:reviewers")
    assert error.isVisibleTo(form) and "line" in error.text()
    assert form.controller.get("reviewers") == ["ana", "li"]
    assert not form.controller.is_modified


def test_valid_yaml_is_written_as_the_parsed_value(form):
    yaml_input(form, "draft").setPlainText("false")
    assert form.controller.get("draft") is False
    yaml_input(form, "reviewers").setPlainText("- ana\n- li\n- mo")
    assert form.controller.get("reviewers") == ["ana", "li", "mo"]
    assert not form.findChild(QLabel, "yamlError:reviewers").isVisibleTo(form)


def test_unknown_keys_survive_a_save_after_other_edits(form, qtbot):
    title = form.findChild(QPlainTextEdit, "field:question")
    title.selectAll()
    qtbot.keyClicks(title, "What makes tides?")
    form.controller.save()
    saved = form.controller.path.read_text(encoding="utf-8")
    assert "draft: true\nreviewers:\n  - ana\n  - li\n" in saved


def test_an_edited_unknown_key_changes_only_its_own_lines(form):
    before = form.controller.path.read_text(encoding="utf-8").splitlines()
    yaml_input(form, "draft").setPlainText("false")
    form.controller.save()
    after = form.controller.path.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [("draft: true", "draft: false")]
