"""The form builds one typed input per schema field, shows the article's values and writes the
writer's edits through the controller."""
import datetime as dt
from pathlib import Path

from tests.ui.form.form_articles import form, open_form  # noqa: F401 - fixtures
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from editor.article.schema import load_schema
from ui.form.chips import KeywordChips
from tests.locations import ROOT


def field(form, key: str) -> QWidget:
    return form.findChild(QWidget, f"field:{key}")


def test_every_schema_field_with_a_form_input_gets_one_named_after_its_dotted_key(form):
    expected = [
        spec.key for spec in load_schema("default").walk() if spec.type not in {"relation", "group", "markdown"}
    ]
    assert "seo.page_description" in expected and "title" in expected
    for key in expected:
        assert len(form.findChildren(QWidget, f"field:{key}")) == 1, key


def test_input_names_are_unique_within_the_form(form):
    names = [w.objectName() for w in form.findChildren(QWidget) if w.objectName().startswith("field:")]
    assert len(names) == len(set(names))


def test_relations_and_the_answer_have_no_form_input_but_the_answer_has_a_pointer(form):
    assert field(form, "answer") is None
    assert field(form, "related_article1") is None
    assert "answer pane" in form.findChild(QLabel, "note:answer").text()


def test_inputs_are_typed_by_the_schema(form):
    date = field(form, "date")
    assert isinstance(date, QDateEdit) and date.calendarPopup()
    assert isinstance(field(form, "id"), QLineEdit) and field(form, "id").isReadOnly()
    assert isinstance(field(form, "question"), QPlainTextEdit)
    assert isinstance(field(form, "date_format"), QComboBox) and not field(form, "date_format").isEditable()
    assert isinstance(field(form, "subject"), QComboBox) and field(form, "subject").isEditable()
    assert isinstance(field(form, "seo.page_keywords"), KeywordChips)
    assert form.findChild(QWidget, "group:seo").isAncestorOf(field(form, "seo.title"))


def test_inputs_show_the_article_values(form):
    assert field(form, "title").text() == "How do tides form?"
    assert field(form, "id").text() == "4410"
    assert field(form, "score").text() == "-1.0"
    assert field(form, "date").date() == QDate(2024, 12, 2)
    assert field(form, "date_format").currentText() == "MMM DD, YYYY"
    assert field(form, "subject").currentText() == "Earth Science"
    assert field(form, "question").toPlainText() == "How do tides form?"


def test_required_fields_are_marked_in_their_labels(form):
    title = form.findChild(QLabel, "label:title")
    author = form.findChild(QLabel, "label:author")
    assert title.property("required") is True and "*" in title.text()
    assert author.property("required") is False and "*" not in author.text()


def test_typing_a_title_changes_only_the_title_lines_of_the_saved_file(form, qtbot):
    before = form.controller.path.read_text(encoding="utf-8").splitlines()
    title = field(form, "title")
    title.selectAll()
    qtbot.keyClicks(title, "How do ocean tides form?")
    assert form.controller.get("title") == "How do ocean tides form?"
    form.controller.save()
    after = form.controller.path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after)
    assert changed == [before.index("title: >-") + 1]
    assert after[changed[0]] == "    How do ocean tides form?"


def test_the_date_shows_as_the_site_prints_it_and_follows_the_date_format(form, qtbot):
    site_date = form.findChild(QLabel, "siteDate:date")
    assert "Dec 02, 2024" in site_date.text()
    combo = field(form, "date_format")
    combo.setCurrentText("MMMM D, YYYY")
    combo.textActivated.emit("MMMM D, YYYY")
    assert form.controller.get("date_format") == "MMMM D, YYYY"
    assert "December 2, 2024" in site_date.text()


def test_picking_a_date_writes_a_yaml_date(form):
    field(form, "date").setDate(QDate(2025, 1, 7))
    assert form.controller.get("date") == dt.date(2025, 1, 7)
    assert "Jan 07, 2025" in form.findChild(QLabel, "siteDate:date").text()


def test_a_number_that_does_not_parse_is_flagged_and_not_written(form, qtbot):
    score = field(form, "score")
    score.selectAll()
    qtbot.keyClicks(score, "abc")
    assert form.controller.get("score") == -1.0
    assert form.findChild(QLabel, "hint:score").isVisibleTo(form)
    score.selectAll()
    qtbot.keyClicks(score, "2.5")
    assert form.controller.get("score") == 2.5
    assert not form.findChild(QLabel, "hint:score").isVisibleTo(form)


def test_focus_field_scrolls_to_the_input_and_focuses_it(qtbot, tmp_path: Path):
    form = open_form(qtbot, tmp_path, shown=False)
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    scroll.resize(500, 300)
    scroll.show()
    qtbot.waitExposed(scroll)
    scroll.activateWindow()
    assert form.focus_field("score")
    qtbot.waitUntil(lambda: field(form, "score").hasFocus())
    assert scroll.verticalScrollBar().value() > 0
    assert form.focus_field("draft")
    assert form.focus_field("related_article1.title") is False


def test_a_date_that_is_not_a_date_is_flagged_and_replaced_only_when_picked(qtbot, tmp_path: Path):
    from tests.ui.form.form_articles import ARTICLE

    form = open_form(qtbot, tmp_path, text=ARTICLE.replace("date: 2024-12-02", "date: sometime soon"))
    hint = form.findChild(QLabel, "hint:date")
    assert hint.isVisibleTo(form) and "sometime soon" in hint.text()
    assert form.controller.get("date") == "sometime soon"
    field(form, "date").setDate(QDate(2024, 5, 6))
    assert form.controller.get("date") == dt.date(2024, 5, 6)
    assert not hint.isVisibleTo(form)


def test_a_schema_inside_the_project_adds_its_own_fields(qtbot, tmp_path: Path):
    from tests.ui.form.form_articles import ARTICLE

    schema_dir = tmp_path / ".article-editor" / "schemas"
    schema_dir.mkdir(parents=True)
    bundled = (ROOT / "resources" / "schemas" / "default.yml").read_text(encoding="utf-8")
    extra = "  - key: draft\n    label: Draft\n    type: select\n    options: ['true', 'false']\n"
    (schema_dir / "default.yml").write_text(bundled.replace("\n# The children", extra + "\n# The children"), encoding="utf-8")
    form = open_form(qtbot, tmp_path, text=ARTICLE)
    assert isinstance(field(form, "draft"), QComboBox)
    assert "draft" not in form.other.keys()
