"""Quick Open and the command palette, driven through their real widgets: Quick Open answers from
the project's index off the GUI thread, ranks title starts first, drops stale results and never
matches loosely across words; the palette answers at once from memory."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.window.finding_fixtures import content, private_dirs, window  # noqa: F401 - fixtures
from ui.window.quick_open import QuickOpen


def open_quick_open(window: Any) -> QuickOpen:
    window.show()
    window.actions["quickOpen"].trigger()
    popup = window.findChild(QuickOpen)
    assert popup is not None and popup.isVisible()
    return popup


def type_query(qtbot: Any, popup: QuickOpen, text: str) -> list[str]:
    """Type ``text`` and return the titles shown once its results are in."""
    popup.filter.clear()
    qtbot.keyClicks(popup.filter, text)
    qtbot.waitUntil(lambda: popup.shown_query == text, timeout=5000)
    return [popup.list.item(i).text().split("   —   ")[0] for i in range(popup.list.count())]


def test_quick_open_searches_the_index_on_another_thread_than_the_gui(window, qtbot) -> None:
    threads: list[threading.Thread] = []
    search = window.project.search

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return search(*args, **kwargs)

    window.project.search = spy
    popup = open_quick_open(window)
    assert type_query(qtbot, popup, "pulleys") == ["How do pulleys work?"]
    assert threads and all(thread is not threading.main_thread() for thread in threads)


def test_title_starts_rank_first_then_titles_holding_the_words_then_other_fields(window, qtbot) -> None:
    popup = open_quick_open(window)
    assert type_query(qtbot, popup, "photosy") == [
        "Photosynthesis in C4 plants", "Why is photosynthesis slow at night?", "What do leaves do?"]


def test_a_typo_finds_its_word_but_loose_matching_never_spans_words(window, qtbot) -> None:
    popup = open_quick_open(window)
    assert type_query(qtbot, popup, "pully") == ["How do pulleys work?"]
    assert type_query(qtbot, popup, "mitochondriX") == []  # not "Define homogeneous mixtures"
    assert popup.status.text() == "No article matches “mitochondriX”" and popup.status.isVisibleTo(popup)
    assert type_query(qtbot, popup, "mitochondri") == ["What do mitochondria do?"]
    assert not popup.status.isVisibleTo(popup)


def test_a_url_or_a_path_finds_its_article(window, qtbot) -> None:
    popup = open_quick_open(window)
    assert type_query(qtbot, popup, "/learn/economics/questions/why-do-markets-cl") == ["Why do markets clear?"]
    assert type_query(qtbot, popup, "physics/what-is-a-lever.md") == ["What is a lever?"]


def test_results_of_text_typed_over_are_dropped(window, qtbot) -> None:
    """The search for "pul" is still running while "leys" is typed: its rows never show."""
    gate = threading.Event()
    search = window.project.search

    def slow_for_pul(text: str, *args: Any, **kwargs: Any) -> Any:
        if text == "pul":
            gate.wait(5)
        return search(text, *args, **kwargs)

    window.project.search = slow_for_pul
    popup = open_quick_open(window)
    shown: list[str] = []
    popup.rowsShown.connect(shown.append)
    qtbot.keyClicks(popup.filter, "pul")
    qtbot.waitUntil(lambda: popup._searching == "pul")
    qtbot.keyClicks(popup.filter, "leys")
    qtbot.wait(60)
    gate.set()
    qtbot.waitUntil(lambda: popup.shown_query == "pulleys")
    assert shown == ["pulleys"]
    assert popup.list.item(0).text().startswith("How do pulleys work?")


def test_enter_before_the_results_arrive_opens_the_first_result_of_what_was_typed(window, qtbot, content) -> None:
    popup = open_quick_open(window)
    qtbot.keyClicks(popup.filter, "markets")
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)  # the debounce has not even run yet
    qtbot.waitUntil(lambda: window.current_tab() is not None)
    assert window.current_tab().path == (content / "economics/why-do-markets-clear.md").resolve()


def test_an_empty_query_lists_the_articles_as_the_browser_does(window, qtbot) -> None:
    popup = open_quick_open(window)
    assert popup.shown_query == ""
    first = popup.list.item(0).text().split("   —   ")[0]
    assert first == window.browser.entries[0].title


def test_the_command_palette_answers_each_keystroke_at_once_and_matches_a_word_missing_a_letter(window, qtbot) -> None:
    from ui.window.command_palette import CommandPalette

    window.show()
    window.actions["commandPalette"].trigger()
    palette = window.findChild(CommandPalette)
    assert palette is not None
    qtbot.keyClicks(palette.filter, "problms")  # no wait: the rows are there after the key
    assert palette.shown_query == "problms"
    assert "Problems" in palette.list.item(0).text()
    palette.filter.clear()
    qtbot.keyClicks(palette.filter, "zqxv")
    assert palette.list.count() == 0


def test_down_then_enter_opens_the_second_result(window, qtbot, content) -> None:
    popup = open_quick_open(window)
    assert type_query(qtbot, popup, "photosy")[1] == "Why is photosynthesis slow at night?"
    qtbot.keyClick(popup.filter, Qt.Key.Key_Down)
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    assert window.current_tab().path == (content / "biology/why-is-photosynthesis-slow-at-night.md").resolve()
