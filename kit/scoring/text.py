"""Text normalisation for the engine: what learners type becomes comparable tokens.

Learners type lower case, skip question marks, paste curly quotes and make typos. Everything the
engine matches goes through :func:`normalize` and :func:`tokens`, so the rules see one form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
# a token: letters/digits with inner & ' / . (P&L, FP&A, A/R, don't, e.g. 3.5); or a % sign
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[&'/.][A-Za-z0-9]+)*|%")

# Short words whose upper-case form is an acronym of a domain ("IT", "AP"...): the lower-case
# English word must not match the acronym.
AMBIGUOUS_ACRONYMS = frozenset({"it", "us", "am", "as", "or", "ar", "hr", "pr", "po", "ai", "do",
                                "go", "so", "no", "ma", "pa", "ip", "id", "ops"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str   # as typed
    low: str    # lower case
    stem: str   # snowball stem of the lower-case form
    start: int  # character offset in the normalised text
    end: int


def normalize(text: str) -> str:
    """NFKC, straight quotes, single spaces; keeps case (acronyms need it)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.lower()
    if "&" in word or "/" in word or any(c.isdigit() for c in word):
        return word.replace(".", "")
    if word.endswith("'s"):
        word = word[:-2]
    return _STEMMER.stemWord(word.replace("'", ""))


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0).rstrip(".")
        low = raw.lower()
        out.append(Token(raw, low, stem(low), m.start(), m.start() + len(raw)))
    return out


def phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokens(normalize(phrase)))


def deletes(word: str) -> set[str]:
    """Every string one deletion away from ``word``: the basis of cheap typo matching."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}
