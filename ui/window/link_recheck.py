"""Once a saved article is in the index, the open tabs related to it check their links again.

A tab whose related link copies the saved article's title may be stale now (its badge says so),
and a tab the saved article links to lists it under "Linked from" by its title. Only those tabs
ask the index again: re-checking every tab's links and backlinks cost 5-10 ms a tab at 35,000
articles, on the GUI thread.
"""
from __future__ import annotations

from typing import Sequence

from ui.tab.article_tab import ArticleTab

SLOTS = range(1, 6)


def _link_urls(tab: ArticleTab) -> set[str]:
    return {str((tab.related_panel.link(slot) or {}).get("url", "")).strip() for slot in SLOTS} - {""}


def _own_url(tab: ArticleTab) -> str:
    return str(tab.controller.get("url", "")).strip()


def recheck_related(saved: ArticleTab, tabs: Sequence[object]) -> None:
    """Refresh the related panels of ``tabs`` that link to ``saved`` or that ``saved`` links to."""
    own, targets = _own_url(saved), _link_urls(saved)
    for tab in tabs:
        if not isinstance(tab, ArticleTab) or tab is saved:
            continue
        if own and own in _link_urls(tab):
            tab.related_panel.refresh()
        if _own_url(tab) in targets:
            tab.related_panel.refresh_backlinks()
