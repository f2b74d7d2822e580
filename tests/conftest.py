"""Shared test setup: Qt runs offscreen, and QtWebEngine's sandbox is off only when running as root."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --disable-background-networking")

_exit_status = {"code": None}


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001 - pytest's hook signature
    _exit_status["code"] = int(exitstatus)


def pytest_unconfigure(config):  # noqa: ARG001
    """Leave without Python's interpreter teardown once pytest has reported everything.

    Tearing down QtWebEngine's profile during interpreter finalization, after hundreds of test
    windows, can crash Chromium's threads (exit 139) although every test passed; the verdict is
    already printed, so the process exits with pytest's own status instead.
    """
    if _exit_status["code"] is not None and os.environ.get("PYTEST_XDIST_WORKER") is None:
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status["code"])
