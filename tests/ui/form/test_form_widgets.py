"""The richer inputs: length counters, keyword chips and the subject combo."""
from tests.ui.form.form_articles import form  # noqa: F401 - fixture
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QToolButton, QWidget


def field(form, key: str) -> QWidget:
    return form.findChild(QWidget, f"field:{key}")


def counter(form, key: str) -> QLabel:
    return form.findChild(QLabel, f"counter:{key}")


def retype(qtbot, widget, text: str) -> None:
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def text_colour(label: QLabel) -> str:
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def test_seo_title_counter_goes_from_plain_to_amber_to_red_as_it_passes_the_limit(form, qtbot):
    label = counter(form, "seo.title")
    seo_title = field(form, "seo.title")
    retype(qtbot, seo_title, "x" * 40)
    assert label.text() == "40 / 60" and label.property("state") == "ok"
    plain = text_colour(label)
    qtbot.keyClicks(seo_title, "x" * 17)
    assert label.text() == "57 / 60" and label.property("state") == "warn"
    amber = text_colour(label)
    qtbot.keyClicks(seo_title, "x" * 4)
    assert label.text() == "61 / 60" and label.property("state") == "over"
    red = text_colour(label)
    assert len({plain, amber, red}) == 3


def test_description_counter_is_amber_below_its_minimum(form, qtbot):
    description = field(form, "seo.page_description")
    description.selectAll()
    qtbot.keyClicks(description, "Too short.")
    assert counter(form, "seo.page_description").text() == "10 / 160"
    assert counter(form, "seo.page_description").property("state") == "warn"


def test_counters_follow_values_that_come_from_the_model(form):
    form.controller.set("title", "t" * 70)
    assert counter(form, "title").text() == "70 / 60"
    assert counter(form, "title").property("state") == "over"


def test_keywords_show_as_chips_without_rewriting_the_stored_string(form):
    chips = field(form, "seo.page_keywords")
    assert chips.keywords() == ["tides", "moon", "gravity", "oceans"]
    assert [c.findChild(QLabel).text() for c in chips.chips()] == ["tides", "moon", "gravity", "oceans"]
    assert form.controller.get("seo.page_keywords") == "tides, moon,  gravity , oceans"
    assert not form.controller.is_modified


def test_removing_a_chip_writes_the_keywords_back_comma_separated(form, qtbot):
    chips = field(form, "seo.page_keywords")
    qtbot.mouseClick(chips.chips()[1].findChild(QToolButton, "removeChip"), Qt.MouseButton.LeftButton)
    assert form.controller.get("seo.page_keywords") == "tides, gravity, oceans"


def test_typing_a_comma_or_enter_adds_chips_and_duplicates_are_ignored(form, qtbot):
    chips = field(form, "seo.page_keywords")
    qtbot.keyClicks(chips.input, "lunar cycle, Moon,")
    assert chips.input.text() == ""
    qtbot.keyClicks(chips.input, "sea level")
    qtbot.keyClick(chips.input, Qt.Key.Key_Return)
    assert form.controller.get("seo.page_keywords") == "tides, moon, gravity, oceans, lunar cycle, sea level"


def test_backspace_in_the_empty_keyword_input_removes_the_last_chip(form, qtbot):
    chips = field(form, "seo.page_keywords")
    qtbot.keyClick(chips.input, Qt.Key.Key_Backspace)
    assert chips.keywords() == ["tides", "moon", "gravity"]
    assert form.controller.get("seo.page_keywords") == "tides, moon, gravity"


def test_subject_combo_lists_the_folders_subjects(form):
    combo = field(form, "subject")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Earth Science", "Physics"]


def test_a_variant_subject_spelling_warns_and_offers_the_established_one(form, qtbot):
    combo = field(form, "subject")
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "earth  science")
    hint = form.findChild(QLabel, "hint:subject")
    assert hint.isVisibleTo(form) and hint.property("kind") == "warn"
    assert "variant" in hint.text() and "Earth Science" in hint.text()
    hint.linkActivated.emit("use")
    assert form.controller.get("subject") == "Earth Science"
    assert combo.currentText() == "Earth Science"
    assert not hint.isVisibleTo(form)


def test_a_brand_new_subject_gets_a_gentle_note_not_a_warning(form, qtbot):
    combo = field(form, "subject")
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Astronomy")
    hint = form.findChild(QLabel, "hint:subject")
    assert hint.property("kind") == "info" and "New subject" in hint.text()
    assert form.controller.get("subject") == "Astronomy"


def test_a_keyword_typed_without_comma_is_kept_when_the_article_is_saved(form, qtbot):
    chips = field(form, "seo.page_keywords")
    qtbot.keyClicks(chips.input, "neap tide")
    form.controller.save()
    assert "neap tide" in form.controller.path.read_text(encoding="utf-8")
    assert chips.input.text() == ""
