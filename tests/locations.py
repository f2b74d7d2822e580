"""Where the tests find the project's own files, wherever a test module sits."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RESOURCES = ROOT / "resources"
