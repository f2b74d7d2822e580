"""The small content folder of the bulk operation tests: answers, a blog post with a body, a
broken file; and a snapshot of a folder's bytes."""
from __future__ import annotations

from pathlib import Path

from tests.perf.synth import article_model, link_to, write_article

TIDES_ANSWER = ("The moon pulls the sea toward it.\\n\\nTwo bulges form: one facing the moon, one away.\\n\\n"
                "1. **Spring tides** come when sun and moon line up.\\n2. **Neap tides** come when they pull apart.")
SKY_ANSWER = ("Sunlight scatters off air molecules.\\n\\nBlue light scatters most, so the sky looks blue; "
              "at sunset the light crosses more air and the sky turns red.")
TRUST_ANSWER = "Trust lets a team take risks.\\n\\nWithout trust, people hide mistakes."
POST = (
    "---\n_schema: default\nid: 9001\ndate: 2024-07-29\ntitle: >-\n    Notes on the moon\n"
    "subject: Astronomy\nanswer: ''\n---\n\nThe moon has no air.\n\nSo its sky is black, even by day."
).encode()



def write_folder(root: Path) -> Path:
    """Tides and the sky (physics), trust (psychology, no_index), a post with a body, a broken file."""
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101, answer=TIDES_ANSWER)
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102, answer=SKY_ANSWER,
                        links=[link_to(tides)])
    trust = article_model("psychology/why-does-trust-matter.md", "Why does trust matter?", id=205,
                          answer=TRUST_ANSWER, no_index=True, links=[link_to(sky), link_to(tides)])
    for model in (tides, sky, trust):
        write_article(root, model)
    (root / "posts").mkdir(parents=True, exist_ok=True)
    (root / "posts" / "notes-on-the-moon.md").write_bytes(POST)
    (root / "physics" / "broken.md").write_bytes(b"---\ntitle: [the moon\n---\n")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, by relative path (hidden files too: a stray temp file shows)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
