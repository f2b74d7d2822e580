"""The site's file-name rule (editor.slug)."""
from __future__ import annotations

import random
import re

from editor.article.slug import slugify, url_for


def _rule(title: str) -> str:
    """The rule as the site states it, written out plainly."""
    return re.sub(r"[^a-z0-9 ]", "", title.lower()).strip().replace(" ", "-")


def test_slugs_follow_the_sites_rule() -> None:
    assert slugify("What is IPO & FPO?") == "what-is-ipo--fpo"
    assert slugify("  Newton's 2nd law\t(F = ma)  ") == "newtons-2nd-lawf--ma"  # a tab is deleted, not a space
    assert slugify("Thévenin’s theorem") == "thvenins-theorem"
    assert slugify("???") == ""
    assert url_for("physics", "what-is-light") == "/learn/physics/questions/what-is-light"


def test_ascii_and_other_titles_give_the_rules_slug() -> None:
    rng = random.Random(4)
    alphabet = "aZ09 -_?!'&()\t\n\x0b.,:;éÉİß’—ǅ"
    for _ in range(3000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert slugify(title) == _rule(title), repr(title)
