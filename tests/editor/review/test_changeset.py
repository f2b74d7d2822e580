"""Change sets of real repositories: exactly the edited fields, with the old values git has,
for the work tree, staged edits, renames, branches and conflicts; the JSON the CLI prints."""
from __future__ import annotations

import json

import pytest

from editor.article.article import Article
from editor.git import RevRange, open_repository
from editor.review import changeset_json, load_changeset, review_changeset, summarise
from editor.review.changeset import is_article_path
from tests.fixtures.git_repo import GitRepo
from tests.perf.synth import article_model, link_to, render

TIDES = "physics/how-do-tides-work.md"
SKY = "physics/why-is-the-sky-blue.md"
TRUST = "psychology/why-does-trust-matter.md"


def _models() -> dict[str, dict]:
    tides = article_model(TIDES, "How do tides work?", id=101, answer="Tides rise.\\n\\nThe moon pulls.")
    sky = article_model(SKY, "Why is the sky blue?", id=102, links=[link_to(tides)])
    trust = article_model(TRUST, "Why does trust matter?", id=205, links=[link_to(sky), link_to(tides)])
    return {TIDES: tides, SKY: sky, TRUST: trust}


@pytest.fixture
def site(work: GitRepo) -> GitRepo:
    for path, model in _models().items():
        work.write(f"content/{path}", render(model))
    work.write("content/notes.txt", "not an article")
    work.write("README.md", "# outside the folder\n")
    work.commit_all("three articles")
    return work


def _edit(work: GitRepo, path: str, change) -> None:
    model = _models()[path]
    change(model)
    work.write(f"content/{path}", render(model))


def _json(work: GitRepo, rev_range: RevRange | None = None) -> dict:
    repo = open_repository(work.root / "content")
    changeset = load_changeset(repo, rev_range)
    return json.loads(json.dumps(changeset_json(changeset, review_changeset(changeset))))


def test_edited_titles_answers_and_links_are_reported_with_the_values_git_has(site: GitRepo) -> None:
    _edit(site, TIDES, lambda m: m["fields"].update(answer="Tides rise.\\n\\nThe moon and the sun pull."))
    _edit(site, SKY, lambda m: m["fields"].update(title="Why is the daytime sky blue?"))
    _edit(site, TRUST, lambda m: m["links"].pop(0))
    site.git("add", f"content/{SKY}")  # staged edits count against HEAD too
    report = _json(site)
    fields = {a["path"]: {f["key"]: (f["old"], f["new"]) for f in a["fields"]} for a in report["articles"]}
    assert set(fields) == {TIDES, SKY, TRUST}
    assert set(fields[TIDES]) == {"answer"} and set(fields[SKY]) == {"title"}
    # Slot 1 now holds the tides link (same subject as the sky one); slot 2 is gone.
    assert set(fields[TRUST]) == {"related_article1.id", "related_article1.title", "related_article1.url",
                                  "related_article2.id", "related_article2.title", "related_article2.subject",
                                  "related_article2.url"}
    assert fields[TRUST]["related_article2.url"] == (_models()[TIDES]["fields"]["url"], None)
    for path, changed in fields.items():
        head = Article.parse(site.show(f"HEAD:content/{path}"))
        for key, (old, _new) in changed.items():
            expected = head.answer if key == "answer" else head.get(key, None)
            assert old == expected, (path, key)
    assert fields[TIDES]["answer"][1] == "Tides rise.\n\nThe moon and the sun pull."
    assert all(a["status"] == "modified" for a in report["articles"])


def test_the_index_and_the_unstaged_edits_are_separate_ranges(site: GitRepo) -> None:
    _edit(site, TIDES, lambda m: m["fields"].update(title="How do ocean tides work?"))
    site.git("add", f"content/{TIDES}")
    _edit(site, SKY, lambda m: m["fields"]["seo"].update(page_keywords="sky, light"))
    staged = _json(site, RevRange.staged())
    unstaged = _json(site, RevRange.unstaged())
    assert [(a["path"], [f["key"] for f in a["fields"]]) for a in staged["articles"]] == [(TIDES, ["title"])]
    assert [(a["path"], [f["key"] for f in a["fields"]]) for a in unstaged["articles"]] == [(SKY, ["seo.page_keywords"])]


def test_new_deleted_and_renamed_articles_have_their_status_and_fields(site: GitRepo) -> None:
    site.write("content/law/what-is-a-contract.md", render(article_model("law/what-is-a-contract.md",
                                                                       "What is a contract?", id=300)))
    (site.root / "content" / SKY).unlink()
    site.git("mv", f"content/{TRUST}", "content/psychology/why does trust matter é.md")
    articles = {a["path"]: a for a in _json(site)["articles"]}
    assert articles["law/what-is-a-contract.md"]["status"] == "new"
    assert all(f["old"] is None for f in articles["law/what-is-a-contract.md"]["fields"])
    assert articles[SKY]["status"] == "deleted" and all(f["new"] is None for f in articles[SKY]["fields"])
    renamed = articles["psychology/why does trust matter é.md"]
    assert renamed["status"] == "renamed" and renamed["old_path"] == TRUST and renamed["fields"] == []


def test_three_dots_review_what_a_branch_changes_since_it_left_main(site: GitRepo) -> None:
    site.git("checkout", "-q", "-b", "feature")
    _edit(site, TIDES, lambda m: m["fields"].update(title="How do ocean tides work?"))
    site.commit_all("feature")
    site.git("checkout", "-q", "main")
    _edit(site, SKY, lambda m: m["fields"].update(title="Why is the daytime sky blue?"))
    site.commit_all("main moves on")
    report = _json(site, RevRange.parse("main...feature"))
    assert [(a["path"], [f["key"] for f in a["fields"]]) for a in report["articles"]] == [(TIDES, ["title"])]
    assert report["range"] == "main...feature"
    both = _json(site, RevRange.parse("main..feature"))
    assert [a["path"] for a in both["articles"]] == [TIDES, SKY]


def test_a_conflicted_article_is_conflicted_and_unreadable_with_git_s_markers(site: GitRepo) -> None:
    titled = {title: _models()[TIDES] for title in ("Main title?", "Feature title?")}
    for title, model in titled.items():
        model["fields"]["title"] = title
    site.stopped_merge(f"content/{TIDES}", None, render(titled["Main title?"]), render(titled["Feature title?"]))
    repo = open_repository(site.root / "content")
    changeset = load_changeset(repo)
    (review,) = review_changeset(changeset)
    assert review.status == "conflicted" and review.error is not None and review.fields == ()
    old, new = review.texts()
    assert "<<<<<<<" in new and "<<<<<<<" not in old


def test_files_that_are_not_articles_and_files_outside_the_folder_are_left_out(site: GitRepo) -> None:
    site.write("content/notes.txt", "changed")
    site.write("README.md", "changed\n")
    site.write("content/.article-editor/schemas/default.md", "x")
    assert _json(site)["articles"] == []
    assert is_article_path("a/b.md") and not is_article_path(".hidden/b.md") and not is_article_path("node_modules/x.md")


def test_a_clean_work_tree_has_an_empty_change_set_and_summary(site: GitRepo) -> None:
    report = _json(site)
    assert report["articles"] == [] and report["summary"]["files"] == 0


def test_the_summary_counts_files_fields_and_problems(site: GitRepo) -> None:
    _edit(site, TIDES, lambda m: m["fields"].update(answer="Costs $7.25 each = $26.83.", title="How do tides work today?"))
    _edit(site, SKY, lambda m: m["fields"].update(author="Ada"))
    repo = open_repository(site.root / "content")
    summary = summarise(review_changeset(load_changeset(repo)))
    assert (summary.files, summary.fields_changed) == (2, 3)
    assert summary.by_key == {"answer": 1, "title": 1, "author": 1}
    assert summary.problems_added == 2  # dollar-math, and the title no longer gives the file name
    assert summary.problems_removed == 0


def test_the_rendered_diff_of_an_edited_answer_marks_the_changed_paragraph_only(site: GitRepo) -> None:
    _edit(site, TIDES, lambda m: m["fields"].update(answer="Tides rise.\\n\\nThe moon pulls hard."))
    repo = open_repository(site.root / "content")
    (review,) = review_changeset(load_changeset(repo))
    diff = review.rendered()
    assert [(c.op, c.kind) for c in diff.changes] == [("unchanged", "paragraph"), ("changed", "paragraph")]
    assert "<p>Tides rise.</p>" in diff.html
