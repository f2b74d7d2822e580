"""What the index gives back: the figures of an index run, and a search hit."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class IndexStats:
    files: int = 0
    articles: int = 0
    errors: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    fast: int = 0
    fallback: int = 0
    workers: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    rebuilt: bool = False
    database: str = ""
    database_bytes: int = 0
    leftovers_removed: int = 0  # stale temporary files of interrupted saves, deleted
    notice: str = ""  # something the user should be told: the database was damaged and rebuilt

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchResult:
    """One search hit. ``path`` is absolute; ``relpath`` is relative to the folder."""

    path: Path
    relpath: str
    id: Any
    title: str
    subject: str
    url: str
    date: str | None
    question: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.relpath, "id": self.id, "title": self.title, "subject": self.subject,
            "url": self.url, "date": self.date, "question": self.question,
        }
