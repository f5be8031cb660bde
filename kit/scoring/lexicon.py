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
from kit.scoring.text import AMBIGUOUS_ACRONYMS, Token, deletes, normalize, phrase_stems, stem, tokens

# An ambiguous term (listed by several domains, or marked ``ambiguous_with``) is resolved by the
# rest of the question: it goes to whichever of its domains the clear terms already point to,
# else to the domain that weights it most. Either way it counts a little less than a clear term.
AMBIGUOUS_FACTOR = 0.8
MENTION_SHARE = 0.8   # weight of a domain named only in another file's ambiguous_with
MIN_TYPO_LEN = 6

# Common words that must never be "corrected" into a domain term.
_COMMON = frozenset("""
about after again against all also always another answer any anyone around asked average
compliant complaint heading hedging
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

    @property
    def ambiguous(self) -> bool:
        return len(self.weights) > 1


@dataclass
class Lexicon:
    by_first: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    vocab: frozenset[str] = frozenset()
    typo_index: dict[str, set[str]] = field(default_factory=dict)
    domain_names: dict[str, str] = field(default_factory=dict)
    background: dict[str, tuple[str, float]] = field(default_factory=dict)

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

    def background_hits(self, toks: list[Token], used: set[int]) -> list[tuple[int, str, float]]:
        """Words outside the vocabulary that only one domain's descriptions use."""
        out = []
        for i, t in enumerate(toks):
            if i in used:
                continue
            hit = self.background.get(t.stem)
            if hit:
                out.append((i, *hit))
        return out

    def _fix_typo(self, tok: Token) -> str:
        s = tok.stem
        if s not in self.vocab and s.endswith("s") and s[:-1] in self.vocab:
            return s[:-1]  # plural acronyms: "MQLs", "SLAs", "KPIs"
        if s in self.vocab or len(tok.low) < MIN_TYPO_LEN or tok.low in _COMMON:
            return s
        low = tok.low
        candidates: set[str] = set()
        for key in deletes(low) | {low}:
            candidates |= self.typo_index.get(key, set())
        fixes = {stem(c) for c in candidates if c[0] == low[0] and _one_edit(low, c)}
        if len(fixes) == 1:
            return fixes.pop()
        return s


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of
    neighbours: the typos people make. The symmetric-delete index also pairs real words two
    edits apart ("heading" and "hedging"), which must not be "corrected"."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


# Phrases that contain a domain word but signal no domain: "product line" is not a production
# line, "leads to" is not marketing leads, "front line" is everyone's staff. Matched like terms
# (longest first), so they take their words away from the vocabulary, and weigh nothing.
NEUTRAL_PHRASES = (
    "product line", "product lines", "front line", "front lines", "frontline", "bottom line",
    "top line", "line of business", "lines of business", "down the line", "on the line",
    "in line with", "leads to", "lead to", "led to", "leading to",
    "leadership bandwidth", "team bandwidth", "bandwidth to", "the bandwidth for",
    "heading into", "going into", "in the pipeline for", "on board with",
)


@lru_cache(maxsize=4)
def build_lexicon(catalog: Catalog) -> Lexicon:
    owners: dict[tuple[tuple[str, ...], bool], dict[str, float]] = defaultdict(dict)
    mentions: dict[tuple[tuple[str, ...], bool], set[str]] = defaultdict(set)
    shown: dict[tuple[tuple[str, ...], bool], str] = {}
    words: set[str] = set()
    for domain in catalog.domains.values():
        for term in domain.vocabulary:
            stems = phrase_stems(term.term)
            if not stems:
                continue
            case_sensitive = (len(stems) == 1 and term.term.isupper()
                              and term.term.lower() in AMBIGUOUS_ACRONYMS)
            key = (stems, case_sensitive)
            shown.setdefault(key, term.term)
            owners[key][domain.id] = max(owners[key].get(domain.id, 0.0), term.weight)
            mentions[key].update(term.ambiguous_with)
            for part in term.term.lower().replace("-", " ").split():
                if part.isalpha():
                    words.add(part)
    lex = Lexicon()
    for key, own in owners.items():
        weights = dict(own)
        top = max(own.values())
        for other in mentions[key] - set(own):
            weights[other] = top * MENTION_SHARE
        lex.by_first[key[0][0]].append(Entry(shown[key], key[0], weights, key[1]))
    for phrase in NEUTRAL_PHRASES:
        stems = phrase_stems(phrase)
        lex.by_first[stems[0]].append(Entry(phrase, stems, {}))
    lex.vocab = frozenset(stem(w) for w in words)
    index: dict[str, set[str]] = defaultdict(set)
    for w in words:
        if len(w) >= MIN_TYPO_LEN - 1:
            for d in deletes(w) | {w}:
                index[d].add(w)
    lex.typo_index = dict(index)
    lex.domain_names = {d.id: d.name for d in catalog.domains.values()}
    lex.background = _background(catalog, set(lex.vocab))
    return lex


BACKGROUND_WEIGHT = 0.2
_STOP = frozenset("""
about above after again against also among and another any are around because been before
being below between both but can could did does doing down during each every few for from
further have having here how into its just more most much need needs new not now off once
only other our out over own per same should some such than that the their them then there
these they this those through too under until very was way were what when where which while
who whom why will with within without would you your yours day days week weeks month months
year years time times team teams people work works make makes made get gets getting give
one two three four five six first last next each every many much less fewer better faster
today current currently percent share number numbers rate rates total average cost costs
level levels high higher low lower long longer short shorter across against still even well
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december
""".split())


def _background(catalog: Catalog, vocab: set[str]) -> dict[str, tuple[str, float]]:
    """Words that only one domain's prose (goals, challenges, KPIs, examples) uses.

    The vocabulary lists what signals a domain on purpose; the rest of a domain file still
    says a lot about it ("requisitions", "redlines", "changeovers"). A word found in exactly one
    domain's text becomes a weak signal, so a question in the buyer's own words still lands.
    """
    seen: dict[str, set[str]] = defaultdict(set)
    for d in catalog.domains.values():
        texts = [d.description, *d.goals, *d.challenges, *d.roles,
                 *(f"{k.name} {k.measures}" for k in d.kpis),
                 *(q.text for q in d.example_questions),
                 *(f"{s.name} {s.description}" for s in d.subdomains)]
        for text in texts:
            for t in tokens(normalize(text)):
                if len(t.low) >= 4 and t.low.isalpha() and t.low not in _STOP:
                    seen[t.stem].add(d.id)
    return {st: (next(iter(ds)), BACKGROUND_WEIGHT) for st, ds in seen.items()
            if len(ds) == 1 and st not in vocab}
