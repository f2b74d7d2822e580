"""Related-article suggestions: rank other articles by how much they share with one article.

The ranking is Okapi BM25 over each article's title, question and keywords, with the article's
own title, question and keywords as the query. Keywords count double because writers pick them
to describe the topic, while titles and questions carry filler. On top of BM25:

- every keyword phrase the two articles share (compared case-insensitively) adds a bonus and is
  reported as the reason for the suggestion, since "shares: coaching, trust" is what a writer can
  judge at a glance;
- a candidate that already links back to the article gets a boost, because a one-way relation is
  usually a missing reciprocal link;
- the link graph: a candidate linked from the same articles as this one (co-citation) gains, and
  so, a little, does an article writers often chose;
- the subject: writers link within their subject, so its articles gain, and when the text finds
  few matches the subject's articles fill the list (ordered by those graph signals) rather than
  articles of other subjects that share one word ("resistance" in Ohm's law and in antibiotics).

Each of these was kept because it raised recall@5 of the links writers chose
(tests/perf/bench_suggest.py), on the sample folder and on synthetic folders with topics.

The corpus is built once per project (document frequencies, lengths, postings) and reused for
every query; scoring touches only the postings of the query's terms.
"""
from __future__ import annotations

import heapq
import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

K1 = 1.2
B = 0.75
KEYWORD_WEIGHT = 2  # keywords are chosen by hand; their terms count twice
SHARED_KEYWORD_BONUS = 1.5  # per exact keyword phrase shared with the article
LINKS_BACK_FACTOR = 1.5  # candidates that already link to the article rank higher
LINKS_BACK_BONUS = 1.0
# The link graph and the subject, weighed against the links writers chose (tests/perf/
# bench_suggest.py: recall@5 of each article's hidden links, before and after in the commit
# that brought them):
CO_CITED_BONUS = 1.0  # per article that links to both (scaled down for linkers of many)
SAME_SUBJECT_FACTOR = 1.6  # writers link within their subject most of the time
SAME_SUBJECT_BONUS = 3.0
POPULARITY_BONUS = 0.5  # times log(1 + links to the candidate): often chosen, often right
ONE_TERM_FACTOR = 0.5  # a candidate sharing one term only: "resistance" alone is weak evidence
SUBJECT_FILL = 2  # with fewer than limit * this many text matches, the subject's articles join
# Like Lucene's "more like this": only the query's most telling terms are looked up, and terms in
# a large share of all articles are skipped; they say nothing about the topic and their postings
# cover most of the folder, which would make every query scan it.
MAX_QUERY_TERMS = 25
MAX_DF_RATIO = 0.05
MIN_DF_CUTOFF = 50  # small folders keep every term

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Question words and glue that every article's title and question repeat; they would only add
# noise to the reasons and cost postings scans.
STOPWORDS = frozenset(
    """a about an and are as at be been being by can could do does did for from has have how
    in into is it its of on or s should that the their them these they this those to was
    were what when where which who whom why will with would you your""".split()
)


def stem(word: str) -> str:
    """A word as a term: its possessive goes, so "Ohm's law" matches "ohm" and "Newton’s" matches
    "newton". (Plural endings were tried as well and lost a link on the sample folder's recall@5.)"""
    return _POSSESSIVE.sub("", word)


_POSSESSIVE = re.compile(r"['’]s$")


def terms(text: str) -> list[str]:
    """Lowercased word terms of ``text`` without stop words (possessives folded, see ``stem``)."""
    return [stem(w) for w in _WORD.findall(text.lower()) if _POSSESSIVE.sub("", w) not in STOPWORDS]


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

    url: str  # stripped of surrounding white space
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
    co_cited: bool = False  # linked from the same articles as the one asking
    same_subject: bool = False
    text_match: bool = True  # its title, question or keywords share terms with the article's

    @property
    def reason(self) -> str:
        """A short human explanation of why this candidate is suggested."""
        parts = []
        if self.shared_keywords:
            parts.append("shares: " + ", ".join(self.shared_keywords))
        if self.links_back:
            parts.append("links here")
        if self.co_cited:
            parts.append("linked alongside it")
        if parts:
            return "; ".join(parts)
        return "similar title or question" if self.text_match or not self.same_subject else "same subject"


_STEMS: dict[str, str] = {}
_STEM_CACHE = 500_000


def _document_terms(candidate: Candidate) -> Counter[str]:
    # One regex pass and a C-level Counter per document: building a 35,000-article corpus is
    # dominated by this function.
    keywords = " , ".join(candidate.keywords)
    text = " ".join((candidate.title, candidate.question, *([keywords] * KEYWORD_WEIGHT))).lower()
    counts: Counter[str] = Counter()
    for word, n in Counter(_WORD.findall(text)).items():  # stem each distinct word once
        if word not in STOPWORDS:
            term = _STEMS.get(word)
            if term is None:
                term = stem(word)
                if len(_STEMS) < _STEM_CACHE:  # a bounded cache: a folder's words repeat
                    _STEMS[word] = term
            if term not in STOPWORDS:
                counts[term] += n
    return counts


class Corpus:
    """BM25 statistics and the link graph over a fixed set of candidates, built once and queried
    many times."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates: list[Candidate] = []
        self._counts: list[Counter[str]] = []
        self._lengths: list[int] = []
        # term -> documents holding it; the term frequency is in that document's Counter
        self._postings: dict[str, list[int]] = {}
        # url -> documents that link to it, so backlinks are found without a scan
        self._linkers: dict[str, list[int]] = {}
        self._by_url: dict[str, int] = {}
        self._by_subject: dict[str, list[int]] = {}
        postings = self._postings
        for number, candidate in enumerate(candidates):
            for url in candidate.links_to:
                self._linkers.setdefault(url.strip(), []).append(number)
            self._by_url.setdefault(candidate.url, number)
            subject = _subject_key(candidate.subject)
            if subject:
                self._by_subject.setdefault(subject, []).append(number)
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
        average = self._average or 1.0
        # BM25's length normalisation per document, computed once instead of per posting.
        self._norms = [K1 * (1.0 - B + B * length / average) for length in self._lengths]
        # How often writers chose each article as a related one: a mild prior among equals.
        self._popularity = [math.log1p(len(self._linkers.get(c.url, ()))) for c in self.candidates]

    def __len__(self) -> int:
        return len(self.candidates)

    def idf(self, term: str) -> float:
        """BM25's idf with the +1 that keeps very common terms from scoring negative."""
        n = len(self.candidates)
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def bm25(self, query: Counter[str]) -> dict[int, float]:
        """Scores of every document that holds at least one of the query's telling terms."""
        scores: dict[int, float] = {}
        n = len(self.candidates)
        weighted: list[tuple[float, str]] = []
        for term, qtf in query.items():
            postings = self._postings.get(term)
            if postings and len(postings) <= max(MAX_DF_RATIO * n, MIN_DF_CUTOFF):
                weighted.append((qtf * self.idf(term), term))
        weighted.sort(reverse=True)
        norms, counts = self._norms, self._counts
        matched: Counter[int] = Counter()
        for weight, term in weighted[:MAX_QUERY_TERMS]:
            for number in self._postings[term]:
                tf = counts[number][term]
                scores[number] = scores.get(number, 0.0) + weight * tf * (K1 + 1.0) / (tf + norms[number])
                matched[number] += 1
        for number, n in matched.items():
            if n == 1:
                scores[number] *= ONE_TERM_FACTOR
        return scores

    def co_cited(self, url: str) -> Counter[int]:
        """Documents linked from the same articles as ``url``: writers who link two articles
        from one page see them as related. A linker with many links says less about each."""
        found: Counter[int] = Counter()
        for linker in self._linkers.get(url, ()) if url else ():
            targets = self.candidates[linker].links_to
            for target in targets:
                number = self._by_url.get(target.strip())
                if number is not None:
                    found[number] += 1.0 / math.sqrt(len(targets))  # type: ignore[assignment]
        return found

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
        # Backlinks, articles linked together with this one and, as a last resort, the
        # subject's articles count even where BM25 found nothing else.
        linkers = set(self._linkers.get(own_url, ())) if own_url else set()
        co_cited = self.co_cited(own_url)
        same_subject = self._by_subject.get(_subject_key(article.subject), ())
        subject_docs = set(same_subject)
        for number in (*linkers, *co_cited):
            scores.setdefault(number, 0.0)
        if len(scores) < limit * SUBJECT_FILL:
            for number in same_subject:
                scores.setdefault(number, 0.0)
        popularity = self._popularity
        scored: list[tuple[float, int]] = []
        for number, base in scores.items():
            candidate = self.candidates[number]
            if candidate.url in excluded:
                continue
            score = base
            if own_keywords:
                score += SHARED_KEYWORD_BONUS * len(own_keywords.intersection(candidate.keywords))
            score += CO_CITED_BONUS * co_cited.get(number, 0.0)
            if number in subject_docs:
                score = score * SAME_SUBJECT_FACTOR + SAME_SUBJECT_BONUS
            score += POPULARITY_BONUS * popularity[number]
            if number in linkers:
                score = score * LINKS_BACK_FACTOR + LINKS_BACK_BONUS
            if score > 0.0:
                scored.append((score, number))
        # Only the best few become Suggestions; ties break by title, then url, for a stable order.
        best = heapq.nsmallest(
            limit, scored, key=lambda s: (-s[0], self.candidates[s[1]].title.lower(), self.candidates[s[1]].url)
        )
        return [
            Suggestion(
                self.candidates[number],
                score,
                tuple(k for k in self.candidates[number].keywords if k in own_keywords),
                number in linkers,
                co_cited.get(number, 0.0) > 0.0,
                number in subject_docs,
                scores[number] > 0.0,
            )
            for score, number in best[:limit]
        ]


def _subject_key(subject: str) -> str:
    return " ".join(subject.split()).casefold()


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

# One corpus per project; ``forget`` drops it when the project is re-indexed.
# Weak keys: a closed project's corpus goes with it, and a new project never inherits it.
_CORPORA: "weakref.WeakKeyDictionary[Any, Corpus]" = weakref.WeakKeyDictionary()

def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def project_candidates(project: object) -> list[Candidate]:
    """Every loaded article of the project's index as a :class:`Candidate`, in path order.

    Keywords and questions are read from the index database in one query (the project has no
    public bulk reader for them); the related links come from ``project.link_graph()``.
    """
    _articles, links = project.link_graph()  # type: ignore[attr-defined]
    links_by_path: dict[str, set[str]] = {}
    for link in links:
        if link.url_key:
            links_by_path.setdefault(link.path, set()).add(link.url_key)
    rows = project.records()  # type: ignore[attr-defined]
    folder = getattr(project, "folder", ".")
    return [
        Candidate(
            url=_text(url),
            title=_text(title),
            question=_text(question),
            keywords=keyword_list(keywords),
            subject=_text(subject),
            path=str(Path(folder) / path),
            id=id_,
            date=date,
            links_to=frozenset(links_by_path.get(path, ())),
        )
        for path, id_, title, subject, url, date, keywords, question in rows
    ]


def project_corpus(project: object) -> Corpus:
    """The project's corpus, built on first use (seconds at 35,000 articles) and then reused."""
    corpus = _CORPORA.get(project)
    if corpus is None:
        corpus = _CORPORA[project] = Corpus(project_candidates(project))
    return corpus


def forget(project: object) -> None:
    """Drop the cached corpus (call after re-indexing)."""
    _CORPORA.pop(project, None)


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

