"""Related-article suggestions: rank other articles by how much they share with one article.

The ranking is Okapi BM25 over each article's title, question and keywords, with the article's
own title, question and keywords as the query. Keywords count double because writers pick them
to describe the topic, while titles and questions carry filler. On top of BM25:

- every keyword phrase the two articles share (compared case-insensitively) adds a bonus and is
  reported as the reason for the suggestion, since "shares: coaching, trust" is what a writer can
  judge at a glance;
- a candidate that already links back to the article gets a boost, because a one-way relation is
  usually a missing reciprocal link.

The corpus is built once per project (document frequencies, lengths, postings) and reused for
every query; scoring touches only the postings of the query's terms.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

K1 = 1.2
B = 0.75
KEYWORD_WEIGHT = 2  # keywords are chosen by hand; their terms count twice
SHARED_KEYWORD_BONUS = 1.5  # per exact keyword phrase shared with the article
LINKS_BACK_FACTOR = 1.5  # candidates that already link to the article rank higher
LINKS_BACK_BONUS = 1.0

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Question words and glue that every article's title and question repeat; they would only add
# noise to the reasons and cost postings scans.
STOPWORDS = frozenset(
    """a about an and are as at be been being by can could do does did for from has have how
    in into is it its of on or s should that the their them these they this those to was
    were what when where which who whom why will with would you your""".split()
)


def terms(text: str) -> list[str]:
    """Lowercased word terms of ``text`` without stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def keyword_list(raw: object) -> tuple[str, ...]:
    """The comma-separated keywords of ``seo.page_keywords``, normalised for comparison."""
    if raw is None:
        return ()
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    seen: dict[str, None] = {}
    for item in items:
        norm = " ".join(str(item).lower().split())
        if norm:
            seen.setdefault(norm, None)
    return tuple(seen)


@dataclass(frozen=True)
class Candidate:
    """What the ranking needs to know about one article of the project."""

    url: str
    title: str = ""
    question: str = ""
    keywords: tuple[str, ...] = ()
    subject: str = ""
    path: str = ""
    id: object = None
    date: object = None
    links_to: frozenset[str] = field(default_factory=frozenset)  # urls of its related links


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: float
    shared_keywords: tuple[str, ...]
    links_back: bool

    @property
    def reason(self) -> str:
        """A short human explanation of why this candidate is suggested."""
        parts = []
        if self.shared_keywords:
            parts.append("shares: " + ", ".join(self.shared_keywords))
        if self.links_back:
            parts.append("links here")
        return "; ".join(parts) or "similar title or question"


def _document_terms(candidate: Candidate) -> Counter[str]:
    # One regex pass and a C-level Counter per document: building a 35,000-article corpus is
    # dominated by this function.
    keywords = " , ".join(candidate.keywords)
    text = " ".join((candidate.title, candidate.question, *([keywords] * KEYWORD_WEIGHT))).lower()
    counts = Counter(_WORD.findall(text))
    for word in STOPWORDS.intersection(counts):
        del counts[word]
    return counts


class Corpus:
    """BM25 statistics over a fixed set of candidates, built once and queried many times."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates: list[Candidate] = []
        self._counts: list[Counter[str]] = []
        self._lengths: list[int] = []
        # term -> documents holding it; the term frequency is in that document's Counter
        self._postings: dict[str, list[int]] = {}
        # url -> documents that link to it, so backlinks are found without a scan
        self._linkers: dict[str, list[int]] = {}
        postings = self._postings
        for number, candidate in enumerate(candidates):
            for url in candidate.links_to:
                self._linkers.setdefault(url.strip(), []).append(number)
            counts = _document_terms(candidate)
            self.candidates.append(candidate)
            self._counts.append(counts)
            self._lengths.append(counts.total())
            for term in counts:
                docs = postings.get(term)
                if docs is None:
                    postings[term] = [number]
                else:
                    docs.append(number)
        total = sum(self._lengths)
        self._average = total / len(self._lengths) if self._lengths else 0.0

    def __len__(self) -> int:
        return len(self.candidates)

    def idf(self, term: str) -> float:
        """BM25's idf with the +1 that keeps very common terms from scoring negative."""
        n = len(self.candidates)
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def bm25(self, query: Counter[str]) -> dict[int, float]:
        """Scores of every document that holds at least one query term."""
        scores: dict[int, float] = {}
        average = self._average or 1.0
        for term, qtf in query.items():
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for number in postings:
                tf = self._counts[number][term]
                norm = K1 * (1.0 - B + B * self._lengths[number] / average)
                scores[number] = scores.get(number, 0.0) + qtf * idf * tf * (K1 + 1.0) / (tf + norm)
        return scores

    def suggest(
        self,
        article: Candidate,
        limit: int = 10,
        exclude_urls: Iterable[str] = (),
    ) -> list[Suggestion]:
        """The ``limit`` best candidates for ``article``, best first.

        The article itself (by url) and ``exclude_urls`` (e.g. the urls it already links to) are
        left out. Ties break by title so the order is stable.
        """
        own_url = article.url.strip()
        excluded = {url.strip() for url in exclude_urls} | {own_url}
        query = _document_terms(article)
        own_keywords = set(article.keywords)
        scores = self.bm25(query)
        # Backlinks and shared keyword phrases count even where BM25 found nothing else.
        for number in self._linkers.get(own_url, ()) if own_url else ():
            scores.setdefault(number, 0.0)
        ranked: list[Suggestion] = []
        for number, base in scores.items():
            candidate = self.candidates[number]
            if candidate.url.strip() in excluded:
                continue
            shared = tuple(k for k in candidate.keywords if k in own_keywords)
            links_back = bool(own_url) and own_url in {u.strip() for u in candidate.links_to}
            score = base + SHARED_KEYWORD_BONUS * len(shared)
            if links_back:
                score = score * LINKS_BACK_FACTOR + LINKS_BACK_BONUS
            if score > 0.0:
                ranked.append(Suggestion(candidate, score, shared, links_back))
        ranked.sort(key=lambda s: (-s.score, s.candidate.title.lower(), s.candidate.url))
        return ranked[:limit]


def suggest(
    article: Candidate,
    candidates: Sequence[Candidate] | Corpus,
    limit: int = 10,
    exclude_urls: Iterable[str] = (),
) -> list[Suggestion]:
    """One-shot ranking; build a :class:`Corpus` yourself to rank many articles against one folder."""
    corpus = candidates if isinstance(candidates, Corpus) else Corpus(candidates)
    return corpus.suggest(article, limit=limit, exclude_urls=exclude_urls)


# -- over a project ----------------------------------------------------------------------------------

# One corpus per project, rebuilt when the index changes (keyed by the project's index stamp).
_CORPORA: dict[int, tuple[object, Corpus]] = {}


def candidate_from_record(record: object) -> Candidate:
    """A :class:`Candidate` from one row of the project index."""
    links = getattr(record, "links", None) or getattr(record, "related", None) or ()
    urls = frozenset(
        str(link.get("url", "") if isinstance(link, dict) else getattr(link, "url", "")).strip() for link in links
    )
    return Candidate(
        url=str(getattr(record, "url", "") or "").strip(),
        title=" ".join(str(getattr(record, "title", "") or "").split()),
        question=" ".join(str(getattr(record, "question", "") or "").split()),
        keywords=keyword_list(getattr(record, "keywords", None)),
        subject=str(getattr(record, "subject", "") or ""),
        path=str(getattr(record, "path", "") or ""),
        id=getattr(record, "id", None),
        date=getattr(record, "date", None),
        links_to=urls - {""},
    )


def project_corpus(project: object) -> Corpus:
    """The project's corpus, built on first use and reused until the index changes."""
    stamp = _index_stamp(project)
    cached = _CORPORA.get(id(project))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    corpus = Corpus(candidate_from_record(r) for r in project.records())  # type: ignore[attr-defined]
    _CORPORA[id(project)] = (stamp, corpus)
    return corpus


def _index_stamp(project: object) -> object:
    stamp = getattr(project, "index_version", None)
    return stamp() if callable(stamp) else stamp


def article_candidate(article: object) -> Candidate:
    """The query side: an open (possibly edited) article as a :class:`Candidate`."""
    get = article.get  # type: ignore[attr-defined]
    links = []
    for key in article.keys():  # type: ignore[attr-defined]
        if key.startswith("related_article"):
            value = get(key, None)
            if isinstance(value, dict):
                links.append(str(value.get("url", "")).strip())
    return Candidate(
        url=str(get("url", "") or "").strip(),
        title=" ".join(str(get("title", "") or "").split()),
        question=" ".join(str(get("question", "") or "").split()),
        keywords=keyword_list(get("seo.page_keywords", None)),
        subject=str(get("subject", "") or ""),
        links_to=frozenset(links),
    )


def suggest_for_article(project: object, article: object, limit: int = 10) -> list[Suggestion]:
    """Suggestions for an open article; articles it already links to are left out."""
    query = article_candidate(article)
    return project_corpus(project).suggest(query, limit=limit, exclude_urls=query.links_to)
