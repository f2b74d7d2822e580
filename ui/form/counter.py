"""Length counters for fields with limits ("48 / 60"), amber near or under a limit, red past it.

Search engines cut titles and descriptions at a length; the counter tells the writer before the
site does. Colours are picked for the current palette so they stay readable in light and dark.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

OK, WARN, OVER = "ok", "warn", "over"
# Amber from this share of the maximum on: the writer sees the end coming before passing it.
NEAR_MAX = 0.9

_COLOURS = {  # (on a light window, on a dark window)
    WARN: ("#a15c00", "#ffb74d"),
    OVER: ("#c62828", "#ff6e6e"),
}


def counter_state(length: int, minimum: int | None, maximum: int | None) -> str:
    """``over`` past the maximum, ``warn`` under the minimum or close to the maximum, else ``ok``."""
    if maximum is not None and length > maximum:
        return OVER
    if minimum is not None and length < minimum:
        return WARN
    if maximum is not None and length > maximum * NEAR_MAX:
        return WARN
    return OK


def state_colour(state: str, palette: QPalette) -> QColor | None:
    """The text colour of a state on this palette; None keeps the palette's own colour."""
    if state not in _COLOURS:
        return None
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(_COLOURS[state][1 if dark else 0])


def state_style_sheet(selector: str, prop: str, palette: QPalette) -> str:
    """Colour rules for a widget's ``prop`` property (``warn``/``over``, and ``error`` as red);
    the ``ok`` state has no rule, so it keeps the palette's text colour."""
    rules = []
    for state, name in ((WARN, WARN), (OVER, OVER), (OVER, "error")):
        colour = state_colour(state, palette)
        if colour is not None:
            rules.append(f'{selector}[{prop}="{name}"] {{ color: {colour.name()}; font-weight: 600; }}')
    return "\n".join(rules)


def limits_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{minimum} to {maximum} characters"
    if maximum is not None:
        return f"at most {maximum} characters"
    return f"at least {minimum} characters"


class LengthCounter(QLabel):
    """"n / max" under a field; its ``state`` property is ``ok``, ``warn`` or ``over``."""

    def __init__(self, key: str, minimum: int | None, maximum: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"counter:{key}")
        self.minimum = minimum
        self.maximum = maximum
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip("Recommended length: " + limits_text(minimum, maximum))
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self.state = OK
        self.setStyleSheet(state_style_sheet("QLabel", "state", self.palette()))
        self.update_length(0)

    def update_length(self, length: int) -> None:
        limit = self.maximum if self.maximum is not None else self.minimum
        self.setText(f"{length} / {limit}")
        self.state = counter_state(length, self.minimum, self.maximum)
        if self.property("state") != self.state:
            self.setProperty("state", self.state)
            # Property selectors are matched at polish time; re-polish to pick the new colour.
            self.style().unpolish(self)
            self.style().polish(self)
