"""Makes the English variant lists in this folder from SCOWL's word lists (not run by the app).

pyspellchecker ships one English dictionary, ``en``, built from word frequencies: it knows
"color", "center" and "defense" but not "colour", "centre" or "defence". A project that writes
British or Canadian English needs the difference, and SCOWL (Kevin Atkinson's Spell Checker
Oriented Word Lists, the source of the hunspell and aspell English dictionaries) has it: Debian
ships its lists as wamerican-large, wbritish-large and wcanadian-large. For each variant this
writes ``<variant>.txt``:

- ``+word<TAB>counterpart``: a word of the variant that American English spells otherwise, with
  its American counterpart when one is found (the speller gives it that word's frequency, so
  "colour" ranks first among the suggestions for "color");
- ``-word``: an American spelling the variant does not use, so it is flagged. British English
  keeps "-ize" (Oxford spelling is British too): only "-ise"/"-yse" words are added, and no
  "-ize" word is removed.

Run: ``apt-get install wamerican-large wbritish-large wcanadian-large`` then
``python3 resources/spelling/make_variants.py``.
"""
from __future__ import annotations

import re
from pathlib import Path

DICT = Path("/usr/share/dict")
HERE = Path(__file__).resolve().parent
LISTS = {"en_US": "american", "en_GB": "british", "en_CA": "canadian"}
NOTICE = """# {variant}: differences from American English, from SCOWL's {name}-english-large and
# american-english-large word lists (made by make_variants.py in this folder).
#
# SCOWL: Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and
# sell these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above copyright
# notice appears in all copies and that both that copyright notice and this permission notice
# appear in supporting documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without express or implied
# warranty. (The full notice, with the copyrights of SCOWL's sources: the Debian package's
# /usr/share/doc/wbritish-large/copyright.)
"""
# Spelling changes from a variant's word to its American counterpart, tried one at a time.
_TO_AMERICAN = (
    ("our", "or"), ("is", "iz"), ("ys", "yz"), ("tre", "ter"), ("bre", "ber"), ("ogue", "og"),
    ("ence", "ense"), ("ll", "l"), ("ae", "e"), ("oe", "e"), ("mme", "m"), ("que", "k"),
)
_IZE = re.compile(r"iz(?:e|es|ed|ing|ation|ations|er|ers|able)$")


def words(name: str) -> set[str]:
    path = DICT / f"{name}-english-large"
    return {w for w in path.read_text(encoding="utf-8", errors="replace").split() if re.fullmatch(r"[a-z]+", w)}


def counterpart(word: str, american: set[str]) -> str | None:
    for old, new in _TO_AMERICAN:
        for match in re.finditer(re.escape(old), word):
            candidate = word[:match.start()] + new + word[match.end():]
            if candidate in american:
                return candidate
    return None


def variant_lines(variant: str, name: str, american: set[str]) -> list[str]:
    own = words(name)
    added = sorted(own - american)
    removed = sorted(american - own)
    if variant == "en_GB":
        removed = [w for w in removed if not _IZE.search(w)]  # Oxford -ize is British as well
    lines = [f"+{w}\t{counterpart(w, american) or ''}".rstrip("\t") for w in added]
    return lines + [f"-{w}" for w in removed]


def main() -> None:
    american = words("american")
    for variant, name in LISTS.items():
        if variant == "en_US":
            # American English itself: pyspellchecker's "en" already accepts some British
            # spellings ("theatre", "catalogue"); en_US flags those SCOWL marks British-only.
            british = words("british")
            lines = [f"-{w}" for w in sorted(british - american)]
            text = NOTICE.format(variant=variant, name="british").replace(
                "differences from American English", "British spellings American English does not use")
        else:
            lines = variant_lines(variant, name, american)
            text = NOTICE.format(variant=variant, name=name)
        (HERE / f"{variant}.txt").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
        print(variant, len(lines))


if __name__ == "__main__":
    main()
