"""Staging one field of an article: the index gets that field's lines, the other edit stays
unstaged; unstaging and discarding one field the same way."""
from __future__ import annotations

import pytest

from editor.article.article import Article
from editor.git import commit, open_repository
from editor.review.staging import discard_field, stage_field, unstage_field, with_field_from
from tests.fixtures.git_repo import AUTHOR_EMAIL, AUTHOR_NAME, GitRepo
from tests.perf.synth import article_model, render

PATH = "physics/how-do-tides-work.md"


def _model(**fields):
    model = article_model(PATH, "How do tides work?", id=101, answer="Tides rise.\\n\\nThe moon pulls.")
    model["fields"].update(fields)
    return model


@pytest.fixture
def edited(work: GitRepo) -> GitRepo:
    """A committed article whose title and answer were both edited on disk."""
    work.write(PATH, render(_model()))
    work.commit_all("base")
    work.write(PATH, render(_model(title="How do ocean tides work?", answer="Tides rise.\\n\\nThe moon pulls hard.")))
    return work


def test_staging_one_field_and_committing_leaves_the_other_edit_unstaged(edited: GitRepo) -> None:
    repo = open_repository(edited.root)
    stage_field(repo, PATH, "title")
    commit(repo, "Retitle the tides article")
    assert edited.git("diff", "--cached") == ""
    diff = edited.git("diff", "-U0")
    assert "The moon pulls hard." in diff and "title" not in diff.replace("How do ocean tides work?", "")
    assert edited.git("log", "-1", "--format=%an <%ae>|%s") == f"{AUTHOR_NAME} <{AUTHOR_EMAIL}>|Retitle the tides article\n"
    committed = Article.parse(edited.show(f"HEAD:{PATH}"))
    assert committed.get("title") == "How do ocean tides work?" and committed.answer == "Tides rise.\n\nThe moon pulls."


def test_the_staged_blob_differs_from_the_index_only_in_that_field_s_lines(edited: GitRepo) -> None:
    repo = open_repository(edited.root)
    before = edited.show(f":{PATH}").decode().splitlines()
    stage_field(repo, PATH, "answer")
    after = edited.show(f":{PATH}").decode().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after) and len(changed) == 1 and after[changed[0]].startswith("    Tides rise.")
    assert edited.read(PATH) == render(_model(title="How do ocean tides work?", answer="Tides rise.\\n\\nThe moon pulls hard."))


def test_staging_every_changed_field_stages_the_file_as_it_is_on_disk(edited: GitRepo) -> None:
    repo = open_repository(edited.root)
    for key in ("title", "answer"):
        stage_field(repo, PATH, key)
    assert edited.show(f":{PATH}") == edited.read(PATH)
    assert edited.git("diff") == ""


def test_unstaging_one_field_gives_the_index_head_s_value_back(edited: GitRepo) -> None:
    repo = open_repository(edited.root)
    edited.git("add", PATH)
    unstage_field(repo, PATH, "answer")
    staged = Article.parse(edited.show(f":{PATH}"))
    assert staged.get("title") == "How do ocean tides work?" and staged.answer == "Tides rise.\n\nThe moon pulls."


def test_discarding_one_field_returns_the_bytes_from_before(edited: GitRepo) -> None:
    repo = open_repository(edited.root)
    before = edited.read(PATH)
    done = discard_field(repo, PATH, "title")
    assert done.before == before and edited.read(PATH) == done.after
    now = Article.parse(edited.read(PATH))
    assert now.get("title") == "How do tides work?" and now.answer == "Tides rise.\n\nThe moon pulls hard."
    dry = discard_field(repo, PATH, "answer", write=False)
    assert edited.read(PATH) == done.after and dry.after == render(_model())


def test_a_field_added_or_removed_on_disk_is_added_or_removed_in_the_blob() -> None:
    base = render(_model())
    with_draft = render(article_model(PATH, "How do tides work?", id=101, answer="Tides rise.\\n\\nThe moon pulls.",
                                      draft="pending"))
    added = with_field_from(base, with_draft, "draft")
    assert Article.parse(added).get("draft") == "pending"
    assert with_field_from(with_draft, base, "draft") == base


def test_a_nested_key_and_the_body_can_be_staged_alone() -> None:
    base = render(_model())
    other = _model()
    other["fields"]["seo"]["page_keywords"] = "moon, sea"
    edited = render(other).replace(b"&nbsp;", b"A body.")
    only_keywords = with_field_from(base, edited, "seo.page_keywords")
    assert Article.parse(only_keywords).get("seo.page_keywords") == "moon, sea"
    assert only_keywords.endswith(b"&nbsp;")
    only_body = with_field_from(base, edited, "body")
    assert only_body == base.replace(b"&nbsp;", b"A body.")


def test_crlf_and_bom_files_keep_their_line_ends_and_bom() -> None:
    base = b"\xef\xbb\xbf" + render(_model()).replace(b"\n", b"\r\n")
    edited = b"\xef\xbb\xbf" + render(_model(title="How do ocean tides work?")).replace(b"\n", b"\r\n")
    assert with_field_from(base, edited, "title") == edited


def test_a_file_git_does_not_track_cannot_have_one_field_staged(work: GitRepo) -> None:
    work.write("other.md", "x")
    work.commit_all()
    work.write(PATH, render(_model()))
    with pytest.raises(ValueError, match="the index has no version of this file"):
        stage_field(open_repository(work.root), PATH, "title")
