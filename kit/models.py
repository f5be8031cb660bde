"""Typed models of the course data: domains, offerings, scenarios.

The YAML files under ``kit/data/`` are validated into these models when they are loaded, so a
typo in an instructor's file is caught with the file and field named, before a lesson or a
grade ever depends on it. Models are frozen: the engine caches what it derives from them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DomainId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Stage = Literal["situation", "problem", "implication", "need_payoff"]
STAGES: tuple[str, ...] = ("situation", "problem", "implication", "need_payoff")

REQUIRED_DOMAINS: tuple[str, ...] = (
    "accounting", "finance", "operations", "supply_chain", "hr",
    "legal", "it", "sales", "marketing", "customer_service",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Kpi(_Model):
    name: Text
    measures: Text


class Term(_Model):
    """A word, phrase or abbreviation that signals a domain in a buyer's question."""

    term: Text
    weight: float = Field(1.0, ge=0, le=3)
    ambiguous_with: tuple[DomainId, ...] = ()
    note: str | None = None

    @field_validator("term")
    @classmethod
    def _has_a_word(cls, value: str) -> str:
        if not re.search(r"\w", value):
            raise ValueError("must contain at least one letter or digit")
        return value


class ExampleQuestion(_Model):
    text: Text
    stage: Stage


class Subdomain(_Model):
    name: Text
    description: Text


class Domain(_Model):
    """A business domain: one buyer organisation with its own goals, problems and numbers."""

    id: DomainId
    name: Text
    description: Text
    roles: tuple[Text, ...] = Field(min_length=3)
    goals: tuple[Text, ...] = Field(min_length=5)
    challenges: tuple[Text, ...] = Field(min_length=5)
    kpis: tuple[Kpi, ...] = Field(min_length=5)
    vocabulary: tuple[Term, ...] = Field(min_length=40)
    example_questions: tuple[ExampleQuestion, ...] = Field(min_length=8)
    subdomains: tuple[Subdomain, ...] = ()

    @field_validator("vocabulary", mode="before")
    @classmethod
    def _terms_may_be_plain_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"term": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("vocabulary")
    @classmethod
    def _no_duplicate_terms(cls, value: tuple[Term, ...]) -> tuple[Term, ...]:
        seen: set[str] = set()
        for term in value:
            key = term.term.lower()
            if key in seen:
                raise ValueError(f"term {term.term!r} is listed twice")
            seen.add(key)
        return value

    @field_validator("example_questions")
    @classmethod
    def _all_stages(cls, value: tuple[ExampleQuestion, ...]) -> tuple[ExampleQuestion, ...]:
        missing = [s for s in STAGES if s not in {q.stage for q in value}]
        if missing:
            raise ValueError("no example question for stage " + ", ".join(missing))
        return value


class Feature(_Model):
    feature: Text
    outcome: Text


class Offering(_Model):
    """What the seller sells, as features paired with the business outcomes they serve."""

    id: Slug
    name: Text
    summary: Text
    domain: DomainId
    features: tuple[Feature, ...] = Field(min_length=4)


class Company(_Model):
    name: Text
    size: Text
    situation: Text


class Contact(_Model):
    name: Text
    role: Text
    persona: str = ""


class Pain(_Model):
    """What the prospect admits when asked well, by SPIN stage."""

    id: Slug
    keywords: tuple[Text, ...] = ()
    problem: Text
    implication: Text
    value: Text


class Distractor(_Model):
    """An off-domain topic the prospect enjoys: where a conversation drifts."""

    domain: DomainId
    topic: Text
    line: Text


class Qualification(_Model):
    opportunity: Text
    referral: Text
    no_lead: Text


class Scenario(_Model):
    """A prospect to prepare for and practise against."""

    id: Slug
    title: Text
    industry: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")]
    difficulty: int = Field(2, ge=1, le=3)
    company: Company
    contact: Contact
    offering: Slug
    target_domain: DomainId
    pains: tuple[Pain, ...] = Field(min_length=3)
    distractors: tuple[Distractor, ...] = Field(min_length=2)
    qualification: Qualification

    @field_validator("pains")
    @classmethod
    def _unique_pain_ids(cls, value: tuple[Pain, ...]) -> tuple[Pain, ...]:
        ids = [p.id for p in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError("duplicate pain id " + ", ".join(dupes))
        return value


KINDS: dict[str, type[_Model]] = {"domain": Domain, "offering": Offering, "scenario": Scenario}
