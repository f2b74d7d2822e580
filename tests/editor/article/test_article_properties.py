"""Properties over generated articles: exact round trip, local edits, answers that survive."""
from __future__ import annotations

import difflib

import yaml

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.article.article import Article
from editor.answer.codec import decode, encode

# YAML reads neither surrogates, controls, line or paragraph separators, nor U+FFFE and U+FFFF.
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                       exclude_characters="\ufffe\uffff"), min_size=1,
                max_size=40).map(str.strip).filter(bool)
ANSWERS = st.lists(
    st.sampled_from(["Plain words.", "**Bold** lead", "$a \\neq b$", "\\nabla", "`code\\n`", "\\\\", "1. item",
                     "- bullet", "$7.25 each", "| a | b |", "é ü ß", "#tag", "a: b", "\"quoted\"", "it's"]),
    min_size=1, max_size=12,
).map(lambda parts: "\\n".join(parts))


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    title = draw(WORDS)
    title_style = draw(st.sampled_from(["folded", "plain", "single", "double"]))
    if title_style == "folded":
        title_text = ">-\n    " + title
    elif title_style == "plain":  # plain where YAML allows it, as PyYAML decides
        title_text = yaml.safe_dump(title, width=float("inf"), allow_unicode=True).split("\n")[0]
    elif title_style == "single":
        title_text = "'" + title.replace("'", "''") + "'"
    else:
        title_text = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    answer = draw(ANSWERS)
    extra = draw(st.sampled_from(["", "draft: true\n", "# a comment\n", "tags:\n  - a\n  - b\n", "no_index: True\n"]))
    links = draw(st.integers(min_value=0, max_value=5))
    lines = ["---", "_schema: default", f"id: {draw(st.integers(1, 10**6))}", "date: 2024-12-02",
             "title: " + title_text, "seo:", "  title: QuickTakes | Test",
             "  page_keywords: >-", "    " + ", ".join(draw(st.lists(WORDS, min_size=1, max_size=4))),
             extra.rstrip("\n"), "answer: >-", "    " + answer, "subject: Psychology", "score: -1.0"]
    for n in range(1, links + 1):
        lines += [f"related_article{n}:", f"    id: {n}", "    title: >-", f"        Link {n}",
                  "    subject: Psychology", f"    url: /learn/psychology/questions/link-{n}"]
    lines += ["---", "", "&nbsp;"]
    text = newline.join(line for line in lines if line != "")
    text = text.replace(newline + "---" + newline + "&nbsp;", newline + "---" + newline + newline + "&nbsp;")
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8")


def changed(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode("utf-8-sig").splitlines(),
                                                  after.decode("utf-8-sig").splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@settings(max_examples=150, deadline=None)
@given(articles())
def test_dumps_of_parse_is_identity(data: bytes) -> None:
    article = Article.parse(data)
    assert article.dumps() == data
    article.answer = article.answer
    assert article.dumps() == data


@settings(max_examples=150, deadline=None)
@given(articles(), WORDS)
def test_keyword_edit_touches_only_its_own_lines(data: bytes, keywords: str) -> None:
    article = Article.parse(data)
    old = article.get("seo.page_keywords")
    article.set("seo.page_keywords", keywords)
    reread = Article.parse(article.dumps())
    assert reread.get("seo.page_keywords") == keywords
    assert {k: v for k, v in reread.data.items() if k != "seo"} == {
        k: v for k, v in Article.parse(data).data.items() if k != "seo"}
    diff = changed(data, article.dumps())
    if keywords != old:
        # The new value as the file may spell it: as is, single-quoted ('' for '), double-quoted.
        spelled = {keywords, keywords.replace("'", "''"),
                   yaml.safe_dump(keywords, default_style='"', allow_unicode=True, width=float("inf")).strip()[1:-1]}
        assert all(any(form in line for form in spelled) or old in line or line.strip() in ("-", "+")
                   or ">-" in line for line in diff), diff
        assert len(diff) <= 4


@settings(max_examples=150, deadline=None)
@given(articles(), st.text(max_size=300))
def test_an_edited_answer_reads_back_as_written(data: bytes, text: str) -> None:
    article = Article.parse(data)
    article.answer = text
    reread = Article.parse(article.dumps())
    expected = decode(encode(text))  # what the site can show: CR/CRLF are line breaks too
    assert reread.answer == expected
    assert changed(data, article.dumps()) == [] or all(
        line.lstrip("+-").startswith(("    ", "answer:")) for line in changed(data, article.dumps()))
