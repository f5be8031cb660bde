"""Exercise material derived from the course data: items to map, transcripts, certification variants.

Everything here is a pure function of the catalog (and, for the certification, the learner id),
so the notebook a learner sees and the grader that scores it always agree, and an instructor who
changes the data changes the exercises with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from kit.catalog import Catalog, load_catalog, read_yaml
from kit.errors import InputError
from kit.models import Scenario


def _data(name: str) -> Any:
    text = (resources.files("kit") / "data" / "exercises" / name).read_text("utf-8")
    return read_yaml(f"kit/data/exercises/{name}", text)


def _digest(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest(), 16)


# --------------------------------------------------------------------------- domain mapping


@dataclass(frozen=True)
class MappingItems:
    pains: list[tuple[str, str]]        # (statement, domain id)
    features: list[tuple[str, str]]     # (feature pitch, domain id)
    questions: list[tuple[str, str]]    # (question, domain id)
    prospects: list[tuple[str, str]]    # (scenario id, offering id)


def domain_mapping_items(catalog: Catalog | None = None, per_kind: int = 6) -> MappingItems:
    """Pick items spread over different domains, deterministically, from the shipped data."""
    c = catalog or load_catalog()
    scenarios = sorted(c.scenarios.values(), key=lambda s: s.id)
    pains: list[tuple[str, str]] = []
    for i, s in enumerate(scenarios):
        if i % 2 == 0:
            pains.append((s.pains[0].problem, s.target_domain))
        else:
            d = s.distractors[0]
            pains.append((d.line, d.domain))
    seen: set[str] = set()
    pains = [p for p in pains if not (p[1] in seen or seen.add(p[1]))][:per_kind]
    features = []
    seen = set()
    for o in sorted(c.offerings.values(), key=lambda o: o.id):
        if o.domain not in seen:
            seen.add(o.domain)
            features.append((o.features[1].feature, o.domain))
    questions = []
    for d in sorted(c.domains.values(), key=lambda d: d.id):
        q = d.example_questions[len(d.id) % len(d.example_questions)]
        questions.append((q.text, d.id))
    prospects = [(s.id, s.offering) for s in scenarios[::2]]
    return MappingItems(pains[:per_kind], features[:per_kind], questions[:per_kind + 2],
                        prospects[:per_kind])


# --------------------------------------------------------------------------- staying focused


@dataclass(frozen=True)
class Transcript:
    scenario: str
    turns: list[dict[str, Any]]
    expected_verdict: str

    @property
    def rep_turns(self) -> list[tuple[int, dict[str, Any]]]:
        return [(n, t) for n, t in enumerate(self.turns, 1) if t["speaker"] == "rep"]

    def drifting_turns(self, target: str) -> list[int]:
        return [n for n, t in self.rep_turns if t.get("domain") not in (None, target)]


@lru_cache(maxsize=1)
def staying_focused_transcript() -> Transcript:
    data = _data("staying-focused.yaml")
    return Transcript(data["scenario"], list(data["turns"]), data["expected_verdict"])


# --------------------------------------------------------------------------- certification


@dataclass(frozen=True)
class Variant:
    learner: str
    scenario: Scenario
    focus_pains: tuple[str, ...]
    features: tuple[str, ...]

    def describe(self, catalog: Catalog | None = None) -> str:
        c = catalog or load_catalog()
        s = self.scenario
        offering = c.offering_for(s)
        pains = {p.id: p for p in s.pains}
        lines = [f"Your variant, for learner id {self.learner!r}:",
                 f"  Prospect: {s.company.name} ({s.industry}); {s.contact.name}, {s.contact.role}.",
                 f"  Situation: {s.company.situation}",
                 f"  You sell: {offering.name} ({offering.domain}): {offering.summary}",
                 "  Centre your plan on these two problems:"]
        lines += [f"    - {pains[p].problem}" for p in self.focus_pains]
        lines.append("  Features to rewrite (Part B), in this order:")
        lines += [f"    {i}. {f}" for i, f in enumerate(self.features, 1)]
        return "\n".join(lines)


def certification_variant(learner: str, catalog: Catalog | None = None) -> Variant:
    """The learner's own scenario, focus pains and features, derived from their learner id."""
    if not isinstance(learner, str) or not learner.strip():
        raise InputError("LEARNER_ID must be your learner id (the id your instructor gave you), "
                         "as a non-empty string")
    learner = learner.strip()
    c = catalog or load_catalog()
    config = _data("certification.yaml")
    pool = [s for s in config["pool"] if s in c.scenarios] or sorted(c.scenarios)
    scenario = c.scenarios[pool[_digest("scenario", learner) % len(pool)]]
    pain_ids = sorted(p.id for p in scenario.pains)
    start = _digest("pains", learner) % len(pain_ids)
    n = min(int(config.get("focus_pains", 2)), len(pain_ids))
    focus = tuple(pain_ids[(start + i) % len(pain_ids)] for i in range(n))
    offering = c.offering_for(scenario)
    k = min(int(config.get("features_to_rewrite", 3)), len(offering.features))
    first = _digest("features", learner) % len(offering.features)
    features = tuple(offering.features[(first + i) % len(offering.features)].feature
                     for i in range(k))
    return Variant(learner, scenario, focus, features)
