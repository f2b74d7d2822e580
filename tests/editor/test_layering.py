"""The core never imports Qt, so scripts and the CLI run without a window."""
from __future__ import annotations

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys, editor
for module in pkgutil.walk_packages(editor.__path__, "editor."):
    importlib.import_module(module.name)
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "qtawesome", "qtpy"))))
"""


def test_importing_every_editor_module_loads_no_qt_module() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_cli_subcommands_do_not_import_qt() -> None:
    code = ("import sys; from ui.app import main\n"
            "try:\n    main(['get', '/nonexistent.md', 'id'])\nexcept SystemExit:\n    pass\n"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
