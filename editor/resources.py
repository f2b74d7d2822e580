"""Where the app's bundled resources live (schemas, page templates, the sample content folder)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource("schemas", "default.yml")``."""
    return ROOT.joinpath(*parts)


SAMPLE_CONTENT = resource("sample-content")
