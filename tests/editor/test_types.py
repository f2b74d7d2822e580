"""The core type-checks: mypy runs over ``editor/`` as part of the suite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.locations import ROOT


def test_mypy_finds_no_type_errors_in_the_core() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
                            cwd=ROOT, capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
