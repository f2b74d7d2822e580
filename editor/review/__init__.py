"""What a change does to articles: field by field, rendered, as source, and in problems.

One concept: reviewing changes between two versions of a content folder (commits, the index,
the work tree), as a reviewer reads them before they are published. Versions come from
``editor.git``; each one is read as the index reads files, compared field by field, rendered
with the site's renderer and checked with the project's checks.

- ``version``: one version of a file (bytes) read for review;
- ``fields``: old and new values by dotted key, the answer decoded; related links as lists;
- ``words``: word-level diffs of text values;
- ``blocks`` and ``rendered``: the rendered page cut into blocks, and the marked merged page;
- ``source``: the side-by-side diff of the decoded markdown;
- ``problems``: the problems a change adds and removes;
- ``changeset``: the changed articles of a range, with both versions;
- ``article_review``: the review of one article and of a change set, summary and JSON;
- ``report``: a self-contained offline HTML report of a change set;
- ``staging``: stage or unstage one field of an article, leaving its other edits alone.

It may import ``editor.git``, ``editor.index`` and everything below it (checks, render,
article, answer); never ``editor.operations``, ``editor.cli`` or Qt.
"""
from editor.review.article_review import ArticleReview, Summary, changeset_json, review_article, review_changeset, summarise
from editor.review.changeset import ArticleChange, ChangeSet, load_changeset
from editor.review.fields import ABSENT, FieldChange, RelatedLists, field_changes, related_lists
from editor.review.problems import ProblemChanges, index_resolver, problem_changes
from editor.review.rendered import RenderedDiff, diff_html, rendered_diff
from editor.review.source import SourceRow, side_by_side, source_html
from editor.review.version import Version, load_version
from editor.review.words import WordOp, word_diff, words_html

__all__ = [
    "ABSENT", "ArticleChange", "ArticleReview", "ChangeSet", "FieldChange", "ProblemChanges",
    "RelatedLists", "RenderedDiff", "SourceRow", "Summary", "Version", "WordOp", "changeset_json", "diff_html",
    "field_changes", "index_resolver", "load_changeset", "load_version", "problem_changes", "related_lists",
    "rendered_diff", "review_article", "review_changeset", "side_by_side", "source_html", "summarise",
    "word_diff", "words_html",
]
