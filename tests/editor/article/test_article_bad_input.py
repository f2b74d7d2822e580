"""Every bad input raises ArticleError naming the file and line; nothing else escapes load."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.article.article import Article, ArticleError
from tests.locations import FIXTURES

GOOD = (FIXTURES / "articles" / "lf.md").read_bytes()


def load_error(tmp_path: Path, data: bytes, name: str = "bad.md") -> ArticleError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleError) as info:
        Article.load(path)
    assert info.value.path == path
    assert str(path) in str(info.value)
    assert path.read_bytes() == data  # loading never writes
    return info.value


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    data = GOOD.replace(b"author: QuickTakes\n", b"author: [unclosed\n")
    error = load_error(tmp_path, data)
    assert error.line is not None and 17 <= error.line <= 20
    assert "YAML" in error.message


def test_bad_indentation_names_the_line(tmp_path: Path) -> None:
    data = GOOD.replace(b"  title: QuickTakes | Economics\n", b"  title: QuickTakes | Economics\n bad: x\n")
    error = load_error(tmp_path, data)
    assert error.line == 13  # the " bad: x" line


def test_no_front_matter(tmp_path: Path) -> None:
    error = load_error(tmp_path, b"# Just markdown\n\nNo front matter here.\n")
    assert error.line == 1 and "front matter" in error.message


def test_unclosed_front_matter(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD.split(b"\n---\n")[0] + b"\n")
    assert "not closed" in error.message


def test_binary_bytes(tmp_path: Path) -> None:
    error = load_error(tmp_path, b"---\nid: 1\n\x00\x01\x02\x89PNG\n---\n")
    assert error.line == 3 and "binary" in error.message


def test_latin1_bytes_name_the_line(tmp_path: Path) -> None:
    data = GOOD.replace(b"author: QuickTakes", "author: Jos\u00e9".encode("latin-1"))
    error = load_error(tmp_path, data)
    assert error.line == 17 and "UTF-8" in error.message


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    data = GOOD.replace(
        b"author: QuickTakes",
        f"author: !!python/object/apply:os.system ['touch {marker}']".encode(),
    )
    error = load_error(tmp_path, data)
    assert error.line == 17 and "tag" in error.message
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["---", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines += ["---", ""]
    error = load_error(tmp_path, "\n".join(lines).encode())
    assert "alias" in error.message and error.line is not None


@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a: ", "}"), ("- ", "")])
def test_very_deep_nesting(tmp_path: Path, opener: str, closer: str) -> None:
    depth = 50_000
    value = opener * depth + "x" + closer * depth
    data = f"---\nid: 1\nnest: {value}\n---\n".encode() if opener != "- " else f"---\nnest:\n{value}\n---\n".encode()
    error = load_error(tmp_path, data)
    assert ("deeper" in error.message or "nesting" in error.message) and error.line == 3


def test_front_matter_over_the_size_limit(tmp_path: Path) -> None:
    big = b"---\n" + b"".join(b"k%d: %s\n" % (i, b"x" * 100) for i in range(25_000)) + b"---\n"
    error = load_error(tmp_path, big)
    assert "limit" in error.message


def test_a_50_mb_file_is_refused_with_a_message(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD + b"x" * (50 * 1024 * 1024), "huge.md")
    assert "limit" in error.message


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError) as info:
        Article.load(tmp_path / "absent.md")
    assert "absent.md" in str(info.value)


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    error = load_error(tmp_path, b"---\n- a\n- b\n---\n")
    assert error.line == 2 and "mapping" in error.message


def test_error_text_is_path_line_message(tmp_path: Path) -> None:
    error = load_error(tmp_path, b"---\nid: [\n---\n")
    assert str(error).startswith(f"{tmp_path / 'bad.md'}:")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_nothing_but_article_error(data: bytes) -> None:
    try:
        Article.parse(data, "random.md")
    except ArticleError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#%@` \n\tab1.?,\\")), max_size=200))
def test_random_yaml_like_text_raises_nothing_but_article_error(body: str) -> None:
    try:
        Article.parse(("---\n" + body + "\n---\n").encode(), "random.md")
    except ArticleError:
        pass


def test_an_impossible_date_opens_as_text_so_the_file_can_be_fixed(tmp_path: Path) -> None:
    data = GOOD.replace(b"date: 2025-03-14", b"date: 2024-13-45")
    article = Article.parse(data, tmp_path / "a.md")
    assert article.get("date") == "2024-13-45"
    assert article.dumps() == data
    article.set("date", __import__("datetime").date(2024, 12, 31))
    assert b"\ndate: 2024-12-31\n" in article.dumps()
