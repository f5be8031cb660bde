"""Text normalisation for the engine: what learners type becomes comparable tokens.

Learners type lower case, skip question marks, paste curly quotes and make typos. Everything the
engine matches goes through :func:`normalize` and :func:`tokens`, so the rules see one form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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


_KEEP = frozenset("""
is was has does this its his us bus gas plus less loss process business analysis basis
status success access address always sales news series species corps ops days ltd
need speed feed seed proceed exceed succeed bed red shed
during thing string spring bring ceiling morning evening nothing something everything
""".split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light inflectional stemmer: plurals, -ing, -ed and a final -e, nothing more.

    Deliberately lighter than Porter or Snowball: those fold "productive" into "product" and
    "marketing" into "market", which makes a domain term match words that mean something
    else. Here only inflections meet: schedule/scheduling/scheduled, invoice/invoices.
    """
    word = word.lower().replace("'", "")
    if "&" in word or "/" in word or any(c.isdigit() for c in word):
        return word.replace(".", "")
    if word in _KEEP or len(word) <= 3:
        return word
    if (word.endswith("ies") and len(word) > 4) or (word.endswith("ied") and len(word) > 4):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 5 and any(v in word[:-3] for v in "aeiouy"):
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


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
