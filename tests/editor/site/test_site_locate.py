"""Finding the site a file belongs to, and how that site publishes it (editor.site.locate)."""
from __future__ import annotations

from pathlib import Path

from editor.article.article import Article
from editor.site.locate import find_site_root, open_publishing, publishing_for
from tests.fixtures.site_checkout import ANSWER, POST, copy_site, write


def test_the_site_root_is_the_nearest_folder_with_a_cms_config(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    assert find_site_root(root / ANSWER) == root.resolve()
    assert find_site_root(root / "content" / "learn") == root.resolve()


def test_a_project_folder_marks_a_root_too_and_the_nearest_one_wins(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "content" / "learn" / ".article-editor").mkdir()
    assert find_site_root(root / ANSWER) == (root / "content" / "learn").resolve()


def test_each_other_cms_config_marks_a_root(tmp_path: Path) -> None:
    for cms in ("decap", "frontmatter", "cloudcannon.json"):
        root = copy_site(tmp_path / cms, cms=cms)
        assert find_site_root(root / POST) == root.resolve(), cms


def test_a_file_of_a_plain_folder_belongs_to_no_site(tmp_path: Path) -> None:
    path = write(tmp_path / "plain", "biology/x.md", "---\ntitle: x\n---\n")
    assert find_site_root(path) is None and publishing_for(path) is None


def test_a_post_is_published_with_its_body_and_an_answer_with_its_answer_field(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    publishing = open_publishing(root)
    post = publishing.site_page(root / POST, Article.load(root / POST).data)
    answer = publishing.site_page(root / ANSWER, Article.load(root / ANSWER).data)
    assert post.has_body and post.meta.rule_set == "post"
    assert not answer.has_body and answer.meta.rule_set == "answer"
    assert post.images.static == (root / "public").resolve()
    assert publishing.relpath(root / ANSWER) == ANSWER and publishing.relpath(tmp_path) is None


def test_a_broken_page_rules_file_is_a_message_and_the_bundled_rules_stay(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, ".article-editor/page-rules.yml", "rule_sets: [not, a, mapping\n")
    publishing = open_publishing(root)
    assert any(m.path == ".article-editor/page-rules.yml" and m.code == "config-invalid" for m in publishing.messages)
    assert publishing.meta(ANSWER, Article.load(root / ANSWER).data).title.startswith("Student Question : ")
