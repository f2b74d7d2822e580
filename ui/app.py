"""The ``article-editor`` entry point.

``article-editor get|set|index|search|check|links|render ...`` goes straight to ``editor.cli``
without importing Qt. Anything else opens the window::

    article-editor [PATH] [--open REL_PATH] [--screenshot OUT.png] [--size 1400x900]
                   [--action ID ...] [--find TEXT]

``--action`` triggers an action of the table (``replace``, ``toggleForm``...) once the article
is open, so a screenshot can show the find bar or a collapsed form; ``--find`` types a search
into the open find bar.

PATH is a content folder, or an article file (opened inside its folder's project). Without PATH
the last project reopens, or the bundled sample folder on the first run.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from editor.cli import COMMANDS

if TYPE_CHECKING:  # Qt is imported only once we know a window is wanted
    from ui.window.main_window import MainWindow
    from ui.common.settings import Settings

SCREENSHOT_TIMEOUT_MS = 30_000


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        from editor.cli import main as cli_main

        return cli_main(args)
    return run_window(args)


def _parse(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="article-editor",
        description="Edit article files. Subcommands without a window: " + ", ".join(COMMANDS) + ".",
    )
    parser.add_argument("path", nargs="?", help="content folder or article file (default: the last project)")
    parser.add_argument("--open", dest="open_path", metavar="REL_PATH", help="article to open, relative to the folder")
    parser.add_argument("--review", nargs="?", const="", default=None, metavar="REL_PATH",
                        help="open the review of the folder's git changes once its status is read (at REL_PATH)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen, save a PNG and exit")
    parser.add_argument("--size", default=None, metavar="WxH", help="window size, e.g. 1400x900")
    parser.add_argument("--action", dest="actions", action="append", default=[], metavar="ID",
                        help="trigger this action (e.g. replace, toggleForm) after opening; repeatable")
    parser.add_argument("--find", metavar="TEXT", help="search for TEXT in the open find bar (with --action find or replace)")
    parsed = parser.parse_args(args)
    if parsed.size:
        try:
            width, height = (int(n) for n in parsed.size.lower().split("x"))
        except ValueError:
            parser.error(f"--size wants WIDTHxHEIGHT, e.g. 1400x900, not {parsed.size!r}")
        parsed.size = (width, height)
    return parsed


def project_root_for(path: Path) -> Path:
    """The content folder a file belongs to: the nearest ancestor with ``.article-editor``, else
    the folder above its subject folder (articles live in ``<root>/<subject>/<slug>.md``)."""
    path = path.resolve()
    for parent in path.parents:
        if (parent / ".article-editor").is_dir():
            return parent
    return path.parent.parent if path.parent.parent != path.parent else path.parent


def default_project(settings: "Settings") -> Path:
    from editor.resources import SAMPLE_CONTENT

    last = settings.last_project()
    return Path(last) if last else SAMPLE_CONTENT


def create_window(path: str | Path | None = None, settings: "Settings | None" = None) -> "MainWindow":
    """The main window for ``path`` (folder or file), not shown. Needs a QApplication."""
    from ui.window.main_window import MainWindow
    from ui.common.settings import Settings

    settings = settings or Settings()
    window = MainWindow(settings)
    target = Path(path).expanduser() if path is not None else default_project(settings)
    if target.is_file():
        window.open_project(project_root_for(target))
        window.open_article(target)
    elif target.is_dir():
        window.open_project(target)
    else:
        window.open_project(default_project(settings))
        window.statusBar().showMessage(f"{target} does not exist; opened the last project instead", 8000)
    return window


def _make_application(offscreen: bool):  # -> QApplication
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start its sandbox as root (and the preview process dies); only then
        # is it turned off. The preview still runs no scripts and loads nothing remote.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    # QtWebEngine (the preview) needs this before the app exists; with it set, the module itself
    # may load later, when the first article opens, which keeps start-up fast.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "article-editor"])
    app.setApplicationName("Article Editor")
    app.setOrganizationName("ArticleEditor")
    app.setDesktopFileName("article-editor")
    return app


def _follow_palette(app) -> None:  # app: QApplication
    """Icons take the palette's text colours, so they stay visible in light and dark themes."""
    import qtawesome as qta
    from PySide6.QtGui import QPalette

    palette = app.palette()
    qta.set_defaults(
        color=palette.color(QPalette.ColorRole.WindowText).name(),
        color_disabled=palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name(),
    )
    app.setWindowIcon(qta.icon("fa5s.feather-alt", color="#2f7ed8"))


def _run_actions(window: "MainWindow", names: list[str], find: str | None) -> bool:
    """Trigger the named actions in order; False (with a message) for an unknown one."""
    for name in names:
        action = window.actions.get(name)
        if action is None:
            known = ", ".join(sorted(window.actions))
            print(f"article-editor: --action {name}: no such action (known: {known})", file=sys.stderr)
            return False
        action.trigger()
    if find:
        bar = getattr(getattr(window.current_tab(), "answer_pane", None), "find_bar", None)
        if bar is not None and bar.isVisible():
            bar.find_edit.setText(find)
            bar.find_next()
    return True


def run_window(args: list[str]) -> int:
    options = _parse(args)
    if options.path is not None and not Path(options.path).expanduser().exists():
        print(f"article-editor: {options.path}: no such file or folder", file=sys.stderr)
        return 1
    app = _make_application(offscreen=bool(options.screenshot))
    _follow_palette(app)
    from ui.common.settings import Settings

    settings = Settings()
    scratch = None
    if options.screenshot and not os.environ.get("ARTICLE_EDITOR_SETTINGS"):
        # A screenshot shows the default layout and leaves the user's settings alone.
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="article-editor-")
        settings = Settings.at(Path(scratch.name) / "settings.ini")
    window = create_window(options.path, settings)
    if options.size:
        window.resize(*options.size)
    if options.open_path:
        window.open_article(options.open_path)
    window.show()
    if not _run_actions(window, options.actions, options.find):
        return 2
    if options.review is not None:
        window.review.show_review_when_found(options.review or None)
    if options.screenshot:
        from ui.window.screenshot import take_when_loaded

        take_when_loaded(window, Path(options.screenshot), SCREENSHOT_TIMEOUT_MS, review=options.review is not None)
    try:
        return app.exec()
    finally:
        if scratch is not None:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
