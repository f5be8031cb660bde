"""Judge a feature pitch rewritten as a business question: the lesson and the grader share this.

Three checks, each with its reason: the question is about the buyer's business (orientation),
it stays in the domain the offering serves, and it does not smuggle the feature back in (the
product's name, product nouns such as "dashboard" or "module", or two or more of the feature's
own words that are not ordinary words of the buyer's domain).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.catalog import Catalog, load_catalog
from kit.models import Offering
from kit.scoring.analysis import QuestionAnalysis, analyze_question

_STOP = set("""a an and are as at be by can for from in into is it its of on or our per that the
their them then these they this those to up via was we when where which while who will with
your you every each more most less than into onto over under about after before across all any
so not no its own same such""".split())
PRODUCT_NOUNS = frozenset({"dashboard", "platform", "software", "module", "tracker", "app", "ai",
                           "algorithm", "widget", "portal", "bot", "chatbot", "plugin", "tool",
                           "engine", "copilot", "feature", "powered"})


def _stem(word: str) -> str:
    word = word.lower().strip("-'")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}


def feature_words(feature: str, domain_id: str, catalog: Catalog | None = None) -> set[str]:
    """The words of a feature pitch that name the product rather than the buyer's domain."""
    d = (catalog or load_catalog()).domain(domain_id)
    domain_words: set[str] = set()
    for t in d.vocabulary:
        domain_words |= words(t.term)
    for k in d.kpis:
        domain_words |= words(k.name)
    return {w for w in words(feature)
            if (len(w) >= 4 or w == "ai") and w not in _STOP and w not in domain_words}


@dataclass(frozen=True)
class RewriteCheck:
    analysis: QuestionAnalysis
    checks: dict[str, tuple[bool, str]]   # business, domain, no_feature -> (ok, reason)

    @property
    def passed(self) -> bool:
        return all(ok for ok, _ in self.checks.values())


def check_rewrite(question: str, feature: str, offering: Offering, *,
                  catalog: Catalog | None = None) -> RewriteCheck:
    """The three checks of a rewrite, each with a reason a learner can act on."""
    c = catalog or load_catalog()
    a = analyze_question(question, catalog=c)
    used = words(question)
    named = sorted(used & feature_words(feature, offering.domain, c))
    nouns = sorted(used & PRODUCT_NOUNS)
    brand = offering.name.lower() in question.lower()
    names_feature = brand or bool(nouns) or len(named) >= 2

    def name(domain_id: str) -> str:
        return c.domains[domain_id].name if domain_id in c.domains else domain_id

    home = name(offering.domain)
    checks = {
        "business": (a.orientation == "business",
                     "asks about the buyer's work, goals or numbers" if a.orientation == "business"
                     else "reads as a product pitch; ask about their world, not your product"
                     if a.orientation == "product" else "reads as small talk or logistics"),
        "domain": (a.domain == offering.domain,
                   f"stays in {home}, where {offering.name} can help" if a.domain == offering.domain
                   else f"belongs to no single domain; tie it to {home.lower()}" if a.domain is None
                   else f"is about {name(a.domain)}; {offering.name} serves {home}"),
        "no_feature": (not names_feature,
                       "leaves the product out of it" if not names_feature else
                       "names the product" + (f" ({offering.name})" if brand else "")
                       + (f" with the words {', '.join(nouns + named)}" if nouns or named else "")
                       + "; describe the buyer's situation instead"),
    }
    return RewriteCheck(a, checks)
