"""scripts/smoke.py fails when the X11 platform cannot load, as a desktop without a library would.

.ci/run runs it for real under Xvfb (and it passes there); this checks it notices a missing
library: an empty libxcb-icccm.so.4 first on the library path stands in for the package that
was missing on a fresh Debian machine.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.locations import ROOT


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (scripts/setup --ci installs it)")
def test_the_smoke_test_fails_when_an_xcb_library_is_missing(tmp_path: Path) -> None:
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-icccm.so.4").write_bytes(b"")
    env = {**os.environ, "LD_LIBRARY_PATH": str(broken)}
    env.pop("QT_QPA_PLATFORM", None)  # the smoke test sets xcb itself
    done = subprocess.run(["xvfb-run", "-a", sys.executable, str(ROOT / "scripts" / "smoke.py")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'Could not load the Qt platform plugin "xcb"' in done.stderr
