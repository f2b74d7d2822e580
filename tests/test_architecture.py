"""The architecture holds: the core never imports Qt, and the import contracts in pyproject.toml
(layers, no cycles) are kept and would catch a breach."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.locations import ROOT

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


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--no-cache", "--config", str(root / "pyproject.toml")], cwd=root,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(root)})


def test_the_import_contracts_in_pyproject_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("editor/article/slug.py", "import ui.app", "The core never imports the window or Qt"),
    ("editor/answer/codec.py", "from PySide6 import QtCore", "The core never imports the window or Qt"),
    ("editor/article/slug.py", "from editor.index import project", "The core's packages, top to bottom"),
    ("ui/common/settings.py", "from ui.window import main_window", "The window's packages, top to bottom"),
    # a cycle hidden in a function still counts
    ("editor/index/scan.py", "def _late():\n    from editor.index import database", "No import cycles"),
])
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    for package in ("editor", "ui"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / module, "a", encoding="utf-8") as source:
        source.write("\n\n" + line + "\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    verdicts = [line for line in result.stdout.splitlines() if line.endswith((" KEPT", " BROKEN"))]
    assert next(v for v in verdicts if v.startswith(broken)).endswith(" BROKEN")


def test_every_package_says_what_it_holds_and_what_it_may_import() -> None:
    packages = sorted(p for root in ("editor", "ui") for p in (ROOT / root).iterdir() if (p / "__init__.py").is_file())
    assert len(packages) >= 16
    for package in packages:
        import ast

        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert len(doc.split()) >= 12, f"{package.name}: no docstring saying what the package holds"
        assert "may import" in doc.lower(), f"{package.name}: its docstring does not say what it may import"


def test_no_module_holds_more_than_about_500_lines() -> None:
    big = {str(path.relative_to(ROOT)): n for root in ("editor", "ui") for path in (ROOT / root).rglob("*.py")
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert big == {}
