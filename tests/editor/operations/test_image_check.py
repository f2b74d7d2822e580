"""``image-missing``: an image field (type ``image`` in the file's schema, a post's
``featuredImg.image``) naming a file the site's static folder does not have is a problem on the
field's line, in the whole-project check and when an open article is checked again."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.article import article as article_module
from editor.article.article import Article
from editor.index.project import Project
from editor.operations.check import check_project
from editor.operations.image_check import missing_images
from editor.operations.recheck import recheck
from tests.fixtures.site_checkout import POST, POST_WITHOUT_SEO, copy_site

NOTES = "content/posts/notes-from-our-first-year.md"  # the fixture's post whose photo is not there

IMAGE = b"image: /uploads/study-desk.png"


def line_of(path: Path, text: bytes) -> int:
    return path.read_bytes()[: path.read_bytes().index(text)].count(b"\n") + 1


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = copy_site(tmp_path)
    post = root / POST_WITHOUT_SEO
    post.write_bytes(post.read_bytes().replace(IMAGE, b"image: /uploads/no-such-desk.png"))
    return root


def test_a_post_naming_a_missing_image_has_a_problem_on_the_fields_line(site: Path) -> None:
    project = Project.open(site)
    found = [p for p in check_project(project) if p.code == "image-missing"]
    assert [(p.path, p.field, p.line, p.severity) for p in found] == [
        (POST_WITHOUT_SEO, "featuredImg.image", line_of(site / POST_WITHOUT_SEO, b"image: /uploads/no-such"), "error"),
        (NOTES, "featuredImg.image", line_of(site / NOTES, b"image: /uploads/missing-photo"), "error")]
    assert "'/uploads/no-such-desk.png'" in found[0].message and "no public/uploads/no-such-desk.png" in found[0].message


def test_images_that_are_there_and_remote_images_are_not_problems(site: Path) -> None:
    post = site / POST_WITHOUT_SEO
    post.write_bytes(post.read_bytes().replace(b"image: /uploads/no-such-desk.png", b"image: https://cdn.example.org/x.png"))
    notes = site / NOTES
    notes.write_bytes(notes.read_bytes().replace(b"/uploads/missing-photo.png", b"/uploads/study-desk.png"))
    assert missing_images(Project.open(site)) == []


def test_only_the_files_of_collections_with_an_image_field_are_read(site: Path, monkeypatch) -> None:
    project = Project.open(site)
    project.index()
    read: list[str] = []
    load = Article.load

    def spy(path):
        read.append(Path(path).relative_to(site).as_posix())
        return load(path)

    monkeypatch.setattr(article_module.Article, "load", staticmethod(spy))
    missing_images(project)
    assert read and all(path.startswith("content/posts/") for path in read)


def test_an_open_articles_recheck_reports_the_image_its_buffer_names(site: Path) -> None:
    project = Project.open(site)
    project.index()
    buffer = (site / POST).read_bytes().replace(b"/uploads/", b"/uploads/gone/", 1)
    updates = {u.path: u.problems for u in recheck(project, None, {}, [POST], {POST: buffer}).updates}
    assert [p.field for p in updates[POST] if p.code == "image-missing"] == ["featuredImg.image"]
    fixed = {u.path: u.problems for u in recheck(project, None, {}, [POST], {}).updates}
    assert not [p for p in fixed[POST] if p.code == "image-missing"]


def test_a_folder_without_a_site_config_has_no_image_checks(tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms=None)
    post = root / POST_WITHOUT_SEO
    post.write_bytes(post.read_bytes().replace(IMAGE, b"image: /uploads/no-such-desk.png"))
    assert missing_images(Project.open(root)) == []


def test_the_check_command_reports_missing_images_with_file_and_line(site: Path, capsys) -> None:
    import json

    from editor.cli import main

    code = main(["check", str(site), "--json", "--select", "image-missing"])
    found = json.loads(capsys.readouterr().out)["problems"]
    assert code == 1
    assert sorted((p["path"], p["line"]) for p in found) == [
        (POST_WITHOUT_SEO, line_of(site / POST_WITHOUT_SEO, b"image: /uploads/no-such")),
        (NOTES, line_of(site / NOTES, b"image: /uploads/missing-photo"))]
