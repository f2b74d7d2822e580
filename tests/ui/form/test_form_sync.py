"""Linked titles and the derived url and file name: on for new articles, off for existing ones,
and visible as toggles the writer can flip."""
from pathlib import Path

from tests.ui.form.form_articles import form, new_form, open_form  # noqa: F401 - fixtures
from PySide6.QtWidgets import QToolButton, QWidget

from editor.article.article import Article
from ui.tab.controller import ArticleController
from ui.form import FrontMatterForm


def field(form, key: str) -> QWidget:
    return form.findChild(QWidget, f"field:{key}")


def retype(qtbot, widget, text: str) -> None:
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_existing_articles_start_unlinked_and_locked_with_visible_toggles(form):
    assert not form.linked and form.locked
    for key in ("title", "article_title", "question"):
        button = form.findChild(QToolButton, f"linkToggle:{key}")
        assert button.isVisibleTo(form) and not button.isChecked()
    for key in ("file_name", "url"):
        assert form.findChild(QToolButton, f"lockToggle:{key}").isChecked()
        assert field(form, key).isReadOnly()


def test_new_articles_start_linked_and_unlocked(new_form):
    assert new_form.linked and not new_form.locked
    assert not field(new_form, "url").isReadOnly()


def test_an_article_without_a_file_is_taken_for_new(qtbot, tmp_path: Path):
    source = open_form(qtbot, tmp_path).controller.article.dumps()
    controller = ArticleController(Article.parse(source))
    form = FrontMatterForm(controller, None)
    qtbot.addWidget(form)
    assert form.linked and not form.locked


def test_unlinked_title_edit_changes_only_the_title(form, qtbot):
    retype(qtbot, field(form, "title"), "Why do tides rise twice a day?")
    get = form.controller.get
    assert get("title") == "Why do tides rise twice a day?"
    assert get("article_title") == "How do tides form?"
    assert get("question") == "How do tides form?"
    assert get("file_name") == "how-do-tides-form.md"


def test_linked_title_edit_updates_article_title_and_question_fields(new_form, qtbot):
    retype(qtbot, field(new_form, "title"), "Why do tides rise?")
    get = new_form.controller.get
    assert get("article_title") == get("question") == "Why do tides rise?"
    assert field(new_form, "article_title").text() == "Why do tides rise?"
    assert field(new_form, "question").toPlainText() == "Why do tides rise?"


def test_linked_question_edit_updates_the_titles(new_form, qtbot):
    question = field(new_form, "question")
    question.selectAll()
    qtbot.keyClicks(question, "What pulls the sea?")
    assert new_form.controller.get("title") == "What pulls the sea?"
    assert field(new_form, "title").text() == "What pulls the sea?"


def test_turning_the_link_on_for_an_existing_article_syncs_later_edits(form, qtbot):
    form.findChild(QToolButton, "linkToggle:article_title").click()
    assert form.linked
    retype(qtbot, field(form, "article_title"), "Tides, explained")
    assert form.controller.get("title") == "Tides, explained"
    form.findChild(QToolButton, "linkToggle:title").click()
    retype(qtbot, field(form, "title"), "Tides")
    assert form.controller.get("article_title") == "Tides, explained"


def test_unlocked_title_edit_derives_file_name_and_url_while_typing(new_form, qtbot):
    title = field(new_form, "title")
    title.selectAll()
    qtbot.keyClicks(title, "Why do ")
    assert new_form.controller.get("file_name") == "why-do.md"
    qtbot.keyClicks(title, "tides rise?")
    assert new_form.controller.get("file_name") == "why-do-tides-rise.md"
    assert new_form.controller.get("url") == "/learn/earth-science/questions/why-do-tides-rise"
    assert field(new_form, "url").text() == "/learn/earth-science/questions/why-do-tides-rise"


def test_unlocked_subject_edit_moves_the_url(new_form, qtbot):
    subject = field(new_form, "subject")
    subject.lineEdit().selectAll()
    qtbot.keyClicks(subject.lineEdit(), "Physics")
    assert new_form.controller.get("url") == "/learn/physics/questions/how-do-tides-form"


def test_locked_fields_do_not_follow_the_title(form, qtbot):
    retype(qtbot, field(form, "title"), "Completely new title")
    assert form.controller.get("url") == "/learn/earth-science/questions/how-do-tides-form"


def test_unlocking_derives_from_the_current_title_in_one_undo_step(form, qtbot):
    retype(qtbot, field(form, "title"), "Tides at a glance")
    steps = form.controller.undo_stack.count()
    form.findChild(QToolButton, "lockToggle:url").click()
    assert not form.locked and not field(form, "file_name").isReadOnly()
    assert form.controller.get("file_name") == "tides-at-a-glance.md"
    assert field(form, "url").text() == "/learn/earth-science/questions/tides-at-a-glance"
    assert form.controller.undo_stack.count() == steps + 1
    form.controller.undo_stack.undo()
    assert form.controller.get("file_name") == "how-do-tides-form.md"


def test_typing_into_linked_fields_is_one_undo_step_that_restores_them_all(new_form, qtbot):
    retype(qtbot, field(new_form, "title"), "Why do tides rise?")
    stack = new_form.controller.undo_stack
    assert stack.count() == 1
    stack.undo()
    get = new_form.controller.get
    assert get("title") == get("article_title") == get("question") == "How do tides form?"
    assert get("url") == "/learn/earth-science/questions/how-do-tides-form"
    assert field(new_form, "question").toPlainText() == "How do tides form?"
