"""The graded checks: pure functions from a learner's answers (plain data) to a fraction of the points.

Each check takes the answers as JSON-like data and returns a :class:`CheckResult` with the share of
points earned and coaching lines that say what to change. They never see the learner's kernel:
:mod:`kit.grading.kernel` sends them data through a fresh process, and the trusted nbgrader
preprocessor calls them in the grader's own process, so nothing a learner redefines reaches them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kit.catalog import Catalog, load_catalog
from kit.errors import KitError
from kit.grading.exercises import (
    certification_variant,
    domain_mapping_items,
    staying_focused_transcript,
)
from kit.scoring import analyze_question, load_rubric, score_plan
from kit.scoring.rewrite import check_rewrite
from kit.scoring.text import normalize, stem, tokens

MAX_ITEMS = 200
MAX_TEXT = 2000


@dataclass
class CheckResult:
    fraction: float
    lines: list[str] = field(default_factory=list)

    def message(self, points: float, max_points: float) -> str:
        head = f"{points:g} of {max_points:g} points."
        return "\n".join([head, *self.lines])


class AnswerError(KitError, ValueError):
    """The answer is missing or has the wrong shape; the learner gets this message, 0 points."""


Check = Callable[[dict[str, Any], Catalog], CheckResult]
CHECKS: dict[str, tuple[tuple[str, ...], Check]] = {}


def check(name: str, *needs: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = (needs, fn)
        return fn
    return register


# --------------------------------------------------------------------------- answer shapes


def _string_list(value: Any, name: str, *, at_least: int = 1) -> list[str]:
    if type(value) is not list:
        raise AnswerError(f"{name} must be a list of strings, like [\"How ...?\", \"What ...?\"]; "
                          f"it is a {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise AnswerError(f"{name} has {len(value)} entries; keep it under {MAX_ITEMS}")
    bad = [i for i, q in enumerate(value, 1) if type(q) is not str]
    if bad:
        raise AnswerError(f"{name}: entry {bad[0]} is not a string")
    items = [q for q in value if q.strip()]
    if any(len(q) > MAX_TEXT for q in items):
        raise AnswerError(f"{name}: an entry is longer than {MAX_TEXT} characters")
    if len(items) < at_least:
        raise AnswerError(f"{name} needs at least {at_least} non-empty "
                          f"entr{'y' if at_least == 1 else 'ies'}; it has {len(items)}")
    return items


def _text(value: Any, name: str) -> str:
    if type(value) is not str or not value.strip():
        raise AnswerError(f"{name} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise AnswerError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _choices(value: Any, name: str, n: int, allowed: set[str]) -> list[str]:
    items = _string_list(value, name, at_least=1)
    if len(value) != n:
        raise AnswerError(f"{name} must have exactly {n} entries, one per item in order; "
                          f"it has {len(value)}")
    return [v.strip().lower() for v in items] + [""] * (n - len(items))


def _scenario_of(answers: dict[str, Any], catalog: Catalog) -> Any:
    if answers.get("learner") is not None:
        return certification_variant(str(answers["learner"]), catalog).scenario
    sid = answers.get("scenario")
    if type(sid) is not str:
        raise AnswerError("SCENARIO_ID is missing: run the setup cell at the top")
    return catalog.scenario(sid)


# --------------------------------------------------------------------------- question plan


@check("plan.valid", "question_plan")
def plan_valid(a: dict[str, Any], c: Catalog) -> CheckResult:
    plan = _string_list(a.get("question_plan"), "question_plan")
    return CheckResult(1.0, [f"question_plan is a list of {len(plan)} questions."])


def _plan(a: dict[str, Any], c: Catalog):  # type: ignore[no-untyped-def]
    plan = _string_list(a.get("question_plan"), "question_plan")
    scenario = _scenario_of(a, c)
    return scenario, score_plan(plan, domain=scenario.target_domain, catalog=c)


@check("plan.score", "question_plan", "scenario")
def plan_score(a: dict[str, Any], c: Catalog) -> CheckResult:
    scenario, s = _plan(a, c)
    mastery = max(load_rubric(None).tiers.values(), default=90.0)
    parts = ", ".join(f"{k} {v:g}" for k, v in s.components.items())
    lines = [f"Plan score {s.score:g}/100 for {scenario.company.name} "
             f"(target domain {scenario.target_domain}): {parts}. Full marks from {mastery:g}.",
             *s.feedback[1:]]
    return CheckResult(min(1.0, s.score / mastery), lines)


@check("plan.passes", "question_plan", "scenario")
def plan_passes(a: dict[str, Any], c: Catalog) -> CheckResult:
    _, s = _plan(a, c)
    if s.passed:
        return CheckResult(1.0, [f"The plan passes ({s.score:g}/100, pass mark {s.pass_mark:g})."])
    return CheckResult(0.0, [s.feedback[0], "Fix the points above, then run the checks again."])


def _covers(question: str, keywords: list[str]) -> bool:
    stems = {t.stem for t in tokens(normalize(question))}
    return any(all(stem(w) in stems for w in re.findall(r"[a-z0-9]+", k.lower())) for k in keywords)


@check("cert.plan-covers-pains", "question_plan", "learner")
def cert_covers(a: dict[str, Any], c: Catalog) -> CheckResult:
    plan = _string_list(a.get("question_plan"), "question_plan")
    variant = certification_variant(str(a["learner"]), c)
    pains = {p.id: p for p in variant.scenario.pains}
    hit, lines = 0, []
    for pid in variant.focus_pains:
        pain = pains[pid]
        words = [*pain.keywords]
        if any(_covers(q, words) for q in plan):
            hit += 1
            lines.append(f"Your plan asks about: {pain.problem}")
        else:
            lines.append(f"No question gets at this problem yet: {pain.problem} "
                         f"(words such as {', '.join(pain.keywords[:3])}).")
    return CheckResult(hit / max(1, len(variant.focus_pains)), lines)


@check("cert.plan-standard", "question_plan", "learner")
def cert_standard(a: dict[str, Any], c: Catalog) -> CheckResult:
    plan = _string_list(a.get("question_plan"), "question_plan")
    variant = certification_variant(str(a["learner"]), c)
    s = score_plan(plan, domain=variant.scenario.target_domain, catalog=c)
    ok = s.passed and s.components["focus"] >= 75 and s.components["orientation"] >= 90
    return CheckResult(1.0 if ok else 0.0,
                       ["The plan meets the certification standard." if ok else
                        "The plan does not meet the certification standard yet: raise its score, "
                        "keep it in the target domain and keep product talk out of it."])


# --------------------------------------------------------------------------- feature to outcome


def _rewrites(a: dict[str, Any], c: Catalog) -> tuple[list[str], list[str], Any]:
    if a.get("learner") is not None:
        variant = certification_variant(str(a["learner"]), c)
        scenario, features = variant.scenario, list(variant.features)
    else:
        scenario = _scenario_of(a, c)
        features = [f.feature for f in c.offering_for(scenario).features[:5]]
    answers = _string_list(a.get("rewrites"), "rewrites", at_least=1)
    if len(a["rewrites"]) != len(features):
        raise AnswerError(f"rewrites must have {len(features)} questions, one per feature in order; "
                          f"it has {len(a['rewrites'])}")
    return answers, features, c.offering_for(scenario)


def _per_item(a: dict[str, Any], c: Catalog, key: str) -> CheckResult:
    """Share of rewrites passing one of the lesson's three checks (kit.scoring.rewrite)."""
    answers, features, offering = _rewrites(a, c)
    ok, lines = 0, []
    for i, (q, f) in enumerate(zip(answers, features, strict=False), 1):
        good, why = check_rewrite(q, f, offering, catalog=c).checks[key]
        ok += good
        lines.append(f"{i}. {'ok' if good else 'not yet'}: {why}")
    return CheckResult(ok / len(features), lines)


@check("rewrites.business", "rewrites", "scenario")
def rewrites_business(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _per_item(a, c, "business")


@check("rewrites.domain", "rewrites", "scenario")
def rewrites_domain(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _per_item(a, c, "domain")


@check("rewrites.no-feature", "rewrites", "scenario")
def rewrites_no_feature(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _per_item(a, c, "no_feature")


# --------------------------------------------------------------------------- domain mapping


def _mapping(a: dict[str, Any], c: Catalog, key: str, kind: str) -> CheckResult:
    items = getattr(domain_mapping_items(c), kind)
    allowed = set(c.offerings) if kind == "prospects" else set(c.domains)
    given = _choices(a.get(key), key, len(items), allowed)
    ok, lines = 0, []
    for i, ((_text, expected), got) in enumerate(zip(items, given, strict=True), 1):
        if got == expected:
            ok += 1
        elif got not in allowed:
            lines.append(f"{i}. {got!r} is not a known id; use one of the ids listed above.")
        else:
            lines.append(f"{i}. not {got}: look again at whose goals and numbers this touches.")
    lines.insert(0, f"{ok} of {len(items)} right.")
    return CheckResult(ok / len(items), lines)


@check("mapping.pains", "pain_domains")
def mapping_pains(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _mapping(a, c, "pain_domains", "pains")


@check("mapping.features", "feature_domains")
def mapping_features(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _mapping(a, c, "feature_domains", "features")


@check("mapping.questions", "question_domains")
def mapping_questions(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _mapping(a, c, "question_domains", "questions")


@check("mapping.offerings", "prospect_offerings")
def mapping_offerings(a: dict[str, Any], c: Catalog) -> CheckResult:
    return _mapping(a, c, "prospect_offerings", "prospects")


# --------------------------------------------------------------------------- staying focused


@check("focus.drift-turns", "drifting_turns")
def focus_drift(a: dict[str, Any], c: Catalog) -> CheckResult:
    t = staying_focused_transcript()
    target = c.scenario(t.scenario).target_domain
    value = a.get("drifting_turns")
    if type(value) is not list or any(type(n) is not int for n in value):
        raise AnswerError("drifting_turns must be a list of turn numbers, like [3, 7]")
    got, want = set(value), set(t.drifting_turns(target))
    tp = len(got & want)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(want)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    lines = [f"You found {tp} of the {len(want)} drifting turns."]
    if got - want:
        lines.append(f"Turn(s) {', '.join(map(str, sorted(got - want)))} stay in "
                     f"{target} or are the prospect talking: not drift by the rep.")
    if want - got:
        lines.append("Look again at the rep's follow-ups after the prospect mentions payroll "
                     "and the ERP.")
    return CheckResult(f1, lines)


@check("focus.steer-back", "steer_back")
def focus_steer(a: dict[str, Any], c: Catalog) -> CheckResult:
    q = _text(a.get("steer_back"), "steer_back")
    target = c.scenario(staying_focused_transcript().scenario).target_domain
    r = analyze_question(q, catalog=c)
    parts = [(r.orientation == "business", "about the buyer's business"),
             (r.domain == target, f"in {target} (the engine reads: {r.domain or 'no domain'})"),
             (r.stage in ("problem", "implication", "need_payoff"),
              f"goes past situation (stage: {r.stage or '-'})")]
    earned = sum(ok for ok, _ in parts)
    return CheckResult(earned / 3, [f"{'ok' if ok else 'not yet'}: {why}" for ok, why in parts])


@check("focus.verdict", "verdict")
def focus_verdict(a: dict[str, Any], c: Catalog) -> CheckResult:
    v = _text(a.get("verdict"), "verdict").strip().lower().replace(" ", "_").replace("-", "_")
    allowed = {"opportunity", "referral", "no_lead"}
    if v not in allowed:
        raise AnswerError("verdict must be 'opportunity', 'referral' or 'no_lead'")
    right = v == staying_focused_transcript().expected_verdict
    return CheckResult(1.0 if right else 0.0, [
        "Right." if right else "Not quite: count the pains admitted inside your domain and what "
                               "they are worth."])


def run_check(name: str, answers: dict[str, Any], catalog: Catalog | None = None) -> CheckResult:
    """Run one check on plain data; an answer of the wrong shape earns 0 with its message."""
    if name not in CHECKS:
        raise KeyError(f"unknown check {name!r}")
    catalog = catalog or load_catalog()
    _, fn = CHECKS[name]
    try:
        result = fn(answers, catalog)
    except KitError as exc:
        return CheckResult(0.0, [str(exc)])
    result.fraction = max(0.0, min(1.0, float(result.fraction)))
    return result
