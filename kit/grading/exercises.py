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
    from kit.course import find_course
    course = find_course()
    wanted = (course.settings.certification_pool if course else None) or config["pool"]
    pool = [s for s in wanted if s in c.scenarios] or sorted(c.scenarios)
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


# --------------------------------------------------------------------------- shown in notebooks


def show_mapping_items(catalog: Catalog | None = None) -> None:
    """Print the items of the domain-mapping exercise, numbered, with the ids to answer with."""
    c = catalog or load_catalog()
    items = domain_mapping_items(c)
    print("Domain ids:", ", ".join(sorted(c.domains)))
    for title, rows in (("Pains (pain_domains)", items.pains),
                        ("Features (feature_domains)", items.features),
                        ("Questions (question_domains)", items.questions)):
        print(f"\n{title}:")
        for i, (text, _) in enumerate(rows, 1):
            print(f"  {i}. {text}")
    print("\nProspects (prospect_offerings): which offering id fits each prospect?")
    print("  Offering ids:", ", ".join(f"{o.id} ({o.name})" for o in
                                        sorted(c.offerings.values(), key=lambda o: o.id)))
    for i, (sid, _) in enumerate(items.prospects, 1):
        s = c.scenario(sid)
        print(f"  {i}. {s.company.name}: {s.company.situation}")


def show_features(scenario_id: str, n: int = 5, catalog: Catalog | None = None) -> None:
    """Print the scenario's prospect and the first ``n`` feature pitches of its offering."""
    c = catalog or load_catalog()
    s = c.scenario(scenario_id)
    o = c.offering_for(s)
    print(f"Prospect: {s.company.name}, {s.contact.name} ({s.contact.role}). "
          f"You sell {o.name} ({o.domain}).")
    for i, f in enumerate(o.features[:n], 1):
        print(f"  {i}. {f.feature}")


def show_transcript() -> None:
    """Print the staying-focused call transcript with turn numbers."""
    t = staying_focused_transcript()
    c = load_catalog()
    s = c.scenario(t.scenario)
    print(f"{s.company.name}: the rep sells {c.offering_for(s).name} ({s.target_domain}); "
          f"the prospect is {s.contact.name}, {s.contact.role}.\n")
    for n, turn in enumerate(t.turns, 1):
        who = "Rep" if turn["speaker"] == "rep" else s.contact.name.split()[0]
        print(f"{n:>2}. {who}: {turn['text']}")


def show_variant(learner: str) -> None:
    """Print the learner's certification variant."""
    print(certification_variant(learner).describe())
