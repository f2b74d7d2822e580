"""Synthetic content folders in the real article format, of any size, for tests and benchmarks.

``make_folder(path, n, seed=0)`` writes ``n`` article files into ``path/<subject folder>/`` and
returns counts of what it planted, so tests can check that the project finds exactly that:

- related links that are broken, stale (an edited title, an id written as the string "76278",
  another subject spelling), self links and duplicates of a lower slot;
- copies of an article in a second subject folder (same id, so ``id-duplicate``, and a url
  that belongs to the first folder, so ``url-mismatch``);
- subjects spelled another way, invalid dates, missing required fields;
- odd but valid files: CRLF line ends, a BOM, plain/quoted titles, comments, unknown keys,
  wrapped folded text, 2-space link children, blank lines, a quoted id;
- malformed files (unclosed quotes, bad indentation, tabs, no front matter, bad UTF-8...).

The link counts are computed from the generated model by the rules of the issue, independently
of ``editor.links``. Everything is deterministic for a given seed.
"""
from __future__ import annotations

import datetime
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

SUBJECTS = [
    "Psychology", "Education Studies", "Computer Science", "Business Administration", "Biology",
    "Chemistry", "Economics", "Electrical Engineering", "Environmental Science", "Finance",
    "History", "Law", "Linguistics", "Marketing", "Mathematics", "Mechanical Engineering",
    "Medicine", "Nursing", "Philosophy", "Physics", "Political Science", "Sociology",
    "Statistics", "Accounting",
]
_OPENERS = ["What is", "Why is", "How does", "How can", "What are", "When should", "Which factors shape", "How do"]
_LINKERS = ["in", "for", "during", "within", "across", "under", "through"]
_SYLLABLES = "ka lo mi ne ru sa ti vo ze pa qui ber tan sol gra fin mar dex lum cor pel vis ton har".split()
_BAD_SUBJECT = {"Education Studies": "Education studies", "Computer Science": "computer science"}

MALFORMED_KINDS = ("unclosed-quote", "bad-indent", "tab-indent", "no-front-matter", "bad-utf8", "not-closed",
                   "flow-unclosed")
ODD_KINDS = ("crlf", "bom", "plain-title", "double-quoted-title", "single-quoted-title", "comments",
             "unknown-keys", "wrapped", "two-space-links", "blank-lines", "quoted-id", "final-newline")


def _vocabulary(rng: random.Random, size: int = 2500) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str], words: int) -> str:
    text = " ".join(rng.choice(vocab) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _answer(rng: random.Random, vocab: list[str], dollars: bool, latex: bool) -> str:
    parts = [" ".join(_sentence(rng, vocab, rng.randint(8, 16)) for _ in range(3))]
    for number in range(1, rng.randint(5, 8)):
        head = rng.choice(vocab).capitalize()
        parts.append(f"{number}. **{head}**: " + " ".join(_sentence(rng, vocab, rng.randint(10, 18)) for _ in range(2)))
    if dollars:
        parts.append(f"Each {rng.choice(vocab)} costs $7.25 each = $26.83 in total.")
    if latex:
        parts.append(f"In symbols, $a \\neq b$ holds for every {rng.choice(vocab)}.")
    if len(parts) % 3 == 0:  # real answers hold accented names, typographic quotes and symbols
        parts.append("Compare Thévenin’s and Norton’s forms: a ≠ b and x ≤ y — “in short”.")
    parts.append("In summary, " + _sentence(rng, vocab, 14).lower())
    return "\\n\\n".join(parts)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", title.lower()).strip().replace(" ", "-")


def _subject_folder(subject: str) -> str:
    return _slug(subject)


def make_model(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """The articles to write: fields (as YAML will load them), links, and how to write them."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    articles: list[dict[str, Any]] = []
    taken: set[str] = set()
    for i in range(n):
        subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
        while True:
            title = f"{rng.choice(_OPENERS)} {rng.choice(vocab)} {rng.choice(vocab)} {rng.choice(_LINKERS)} {rng.choice(vocab)}?"
            path = f"{_subject_folder(subject)}/{_slug(title)}.md"
            if path not in taken:
                break
        taken.add(path)
        stem = _slug(title)
        fields: dict[str, Any] = {
            "_schema": "default", "id": 50000 + i,
            "date": f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "title": title, "article_title": title, "date_format": "MMM DD, YYYY", "post_on_text": "Posted on",
            "seo": {
                "title": f"QuickTakes | {subject}",
                "page_description": "This article explains " + " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 22))) + ".",
                "page_keywords": ", ".join(rng.choice(vocab) for _ in range(8)),
            },
            "author": "QuickTakes", "question": title,
            "answer": _answer(rng, vocab, dollars=rng.random() < 0.03, latex=rng.random() < 0.02),
            "subject": subject, "file_name": stem + ".md",
            "url": f"/learn/{_subject_folder(subject)}/questions/{stem}", "score": -1.0,
        }
        articles.append({"path": path, "fields": fields, "links": [], "odd": set(), "malformed": None})
    _plant(rng, articles)
    return articles


def _ref(article: dict[str, Any]) -> dict[str, Any]:
    f = article["fields"]
    return {"id": f["id"], "title": f["title"], "subject": f["subject"], "url": f["url"]}


def _plant(rng: random.Random, articles: list[dict[str, Any]]) -> None:
    """Choose odd and broken files, copies, variants and the related links."""
    n = len(articles)
    for article in articles:
        roll = rng.random()
        if roll < 0.004:
            article["malformed"] = rng.choice(MALFORMED_KINDS)
        elif roll < 0.10:
            article["odd"] = set(rng.sample(ODD_KINDS, rng.randint(1, 3)))
        fields = article["fields"]
        if rng.random() < 0.003:
            fields["date"] = rng.choice(["2024-13-45", "soon", "2023-02-30"])
        if rng.random() < 0.002:
            del fields["article_title"]
        if fields["subject"] in _BAD_SUBJECT and rng.random() < 0.05:
            fields["subject"] = _BAD_SUBJECT[fields["subject"]]
        if "quoted-id" in article["odd"]:
            fields["id"] = str(fields["id"])
    good = [a for a in articles if a["malformed"] is None]
    for article in articles:
        if article["malformed"] is not None or n < 6:
            continue
        picks = rng.sample(good, min(len(good), 7))
        refs = [_ref(t) for t in picks if t is not article][: rng.choice((3, 4, 4, 4, 5))]
        for index, ref in enumerate(refs):
            roll = rng.random()
            if roll < 0.01:
                ref["url"] += "-old"  # broken, but the id and title still name the target
            elif roll < 0.015:
                ref["url"] = f"/learn/gone/questions/missing-{rng.randrange(10**6)}"
                ref["title"] = "A question that was removed?"
            elif roll < 0.03:
                ref["title"] = ref["title"][:-1] + " today?"  # the target's title was edited
            elif roll < 0.035:
                ref["id"] = str(ref["id"]) if isinstance(ref["id"], int) else int(ref["id"])
            elif roll < 0.04:
                ref["subject"] = ref["subject"].lower()
            elif roll < 0.045:
                ref.update(_ref(article))  # a self link
            elif roll < 0.05 and index:
                ref.update(refs[rng.randrange(index)])  # a duplicate of a lower slot
        article["links"] = refs
    # Copies of a few good articles in another subject folder keep id, title and url.
    for original in rng.sample(good, max(1, n // 400)) if n >= 50 else []:
        folder = _subject_folder(rng.choice([s for s in SUBJECTS if _subject_folder(s) != original["path"].split("/")[0]]))
        copy = {"path": f"{folder}/{original['path'].split('/')[1]}", "fields": dict(original["fields"]),
                "links": [dict(l) for l in original["links"]], "odd": set(), "malformed": None, "copy": True}
        if copy["path"] not in {a["path"] for a in articles}:
            articles.append(copy)


def _folded(key: str, text: str, indent: int, wrap: bool, content: int | None = None) -> list[str]:
    pad = " " * (content if content is not None else indent + 4)
    words = text.split(" ")
    if wrap and len(words) > 6 and "" not in words:
        cut = len(words) // 2
        return [f"{' ' * indent}{key}: >-", pad + " ".join(words[:cut]), pad + " ".join(words[cut:])]
    return [f"{' ' * indent}{key}: >-", pad + text]


def _title_lines(key: str, title: str, indent: int, odd: set[str]) -> list[str]:
    pad = " " * indent
    if "plain-title" in odd:
        return [f"{pad}{key}: {title}"]
    if "double-quoted-title" in odd:
        return [f"{pad}{key}: {json.dumps(title, ensure_ascii=False)}"]
    if "single-quoted-title" in odd:
        return [f"{pad}{key}: '" + title.replace("'", "''") + "'"]
    return _folded(key, title, indent, wrap=False)


_FOLDED_KEYS = frozenset({"article_title", "question", "answer"})


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, str) and value.isdigit() else str(value)


def render(article: dict[str, Any]) -> bytes:
    """The file's bytes, in the real layout with the article's odd or malformed traits."""
    f, odd, bad = article["fields"], article["odd"], article["malformed"]
    wrap = "wrapped" in odd
    out: list[str] = []
    for key, value in f.items():
        if key == "title" and isinstance(value, str):
            out += _title_lines("title", value, 0, odd)
        elif key == "seo":
            out += ["seo:", f"  title: {value['title']}"]
            # As in real files: seo's children at 2 spaces, their folded text at 4.
            out += _folded("page_description", value["page_description"], 2, wrap, content=4)
            out += _folded("page_keywords", value["page_keywords"], 2, wrap, content=4)
        elif key == "author" and "comments" in odd:
            out += ["# written by the import script", f"author: {value}  # team"]
        elif key in _FOLDED_KEYS and isinstance(value, str):
            out += _folded(key, value, 0, wrap and key != "answer")
        else:
            out.append(f"{key}: {_scalar(value)}".rstrip())
    if "unknown-keys" in odd:
        out += ["draft: false", "tags: [review, imported]", "extra:", "  reviewed: 2024-01-05", "  by: the editors"]
    child = "  " if "two-space-links" in odd else "    "
    for slot, link in enumerate(article["links"], start=1):
        out += [f"related_article{slot}:", f"{child}id: {_scalar(link['id'])}"]
        out += _folded("title", link["title"], len(child), wrap=False)
        out += [f"{child}subject: {link['subject']}", f"{child}url: {link['url']}"]
    if "blank-lines" in odd:
        out.insert(3, "")
    out = _break(out, bad)
    text = "\n".join(["---", *out, "---", "", "&nbsp;"])
    if "final-newline" in odd:
        text += "\n"  # real files end without one; some tools add it
    if bad == "no-front-matter":
        text = "# Notes\n\nJust markdown, no front matter.\n"
    elif bad == "not-closed":
        text = "\n".join(["---", *out, "", "&nbsp;"])
    if "crlf" in odd:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if "bom" in odd:
        data = b"\xef\xbb\xbf" + data
    if bad == "bad-utf8":
        data = data.replace(b"Posted on", b"Posted \xff on", 1)
    return data


def _break(lines: list[str], kind: str | None) -> list[str]:
    if kind == "unclosed-quote":
        return [f'author: "QuickTakes' if l.startswith("author:") else l for l in lines]
    if kind == "bad-indent":
        return [" " + l if l.startswith("subject:") else l for l in lines]
    if kind == "tab-indent":
        return ["\t" + l.lstrip() if l.startswith("  title:") else l for l in lines]
    if kind == "flow-unclosed":
        return lines + ["tags: [one, two"]
    return lines


def expected_counts(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """What a project check must find, computed from the model by the issue's rules."""
    loaded = sorted((a for a in articles if a["malformed"] is None), key=lambda a: a["path"])
    first_by_url: dict[str, dict[str, Any]] = {}
    for article in loaded:
        first_by_url.setdefault(article["fields"]["url"].strip(), article)
    counts: Counter[str] = Counter()
    for article in loaded:
        seen: set[str] = set()
        own = article["fields"]["url"].strip()
        for link in article["links"]:
            url = link["url"].strip()
            target = first_by_url.get(url)
            if target is None:
                counts["broken"] += 1
            elif any(link[k] != target["fields"][k] or type(link[k]) is not type(target["fields"][k])
                     for k in ("id", "title", "subject")):
                counts["stale"] += 1
            if url == own:
                counts["self"] += 1
            if url in seen:
                counts["duplicate"] += 1
            seen.add(url)
    ids = Counter((type(a["fields"]["id"]), a["fields"]["id"]) for a in loaded)
    spellings: dict[str, set[str]] = {}
    for article in loaded:
        spellings.setdefault(article["fields"]["subject"].casefold(), set()).add(article["fields"]["subject"])
    return {
        "files": len(articles),
        "malformed": sum(1 for a in articles if a["malformed"] is not None),
        "odd": sum(1 for a in articles if a["odd"]),
        "copies": sum(1 for a in articles if a.get("copy")),
        "links": sum(len(a["links"]) for a in loaded),
        "broken": counts["broken"], "stale": counts["stale"], "self": counts["self"], "duplicate": counts["duplicate"],
        "id_duplicate": sum(c for c in ids.values() if c > 1),
        "subject_variant_groups": sum(1 for s in spellings.values() if len(s) > 1),
        "date_invalid": sum(1 for a in loaded if not _valid_date(a["fields"]["date"])),
        "missing_article_title": sum(1 for a in loaded if "article_title" not in a["fields"]),
    }


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def article_model(relpath: str, title: str, *, id: Any = 50000, subject: str | None = None,
                  links: list[dict[str, Any]] | None = None, drop: tuple[str, ...] = (),
                  odd: tuple[str, ...] = (), **fields: Any) -> dict[str, Any]:
    """One article for hand-written fixtures: real-format defaults derived from path and title.

    ``fields`` override or add top-level values (written plain, in order, before the links);
    ``drop`` removes keys; ``links`` are ``{"id", "title", "subject", "url"}`` mappings.
    """
    folder, _, name = relpath.rpartition("/")
    subject = subject if subject is not None else (folder.replace("-", " ").title() or "General")
    stem = name[:-3] if name.endswith(".md") else name
    base: dict[str, Any] = {
        "_schema": "default", "id": id, "date": "2024-12-02", "title": title, "article_title": title,
        "date_format": "MMM DD, YYYY", "post_on_text": "Posted on",
        "seo": {"title": f"QuickTakes | {subject}",
                "page_description": f"A short explanation of {title.rstrip('?').lower()}, written for students and teachers alike.",
                "page_keywords": "alpha, beta, gamma"},
        "author": "QuickTakes", "question": title, "answer": "First paragraph.\\n\\nSecond paragraph.",
        "subject": subject, "file_name": name, "url": f"/learn/{folder}/questions/{stem}", "score": -1.0,
    }
    for key, value in fields.items():
        base[key] = value
    for key in drop:
        base.pop(key, None)
    return {"path": relpath, "fields": base, "links": list(links or []), "odd": set(odd), "malformed": None}


def link_to(model: dict[str, Any]) -> dict[str, Any]:
    """A related link that copies a model article's id, title, subject and url exactly."""
    return _ref(model)


def write_article(root: str | Path, model: dict[str, Any]) -> Path:
    """Write one ``article_model`` into the folder ``root``; returns its path."""
    path = Path(root) / model["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(model))
    return path


def write_linked_folder(root: str | Path) -> Path:
    """The smallest folder with backlinks: tides, the sky linking to tides, and trust linking to both."""
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101)
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102, links=[link_to(tides)])
    trust = article_model("psychology/why-does-trust-matter.md", "Why does trust matter?", id=205,
                          links=[link_to(sky), link_to(tides)])
    for model in (tides, sky, trust):
        write_article(root, model)
    return Path(root)


def make_folder(path: str | Path, n: int, seed: int = 0) -> dict[str, Any]:
    """Write a synthetic content folder of ``n`` articles (plus a few copies) into ``path``."""
    root = Path(path)
    articles = make_model(n, seed)
    folders = {a["path"].split("/")[0] for a in articles}
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for article in articles:
        (root / article["path"]).write_bytes(render(article))
    return expected_counts(articles)


if __name__ == "__main__":
    import sys

    print(json.dumps(make_folder(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)))
