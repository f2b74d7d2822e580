"""scripts/setup: which system packages it installs, how, and when it does nothing.

The script runs for real, from a copy of scripts/ in tmp_path, with stand-ins for the commands it
must not run here (dpkg-query, apt-cache, apt-get, sudo, id) first on PATH: each stand-in answers
from the environment and logs its call.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.locations import ROOT

SCRIPTS = ROOT / "scripts"

STAND_INS = {
    # "NAME installed" for each package asked about (after -W -f=FORMAT) but those in FAKE_MISSING;
    # like dpkg-query, it fails when any package asked about is not there.
    "dpkg-query": 'status=0; for p in "${@:3}"; do if [[ " $FAKE_MISSING " == *" $p "* ]]; then status=1; '
                  'else echo "$p installed"; fi; done; exit $status',
    # Known to apt unless named in FAKE_UNKNOWN.
    "apt-cache": 'for p in $FAKE_UNKNOWN; do [ "$p" = "${@: -1}" ] && exit 100; done; exit 0',
    "apt-get": 'echo "apt-get $*" >> "$FAKE_LOG"',
    "sudo": 'echo "sudo $*" >> "$FAKE_LOG"; "$@"',
    "id": 'echo "${FAKE_UID:-0}"',
}


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder with the real scripts/setup and scripts/system-packages.txt and no .venv."""
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    for name in ("setup", "system-packages.txt"):
        shutil.copy2(SCRIPTS / name, root / "scripts" / name)
    return root


def stand_ins(folder: Path, names: tuple[str, ...] = tuple(STAND_INS)) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        path = folder / name
        path.write_text(f"#!/usr/bin/env bash\n{STAND_INS[name]}\n")
        path.chmod(0o755)
    return folder


def tools_without_sudo(folder: Path) -> Path:
    """A PATH folder with the few real tools the script uses, so that no real sudo is found."""
    folder.mkdir()
    for tool in ("bash", "env", "dirname", "tr", "sed", "awk"):
        found = shutil.which(tool)
        assert found is not None, tool
        (folder / tool).symlink_to(found)
    return folder


def setup(checkout: Path, *args: str, missing: str = "", unknown: str = "", uid: int = 0,
          path: str | None = None, python: str = sys.executable, sudo: bool = True) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run scripts/setup; returns the process and the logged apt-get/sudo calls."""
    log = checkout / "calls.log"
    fake_bin = stand_ins(checkout / "fake-bin", tuple(n for n in STAND_INS if sudo or n != "sudo"))
    env = {
        "PATH": f"{fake_bin}:{path if path is not None else os.environ['PATH']}",
        "HOME": str(checkout), "FAKE_MISSING": missing, "FAKE_UNKNOWN": unknown,
        "FAKE_UID": str(uid), "FAKE_LOG": str(log), "PYTHON": python,
    }
    done = subprocess.run(["bash", str(checkout / "scripts" / "setup"), *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    calls = log.read_text().splitlines() if log.exists() else []
    return done, calls


def test_a_dry_run_names_exactly_the_missing_packages_and_runs_nothing(checkout):
    done, calls = setup(checkout, "--dry-run", "--packages-only", missing="libxcb-icccm4 libxcb-keysyms1")
    assert done.returncode == 0, done.stderr
    assert "would install 2 system packages" in done.stdout
    assert "would run: apt-get install -y -qq --no-install-recommends libxcb-icccm4 libxcb-keysyms1" in done.stdout
    assert calls == []


def test_nothing_is_installed_when_every_package_is_present(checkout):
    done, calls = setup(checkout, "--packages-only", uid=1000)
    assert done.returncode == 0, done.stderr
    assert "the system packages are all installed" in done.stdout
    assert calls == []  # neither sudo nor apt-get


def test_a_user_installs_the_missing_packages_through_sudo_after_being_told_which(checkout):
    done, calls = setup(checkout, "--packages-only", missing="libxcb-cursor0 libnss3", uid=1000)
    assert done.returncode == 0, done.stderr
    assert "installing 2 system packages" in done.stdout and "libxcb-cursor0 libnss3" in done.stdout
    assert calls == [
        "sudo apt-get update -qq",
        "apt-get update -qq",
        "sudo apt-get install -y -qq --no-install-recommends libxcb-cursor0 libnss3",
        "apt-get install -y -qq --no-install-recommends libxcb-cursor0 libnss3",
    ]


def test_root_runs_apt_get_itself(checkout):
    done, calls = setup(checkout, "--packages-only", missing="libnss3", uid=0)
    assert done.returncode == 0, done.stderr
    assert calls == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends libnss3"]


def test_a_renamed_library_is_installed_under_the_name_the_system_knows(checkout):
    # Ubuntu 24.04 has libasound2t64; Debian 12 only libasound2.
    for unknown, chosen in (("libasound2", "libasound2t64"), ("libasound2t64", "libasound2")):
        log = checkout / "calls.log"
        log.unlink(missing_ok=True)
        done, calls = setup(checkout, "--packages-only", missing="libasound2t64 libasound2", unknown=unknown)
        assert done.returncode == 0, done.stderr
        assert calls[-1] == f"apt-get install -y -qq --no-install-recommends {chosen}"


def test_either_name_of_a_renamed_library_counts_as_installed(checkout):
    done, calls = setup(checkout, "--packages-only", missing="libasound2t64")
    assert done.returncode == 0, done.stderr
    assert "all installed" in done.stdout and calls == []


def test_without_sudo_a_user_is_told_the_command_to_run_as_root(checkout, tmp_path):
    done, calls = setup(checkout, "--packages-only", missing="libxcb-icccm4", uid=1000,
                        path=str(tools_without_sudo(tmp_path / "tools")), sudo=False)
    assert done.returncode == 1
    assert "there is no sudo" in done.stderr
    assert "apt-get install --no-install-recommends libxcb-icccm4" in done.stderr
    assert calls == []


def test_the_smoke_tests_x_server_comes_only_with_ci(checkout):
    plain, _ = setup(checkout, "--dry-run", "--packages-only", missing="xvfb libnss3")
    ci, _ = setup(checkout, "--dry-run", "--packages-only", "--ci", missing="xvfb libnss3")
    assert "--no-install-recommends libnss3\n" in plain.stdout
    assert "--no-install-recommends libnss3 xvfb\n" in ci.stdout


def test_then_it_makes_the_venv_and_installs_the_app_with_the_test_extra_when_asked(checkout):
    app, _ = setup(checkout, "--dry-run")
    tests, _ = setup(checkout, "--dry-run", "--test")
    assert f"would run: {sys.executable} -m venv .venv" in app.stdout
    assert "would run: .venv/bin/pip install -q -e .\n" in app.stdout
    assert "would run: .venv/bin/pip install -q -e .[test]\n" in tests.stdout


def test_a_venv_left_without_pip_is_made_again(checkout):
    # Debian's python3 -m venv without python3-venv stops after writing bin/python.
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "python").symlink_to(sys.executable)
    done, _ = setup(checkout, "--dry-run")
    assert ".venv has no pip" in done.stdout
    assert f"would run: {sys.executable} -m venv --clear .venv" in done.stdout


def test_a_working_venv_is_kept(checkout):
    (checkout / ".venv" / "bin").mkdir(parents=True)
    for name in ("python", "pip"):
        (checkout / ".venv" / "bin" / name).symlink_to(sys.executable)
    done, _ = setup(checkout, "--dry-run")
    assert "-m venv" not in done.stdout
    assert "would run: .venv/bin/pip install -q -e .\n" in done.stdout


def test_a_python_older_than_3_11_is_refused_with_what_to_install(checkout, tmp_path):
    old = tmp_path / "python3.10"
    old.write_text('#!/usr/bin/env bash\n[ "$1" = -V ] && { echo "Python 3.10.12"; exit 0; }\nexit 1\n')
    old.chmod(0o755)
    done, calls = setup(checkout, "--dry-run", python=str(old))
    assert done.returncode == 1
    assert "needs Python 3.11 or newer" in done.stderr and "Python 3.10.12" in done.stderr
    assert "PYTHON=python3.11 scripts/setup" in done.stderr


def test_ci_installs_its_packages_through_setup_from_the_one_list():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/setup" in ci
    listed = [line.split("#")[0].strip() for line in (SCRIPTS / "system-packages.txt").read_text().splitlines()]
    assert not any(name and name in ci for name in listed if name.startswith("lib"))
