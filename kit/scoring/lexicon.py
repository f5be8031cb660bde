"""The domain lexicon: taxonomy vocabulary compiled into a fast phrase matcher.

Every term of every domain file becomes a sequence of stems. A term listed by several domains
(or marked ``ambiguous_with``) splits its weight across them, so an ambiguous word such as
"forecast" only decides the domain when nothing clearer is in the question. Built once per
catalog and cached: the engine must feel instant in a notebook.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from kit.catalog import Catalog
from kit.scoring.text import AMBIGUOUS_ACRONYMS, Token, deletes, phrase_stems, stem

# Ambiguous terms give their candidate domains this share of the weight; the owning domain
# (the file that lists the term) keeps a little more, so a lone "forecast" in a sales file's
# context still leans somewhere.
AMBIGUOUS_SHARE = 0.45
OWNER_BONUS = 0.1
MIN_TYPO_LEN = 6

# Common words that must never be "corrected" into a domain term.
_COMMON = frozenset("""
about after again against all also always another answer any anyone around asked average
based because become before behind being better between biggest bring business called
change changed changes coming company could current currently customer customers describe
different doing during easier either enough every everyone example explain fewer figure
finding first follow front getting going happen happens having helps himself however impact
improve improved include inside instead itself keeping knowing later latest leader leaders
little longer looking making manage managed manager managers matter meeting minute minutes
moment months number numbers others people person planning please pretty problem problems
process question quickly really reason recent recently report reports right second should
single something someone spend spending started starting still support system systems taking
target thing things think through today together tomorrow toward trying under understand
using usually various wanted without working would yourself
""".split())


@dataclass(frozen=True, slots=True)
class Entry:
    term: str                     # as written in the taxonomy
    stems: tuple[str, ...]
    weights: dict[str, float]     # domain id -> weight this term gives
    case_sensitive: bool = False  # an acronym such as "IT" that is also an English word


@dataclass
class Lexicon:
    by_first: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    vocab: frozenset[str] = frozenset()
    typo_index: dict[str, set[str]] = field(default_factory=dict)
    domain_names: dict[str, str] = field(default_factory=dict)

    def match(self, toks: list[Token]) -> list[tuple[int, int, Entry]]:
        """Longest-first, non-overlapping matches of taxonomy terms in ``toks``."""
        stems = [self._fix_typo(t) for t in toks]
        found: list[tuple[int, int, Entry]] = []
        i = 0
        while i < len(toks):
            best: Entry | None = None
            for entry in self.by_first.get(stems[i], ()):
                n = len(entry.stems)
                if tuple(stems[i:i + n]) != entry.stems:
                    continue
                if entry.case_sensitive and toks[i].text != entry.term:
                    continue
                if best is None or n > len(best.stems):
                    best = entry
            if best is None:
                i += 1
                continue
            found.append((i, i + len(best.stems), best))
            i += len(best.stems)
        return found

    def _fix_typo(self, tok: Token) -> str:
        s = tok.stem
        if s in self.vocab or len(tok.low) < MIN_TYPO_LEN or tok.low in _COMMON:
            return s
        low = tok.low
        candidates: set[str] = set()
        for key in deletes(low) | {low}:
            candidates |= self.typo_index.get(key, set())
        candidates = {c for c in candidates if c[0] == low[0]}
        if len(candidates) == 1:
            return stem(candidates.pop())
        return s


def _owner_weights(owner: str, weight: float, others: tuple[str, ...]) -> dict[str, float]:
    if not others:
        return {owner: weight}
    share = weight * AMBIGUOUS_SHARE
    out = {d: share for d in others}
    out[owner] = share + weight * OWNER_BONUS
    return out


@lru_cache(maxsize=4)
def build_lexicon(catalog: Catalog) -> Lexicon:
    merged: dict[tuple[tuple[str, ...], bool], tuple[str, dict[str, float]]] = {}
    words: set[str] = set()
    for domain in catalog.domains.values():
        for term in domain.vocabulary:
            stems = phrase_stems(term.term)
            if not stems:
                continue
            case_sensitive = (len(stems) == 1 and term.term.isupper()
                              and term.term.lower() in AMBIGUOUS_ACRONYMS)
            key = (stems, case_sensitive)
            weights = _owner_weights(domain.id, term.weight, term.ambiguous_with)
            if key in merged:
                # listed by several domains: each keeps what its own file gives it, but a term
                # two files both claim outright is ambiguous between them
                shown, existing = merged[key]
                combined = dict(existing)
                for d, w in weights.items():
                    combined[d] = max(combined.get(d, 0.0), w)
                if len(combined) > 1:
                    top = max(combined.values())
                    combined = {d: min(w, top * (AMBIGUOUS_SHARE + OWNER_BONUS))
                                for d, w in combined.items()}
                merged[key] = (shown, combined)
            else:
                merged[key] = (term.term, weights)
            for part in term.term.lower().replace("-", " ").split():
                if part.isalpha():
                    words.add(part)
    lex = Lexicon()
    for (stems, case_sensitive), (shown, weights) in merged.items():
        lex.by_first[stems[0]].append(Entry(shown, stems, weights, case_sensitive))
    lex.vocab = frozenset(stem(w) for w in words)
    index: dict[str, set[str]] = defaultdict(set)
    for w in words:
        if len(w) >= MIN_TYPO_LEN - 1:
            for d in deletes(w) | {w}:
                index[d].add(w)
    lex.typo_index = dict(index)
    lex.domain_names = {d.id: d.name for d in catalog.domains.values()}
    return lex
