"""Synthetic content folders with topics, to measure related-article suggestions against links.

``tests/perf/synth.py`` draws every title and link at random, so nothing in it says which
articles belong together. Here articles come in topics, as on a real site (a subject holds many
topics; a topic is a few dozen articles about one thing), and writers link the way they do:

- words: each topic has its own small vocabulary, drawn from one shared list, so a word can
  belong to several topics (as "resistance" is electrical and antibiotic), and its subtopics a
  few words more (a topic "circuits" has subtopics "resistors", "capacitors"...); general words
  ("process", "role"...) appear everywhere;
- an article's title, question and keywords use its topic's words (a few also a neighbouring
  topic's), with the site's question openers and glue words;
- its 3 to 5 related links go mostly to its own topic (and there mostly to its subtopic: the
  closest articles), then to its subject's other topics, and a few anywhere (often a popular
  article); some are returned by the target (reciprocal links).

``make_topic_folder(path, n, seed)`` writes ``n`` clean articles (no malformed files: this folder
measures ranking, not parsing) with ``synth.render``; ``topic_model(n, seed)`` returns the model.
Deterministic for a seed.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tests.perf.synth import SUBJECTS, _LINKERS, _OPENERS, _slug, _subject_folder, _vocabulary, render

ARTICLES_PER_TOPIC = 25
TOPIC_WORDS = 10
SUBTOPICS, SUBTOPIC_WORDS = 5, 4
SAME_SUBTOPIC = 0.6  # of the links into the article's own topic
GENERAL_WORDS = 250
SAME_TOPIC, SAME_SUBJECT = 0.65, 0.20  # where a link goes; the rest: anywhere
RECIPROCAL = 0.3


def topic_model(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng, size=4000)
    general = vocab[:GENERAL_WORDS]
    words = vocab[GENERAL_WORDS:]
    topics = []
    for number in range(max(4, n // ARTICLES_PER_TOPIC)):
        topics.append({"subject": SUBJECTS[number % len(SUBJECTS)], "words": rng.sample(words, TOPIC_WORDS),
                       "subtopics": [rng.sample(words, SUBTOPIC_WORDS) for _ in range(SUBTOPICS)],
                       "number": number})
    articles: list[dict[str, Any]] = []
    taken: set[str] = set()
    for i in range(n):
        topic = topics[rng.randrange(len(topics))]
        neighbour = topics[rng.randrange(len(topics))] if rng.random() < 0.1 else None
        subtopic = rng.randrange(SUBTOPICS)
        own = topic["subtopics"][subtopic] + topic["words"]  # the subtopic's words first: the commonest
        pick = lambda: own[min(int(rng.expovariate(0.25)), len(own) - 1)]  # noqa: E731 - a topic's words are Zipf-like
        while True:
            tail = rng.choice(general) if rng.random() < 0.5 else pick()
            title = f"{rng.choice(_OPENERS)} {pick()} {pick()} {rng.choice(_LINKERS)} {tail}?"
            path = f"{_subject_folder(topic['subject'])}/{_slug(title)}.md"
            if path not in taken:
                break
        taken.add(path)
        keywords = {pick() for _ in range(rng.randint(4, 6))} | {rng.choice(general) for _ in range(rng.randint(1, 3))}
        if neighbour is not None:
            keywords |= set(rng.sample(neighbour["words"], 2))
        if rng.random() < 0.4:
            keywords.add(f"{pick()} {pick()}")
        question = title if rng.random() < 0.7 else f"{rng.choice(_OPENERS)} {pick()} {rng.choice(general)} {pick()}?"
        stem = _slug(title)
        subject = topic["subject"]
        fields = {
            "_schema": "default", "id": 70000 + i, "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "title": title, "article_title": title, "date_format": "MMM DD, YYYY", "post_on_text": "Posted on",
            "seo": {"title": f"QuickTakes | {subject}",
                    "page_description": "This article explains " + " ".join([pick() for _ in range(6)] + rng.sample(general, 6)) + ".",
                    "page_keywords": ", ".join(sorted(keywords))},
            "author": "QuickTakes", "question": question,
            "answer": " ".join(pick() for _ in range(30)) + ".\\n\\n" + " ".join(rng.choice(general) for _ in range(30)) + ".",
            "subject": subject, "file_name": stem + ".md", "url": f"/learn/{_subject_folder(subject)}/questions/{stem}",
            "score": -1.0,
        }
        articles.append({"path": path, "fields": fields, "links": [], "odd": set(), "malformed": None, "topic": topic["number"],
                         "subtopic": (topic["number"], subtopic)})
    _link(rng, articles, topics)
    return articles


def _link(rng: random.Random, articles: list[dict[str, Any]], topics: list[dict[str, Any]]) -> None:
    by_topic: dict[int, list[int]] = {}
    by_subtopic: dict[tuple[int, int], list[int]] = {}
    by_subject: dict[str, list[int]] = {}
    for number, article in enumerate(articles):
        by_topic.setdefault(article["topic"], []).append(number)
        by_subtopic.setdefault(article["subtopic"], []).append(number)
        by_subject.setdefault(article["fields"]["subject"], []).append(number)
    popular = rng.sample(range(len(articles)), max(1, len(articles) // 100))
    chosen: list[list[int]] = [[] for _ in articles]
    for number, article in enumerate(articles):
        wanted = rng.choice((3, 4, 4, 5))
        for _attempt in range(wanted * 4):
            if len(chosen[number]) >= wanted:
                break
            roll = rng.random()
            near = by_subtopic[article["subtopic"]] if rng.random() < SAME_SUBTOPIC else by_topic[article["topic"]]
            pool = (near if roll < SAME_TOPIC else
                    by_subject[article["fields"]["subject"]] if roll < SAME_TOPIC + SAME_SUBJECT else
                    popular if rng.random() < 0.5 else range(len(articles)))
            target = rng.choice(list(pool))
            if target != number and target not in chosen[number]:
                chosen[number].append(target)
                if rng.random() < RECIPROCAL and len(chosen[target]) < 5 and number not in chosen[target]:
                    chosen[target].append(number)
    for number, article in enumerate(articles):
        article["links"] = [_ref(articles[target]) for target in chosen[number][:5]]


def _ref(article: dict[str, Any]) -> dict[str, Any]:
    f = article["fields"]
    return {"id": f["id"], "title": f["title"], "subject": f["subject"], "url": f["url"]}


def make_topic_folder(path: str | Path, n: int, seed: int = 0) -> Path:
    root = Path(path)
    for article in topic_model(n, seed):
        target = root / article["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(article))
    return root
