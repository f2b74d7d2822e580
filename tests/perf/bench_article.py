"""Round-trip check and speed of article files over a whole folder; prints JSON.

    python tests/perf/bench_article.py                 # a generated folder of 10,000 articles
    python tests/perf/bench_article.py --size 35000
    python tests/perf/bench_article.py --folder PATH   # a real content folder (read-only)

For every file: load, dump unchanged (must be identical), write the answer back unchanged (must
be identical), and edit ``seo.page_keywords`` (must change only that field's lines). Throughput is
reported as a ratio to a naive ``frontmatter.load`` loop over the same files, in the same process.
"""
from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.article.article import Article, ArticleError  # noqa: E402

TEMPLATE = (Path(__file__).resolve().parents[1] / "fixtures" / "articles")


def generate(folder: Path, size: int, seed: int = 0) -> None:
    """Articles in the real format, varied from the test fixtures (styles, endings, BOM, extras)."""
    rng = random.Random(seed)
    variants = [p.read_bytes() for p in sorted(TEMPLATE.glob("*.md"))]
    subjects = ["psychology", "economics", "physics", "biology", "computer-science"]
    for i in range(size):
        base = rng.choice(variants)
        words = " ".join(rng.choice(["growth", "rate", "cell", "force", "memory", "bias", "graph"]) for _ in range(6))
        data = base.replace(b"90417", str(100000 + i).encode()).replace(
            b"savings, interest rate", words.replace(" ", ", ").encode())
        sub = folder / subjects[i % len(subjects)]
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i}.md").write_bytes(data)


def only_field_lines(before: Article, after: bytes, key: str) -> bool:
    """True when every line the edit removed or added lies within ``key``'s own lines."""
    first = before.line_of(key)
    key_lines = sorted({before.line_of(k) for k in before.keys()} | {
        before.line_of(f"{k}.{c}") for k in before.keys() for c in before.keys(k)} - {None})
    following = [line for line in key_lines if line > first]
    last = (following[0] if following else 10**9) - 1
    old = before.dumps().decode("utf-8-sig").splitlines()
    new = after.decode("utf-8-sig").splitlines()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal" and not (first - 1 <= i1 and i2 <= last):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder")
    parser.add_argument("--size", type=int, default=10000)
    args = parser.parse_args()
    tmp = None
    if args.folder:
        folder = Path(args.folder)
    else:
        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name)
        generate(folder, args.size)
    files = sorted(p for p in folder.rglob("*.md") if not any(part.startswith(".") for part in p.parts))
    blobs = [(p, p.read_bytes()) for p in files]

    import frontmatter

    start = time.perf_counter()
    for path, _ in blobs:
        try:
            frontmatter.load(str(path))
        except Exception:  # noqa: BLE001 - the naive loop just skips what it cannot read
            pass
    naive = time.perf_counter() - start

    errors, mismatched, answer_mismatched, edit_leaks = 0, [], [], []
    start = time.perf_counter()
    for path, data in blobs:
        try:
            article = Article.parse(data, path)
        except ArticleError:
            errors += 1
            continue
        if article.dumps() != data:
            mismatched.append(str(path))
        article.answer = article.answer
        if article.dumps() != data:
            answer_mismatched.append(str(path))
    ours = time.perf_counter() - start

    edited = 0
    for path, data in blobs:
        try:
            article = Article.parse(data, path)
            article.get("seo.page_keywords")
        except (ArticleError, KeyError):
            continue
        article.set("seo.page_keywords", "edited, keywords")
        edited += 1
        if not only_field_lines(Article.parse(data, path), article.dumps(), "seo.page_keywords"):
            edit_leaks.append(str(path))
    print(json.dumps({
        "files": len(blobs), "parse_errors": errors, "unchanged_mismatches": len(mismatched),
        "answer_writeback_mismatches": len(answer_mismatched), "keyword_edits": edited,
        "keyword_edits_touching_other_lines": len(edit_leaks), "examples": (mismatched + answer_mismatched + edit_leaks)[:5],
        "load_dump_answer_seconds": round(ours, 3), "naive_frontmatter_seconds": round(naive, 3),
        "ratio_to_naive": round(ours / naive, 3) if naive else None,
    }, indent=2))


if __name__ == "__main__":
    main()
