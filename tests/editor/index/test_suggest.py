"""Specification of the related-article suggestions (BM25 over title, question and keywords)."""
from __future__ import annotations

from editor.index.suggest import Candidate, Corpus, keyword_list, suggest, terms


def _article(url: str, title: str, keywords: str = "", question: str = "", links_to=()) -> Candidate:
    return Candidate(
        url=url,
        title=title,
        question=question or title,
        keywords=keyword_list(keywords),
        links_to=frozenset(links_to),
    )


HOME = _article(
    "/learn/psychology/questions/why-does-trust-matter-in-mentoring",
    "Why does trust matter in mentoring?",
    "trust, mentoring, feedback, rapport",
)
SHARED = _article(
    "/learn/psychology/questions/how-is-rapport-built",
    "How is rapport built between two people?",
    "rapport, feedback, listening",
)
UNRELATED = _article(
    "/learn/chemistry/questions/what-is-an-ionic-bond",
    "What is an ionic bond?",
    "ions, electrons, lattice",
)


def test_an_article_with_shared_keywords_ranks_above_one_without() -> None:
    ranked = suggest(HOME, [UNRELATED, SHARED])
    urls = [s.candidate.url for s in ranked]
    assert urls[0] == SHARED.url
    assert UNRELATED.url not in urls  # nothing in common, so not suggested at all


def test_the_reason_names_the_shared_keywords() -> None:
    [best] = suggest(HOME, [SHARED], limit=1)
    assert best.shared_keywords == ("rapport", "feedback")
    assert "rapport" in best.reason and "feedback" in best.reason


def test_a_candidate_that_links_back_ranks_higher_than_an_equal_one_that_does_not() -> None:
    plain = _article("/learn/a/questions/one", "Mentoring feedback loops", "feedback")
    linking = _article("/learn/a/questions/two", "Mentoring feedback loops", "feedback", links_to=[HOME.url])
    ranked = suggest(HOME, [plain, linking])
    assert [s.candidate.url for s in ranked] == [linking.url, plain.url]
    assert ranked[0].links_back and not ranked[1].links_back
    assert "links here" in ranked[0].reason


def test_a_backlink_alone_is_enough_to_be_suggested() -> None:
    stranger = _article("/learn/c/questions/x", "Crystal lattices", "ions", links_to=[HOME.url + "  "])
    [only] = suggest(HOME, [stranger])
    assert only.links_back and only.candidate is stranger


def test_the_article_itself_and_excluded_urls_are_never_suggested() -> None:
    twin = _article(HOME.url, HOME.title, "trust, mentoring")
    ranked = suggest(HOME, [twin, SHARED], exclude_urls=[SHARED.url])
    assert ranked == []


def test_title_terms_rank_without_any_keywords() -> None:
    close = _article("/learn/a/questions/m", "Does mentoring build trust?")
    far = _article("/learn/a/questions/n", "Does mentoring need a plan?")
    ranked = suggest(HOME, [far, close])
    assert [s.candidate.url for s in ranked] == [close.url, far.url]


def test_rare_terms_weigh_more_than_common_ones() -> None:
    filler = [_article(f"/learn/a/questions/f{i}", f"Mentoring topic {i}") for i in range(20)]
    rare = _article("/learn/a/questions/rare", "Rapport in practice")
    common = _article("/learn/a/questions/common", "Mentoring in practice")
    corpus = Corpus([*filler, common, rare])
    home = _article("/learn/a/questions/home", "Mentoring and rapport")
    ranked = [s.candidate.url for s in corpus.suggest(home, limit=3)]
    assert ranked[0] == rare.url


def test_limit_caps_the_list_and_order_is_stable() -> None:
    many = [_article(f"/learn/a/questions/{i}", f"Trust note {i}", "trust") for i in range(8)]
    first = suggest(HOME, many, limit=5)
    second = suggest(HOME, list(reversed(many)), limit=5)
    assert len(first) == 5
    assert [s.candidate.url for s in first] == [s.candidate.url for s in second]


def test_keywords_are_split_on_commas_and_compared_case_insensitively() -> None:
    assert keyword_list(" Trust,  Mutual   Respect ,,trust") == ("trust", "mutual respect")
    assert keyword_list(None) == ()


def test_stop_words_are_not_terms() -> None:
    assert terms("What is the role of Trust?") == ["role", "trust"]


def test_a_term_in_most_of_a_big_folder_alone_does_not_make_a_suggestion() -> None:
    generic = [_article(f"/learn/a/questions/g{i}", f"Overview chapter {i}") for i in range(150)]
    topical = [_article(f"/learn/a/questions/t{i}", f"Enzymes topic {i}") for i in range(50)]
    corpus = Corpus([*generic, *topical])
    ranked = corpus.suggest(_article("/learn/a/questions/q", "Overview of enzymes"), limit=60)
    assert ranked and all("Enzymes" in s.candidate.title for s in ranked)


def _in(subject: str, url: str, title: str, keywords: str = "", links_to=()) -> Candidate:
    return Candidate(url=url, title=title, question=title, keywords=keyword_list(keywords), subject=subject,
                     links_to=frozenset(links_to))


def test_possessives_are_folded_so_ohms_law_matches_ohm() -> None:
    assert terms("What is Ohm's law? Newton’s view") == ["ohm", "law", "newton", "view"]


def test_an_article_of_the_same_subject_outranks_one_of_another_that_shares_a_single_word() -> None:
    """The case a writer met: Ohm's law was offered natural selection ("antibiotic resistance")."""
    ohm = _in("Physics", "/learn/physics/questions/ohm", "What is Ohm's law?", "resistance, voltage, current")
    selection = _in("Biology", "/learn/biology/questions/selection", "How does natural selection work?",
                    "antibiotic resistance, evolution")
    energy = _in("Physics", "/learn/physics/questions/energy", "How is kinetic energy related to work?", "energy, joule")
    filler = [_in("Biology", f"/learn/biology/questions/b{i}", f"Cells topic {i}", "cells") for i in range(6)]
    ranked = suggest(ohm, [selection, energy, *filler], limit=3)
    assert ranked[0].candidate is energy and ranked[0].reason == "same subject"
    assert selection in [s.candidate for s in ranked]  # still offered, below


def test_articles_linked_from_the_same_pages_are_suggested_as_linked_alongside() -> None:
    home = _in("Physics", "/learn/physics/questions/home", "What is torque?", "torque")
    partner = _in("Physics", "/learn/physics/questions/lever", "Why do levers help?", "levers")
    hub = _in("Physics", "/learn/physics/questions/hub", "Rotation basics", "spin", links_to=[home.url, partner.url])
    other = _in("Chemistry", "/learn/chemistry/questions/salt", "What is salt?", "ions")
    ranked = suggest(home, [partner, hub, other], limit=3)
    partner_rank = next(s for s in ranked if s.candidate is partner)
    assert partner_rank.co_cited and "linked alongside it" in partner_rank.reason
    assert other not in [s.candidate for s in ranked]
