"""Display math in the preview looks like the site's KaTeX display: centred, at display size."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from tests.ui.answer.answer_fixtures import write_article

from ui.answer.pane import AnswerPane
from ui.tab.controller import ArticleController

ANSWER = "Newton wrote it as\n\n$$\nF = m a\n$$\n\nand inline as $F = ma$ too."


@pytest.fixture
def pane(qapp, qtbot, tmp_path: Path):
    widget = AnswerPane(ArticleController(write_article(tmp_path, ANSWER)), None)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.last_result is not None and widget.preview.version >= widget.last_result.version,
                    timeout=15000)
    yield widget
    widget.shutdown()
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qapp.processEvents()


def measure(pane: AnswerPane, qtbot, script: str):
    out: list = []
    pane.preview.run_app_js(script, lambda value: out.append(value))
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


GEOMETRY = """(() => {
  const block = document.querySelector('math[display="block"]');
  const inline = document.querySelector('math[display="inline"]');
  const formula = block.querySelector('mrow').getBoundingClientRect();
  const column = document.querySelector('p').getBoundingClientRect();  // the text column
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const wrapper = block.closest('.katex-display') || block;
  return JSON.stringify([formula.left - column.left, column.right - formula.right, formula.width,
                         size(block) / size(inline), getComputedStyle(wrapper).overflowY]);
})()"""


def test_display_math_is_centred_at_display_size_without_a_scroll_bar(pane, qtbot):
    space_left, space_right, width, ratio, overflow = json.loads(measure(pane, qtbot, GEOMETRY))
    assert width > 40
    assert space_left > 100 and abs(space_left - space_right) <= 2  # centred on the text column
    assert ratio == pytest.approx(1.1, abs=0.02)  # 1.21em against inline's 1.1em, as KaTeX's display
    assert overflow == "hidden"  # a tall formula never grows scroll arrows beside it
