"""Score a question plan for a target domain the way an experienced sales trainer would.

Five components, each 0 to 100, weighted by the rubric: focus (the course's core lesson: stay in
the domain your offering serves), orientation (the buyer's business, not your product), stages
(SPIN: problem, implication, need-payoff, roughly in that order), quality (open, one thing at a
time, no leading or researchable questions), and length (11 to 14 questions works best).
Every deduction produces a feedback sentence that cites questions by number and says what to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.catalog import Catalog, load_catalog
from kit.models import Domain
from kit.scoring.analysis import QuestionAnalysis, analyze_question
from kit.scoring.rubric import COMPONENTS, Rubric, load_rubric

MAX_PLAN_QUESTIONS = 200
STAGE_RANK = {"situation": 0, "problem": 1, "implication": 2, "need_payoff": 3}
STAGE_WORDS = {"situation": "situation", "problem": "problem", "implication": "implication",
               "need_payoff": "need-payoff"}


@dataclass(frozen=True)
class PlanScore:
    """The result of :func:`score_plan`; renders as HTML in a notebook and as text in a terminal."""

    score: float
    passed: bool
    domain: str
    components: dict[str, float]
    feedback: list[str]
    questions: list[QuestionAnalysis]
    weights: dict[str, float] = field(default_factory=dict)
    pass_mark: float = 70.0
    tier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the ``score --json`` contract."""
        return {
            "score": self.score, "passed": self.passed, "domain": self.domain,
            "pass_mark": self.pass_mark, "tier": self.tier,
            "components": dict(self.components), "weights": dict(self.weights),
            "feedback": list(self.feedback),
            "questions": [dict(q.to_dict(), number=i) for i, q in enumerate(self.questions, 1)],
        }

    def to_text(self) -> str:
        from kit.scoring.render import plan_text
        return plan_text(self)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        from kit.scoring.render import plan_html
        return plan_html(self)


def _check_questions(questions: object) -> list[str]:
    if isinstance(questions, str | bytes):
        raise TypeError("questions must be a list of strings, one question each, not a single "
                        "string; wrap it: [\"...\"] or split it into lines")
    if not isinstance(questions, list | tuple):
        raise TypeError(f"questions must be a list of strings, got {type(questions).__name__}")
    out = []
    for i, q in enumerate(questions, 1):
        if not isinstance(q, str):
            raise TypeError(f"question {i} must be a string, got {type(q).__name__}: {q!r:.60}")
        if q.strip():
            out.append(q)
    if not out:
        raise ValueError("the plan is empty: write at least one question")
    if len(out) > MAX_PLAN_QUESTIONS:
        raise ValueError(f"the plan has {len(out)} questions; the limit is {MAX_PLAN_QUESTIONS}")
    return out


def _numbers(nums: Sequence[int]) -> str:
    """'Question 4', 'Questions 4 to 6', 'Questions 2, 5 and 9'."""
    nums = sorted(nums)
    if len(nums) == 1:
        return f"Question {nums[0]}"
    if nums == list(range(nums[0], nums[-1] + 1)):
        return f"Questions {nums[0]} to {nums[-1]}"
    return "Questions " + ", ".join(map(str, nums[:-1])) + f" and {nums[-1]}"


def _example(domain: Domain, stage: str) -> str:
    for q in domain.example_questions:
        if q.stage == stage:
            return q.text
    return domain.example_questions[0].text


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _focus(qs: list[QuestionAnalysis], target: Domain, catalog: Catalog, r: Rubric,
           fb: list[str]) -> float:
    counted = [(i, q) for i, q in enumerate(qs) if q.orientation != "other"]
    if not counted:
        fb.append("No question is about the prospect's business yet: ask about their "
                  f"{_lname(target)} goals, problems and numbers.")
        return 0.0
    off = [q.orientation == "business" and q.domain not in (None, target.id) for q in qs]
    credit = 0.0
    for _, q in counted:
        if q.orientation != "business":
            continue
        if q.domain == target.id:
            credit += 1
        elif q.domain is None:
            credit += r.focus.general_credit
    penalty = 0.0
    forgiven = False
    for start, end in _runs(off):
        nums = list(range(start + 1, end + 1))
        domains = Counter(qs[i].domain for i in range(start, end))
        names = " and ".join(catalog.domains[d].name for d, _ in domains.most_common()
                             if d in catalog.domains)
        verb = "is" if len(nums) == 1 else "are"
        if end - start >= r.focus.drift_run:
            penalty += r.focus.drift_penalty * (end - start)
            challenge = target.challenges[start % len(target.challenges)]
            fb.append(f"{_numbers(nums)} {verb} about {names}; your offering serves "
                      f"{target.name}. That is drift: bring it back to {_lname(target)}, "
                      f"for example by asking about a challenge buyers there name: "
                      f"\"{challenge}\"")
        elif not forgiven:
            forgiven = True
            credit += r.focus.general_credit
            fb.append(f"{_numbers(nums)} {verb} about {names}. One question to find the edge of "
                      f"your domain is fine; return to {_lname(target)} next.")
        else:
            fb.append(f"{_numbers(nums)} {verb} about {names}, outside {target.name}: "
                      f"replace it with a {_lname(target)} question such as "
                      f"\"{_example(target, 'problem')}\"")
    general = [i + 1 for i, q in enumerate(qs) if q.orientation == "business" and q.domain is None]
    if len(general) > 2:
        fb.append(f"{_numbers(general)} are general business questions that belong to no domain. "
                  f"Keep one opener at most and tie the rest to {_lname(target)} "
                  f"(its {', '.join(k.name for k in target.kpis[:3])}).")
    inside = [i + 1 for i, q in enumerate(qs) if q.domain == target.id]
    value = max(0.0, 100.0 * credit / len(counted) - penalty)
    if inside and value >= 80:
        fb.append(f"{len(inside)} of {len(qs)} questions stay in {target.name}: the focus that "
                  "turns a business conversation into a lead.")
    return value


def _lname(domain: Domain) -> str:
    """A domain's name inside a sentence: "operations", but "IT" stays "IT"."""
    return domain.name if domain.name.isupper() else domain.name.lower()


def _orientation(qs: list[QuestionAnalysis], target: Domain, fb: list[str]) -> float:
    business = sum(q.orientation == "business" for q in qs)
    pitches = [i + 1 for i, q in enumerate(qs) if q.orientation == "product"]
    other = [i + 1 for i, q in enumerate(qs) if q.orientation == "other"]
    if pitches:
        fb.append(f"{_numbers(pitches)} {'talks' if len(pitches) == 1 else 'talk'} about your "
                  "product, not the buyer's business. Ask about the outcome the feature serves "
                  f"instead: what it is worth to them, in {_lname(target)} terms.")
    value = 100.0 * business / max(1, business + len(pitches))
    if len(other) > 2:
        value -= 10.0 * (len(other) - 2)
        fb.append(f"{_numbers(other)} are small talk or logistics; one is friendly, "
                  f"{len(other)} use up the call.")
    return max(0.0, value)


def _stages(qs: list[QuestionAnalysis], target: Domain, r: Rubric, fb: list[str]) -> float:
    staged = [(i + 1, q.stage) for i, q in enumerate(qs) if q.stage is not None]
    if not staged:
        fb.append("No question explores the buyer's situation, problems or their value yet.")
        return 0.0
    present = Counter(s for _, s in staged)
    value = 0.0
    value += 10 if present["situation"] else 0
    for stage, points in (("problem", 25), ("implication", 25), ("need_payoff", 20)):
        if present[stage]:
            value += points
        else:
            hint = {"problem": "what is hard, slow or unreliable today",
                    "implication": "what a problem costs or what else it affects",
                    "need_payoff": "what solving it would be worth"}[stage]
            fb.append(f"No {STAGE_WORDS[stage]} question: ask {hint}, e.g. "
                      f"\"{_example(target, stage)}\"")
    ranks = [STAGE_RANK[s] for _, s in staged]
    pairs = ordered = 0
    for a in range(len(ranks)):
        for b in range(a + 1, len(ranks)):
            pairs += 1
            ordered += ranks[a] <= ranks[b]
    flow = ordered / pairs if pairs else 1.0
    value += 20 * flow
    if pairs and flow < 0.7:
        early = [n for (n, s) in staged if STAGE_RANK[s] >= 2][:2]
        fb.append(f"The flow jumps around: {_numbers(early).lower()} ask about consequences or "
                  "value before the problems are on the table. Move from situation to problem, "
                  "then implication, then need-payoff.")
    share = present["situation"] / len(staged)
    if share > r.stages.max_situation_share and len(staged) >= 3:
        value -= 200 * (share - r.stages.max_situation_share)
        sit = [n for n, s in staged if s == "situation"]
        fb.append(f"{len(sit)} of {len(staged)} questions only gather facts (situation). Research "
                  "what you can before the call and keep two or three; spend the rest on problems "
                  "and what they cost.")
    return max(0.0, min(100.0, value))


def _quality(qs: list[QuestionAnalysis], r: Rubric, fb: list[str]) -> float:
    counted = [q for q in qs if q.orientation != "other"] or qs
    open_share = sum(q.form == "open" for q in counted) / len(counted)
    value = 100.0 * min(1.0, open_share / r.quality.open_target)
    if open_share < r.quality.open_target:
        closed = [i + 1 for i, q in enumerate(qs) if q.form == "closed"][:4]
        fb.append(f"Only {round(open_share * 100)}% of the questions are open. Reword closed ones "
                  f"({_numbers(closed).lower()}) to start with 'what', 'how' or 'walk me "
                  "through' so the buyer explains.")
    advice = {"stacked": "asks several things at once; ask one at a time",
              "leading": "is leading; ask neutrally and let the buyer judge",
              "researchable": "asks what you could have researched before the call",
              "cliche": "is a stock phrase; ask about something specific to this buyer"}
    flagged = 0
    for flag, text in advice.items():
        nums = [i + 1 for i, q in enumerate(qs) if flag in q.flags]
        if nums:
            flagged += len(nums)
            verb = text if len(nums) == 1 else (text.replace("asks", "ask", 1)
                                                .replace("is ", "are ", 1))
            fb.append(f"{_numbers(nums)} {verb}.")
    return max(0.0, value - r.quality.flag_penalty * flagged)


def _length(n: int, r: Rubric, fb: list[str]) -> float:
    lo, hi = r.length.ideal
    if lo <= n <= hi:
        return 100.0
    if n < lo:
        value = 100.0 - (lo - n) * 10 if n >= r.length.warn_below else \
            max(0.0, 100.0 - (lo - r.length.warn_below) * 10 - (r.length.warn_below - n) * 14)
        if n < r.length.warn_below:
            fb.append(f"Only {n} question{'s' if n != 1 else ''}: plan at least "
                      f"{r.length.warn_below}, ideally {lo} to {hi} (Gong Labs found discovery "
                      "calls with 11 to 14 questions did best).")
        else:
            fb.append(f"{n} questions: add {lo - n} more, ideally deeper problem and implication "
                      f"questions, to reach the {lo} to {hi} that works best.")
        return max(0.0, value)
    value = 100.0 - (n - hi) * 6 if n <= r.length.warn_above else \
        max(0.0, 100.0 - (r.length.warn_above - hi) * 6 - (n - r.length.warn_above) * 8)
    if n > r.length.warn_above:
        fb.append(f"{n} questions is an interrogation: keep the best {hi} (11 to {hi} works best).")
    else:
        fb.append(f"{n} questions: trim to {hi} or fewer so the buyer talks more than you.")
    return max(0.0, value)


def _essentials(qs: list[QuestionAnalysis], components: dict[str, float], r: Rubric) -> list[str]:
    """What no passing plan may lack, in the words the verdict uses."""
    e, missing = r.essentials, []
    if len(qs) < e.min_questions:
        missing.append(f"at least {e.min_questions} questions (this one has {len(qs)})")
    if components["focus"] < e.min_focus:
        missing.append(f"most of its questions in the target domain (focus {components['focus']:g}"
                       f", needs {e.min_focus:g})")
    stages = {q.stage for q in qs}
    if e.deeper_stage and not ("problem" in stages and stages & {"implication", "need_payoff"}):
        missing.append("a problem question and an implication or need-payoff question")
    return missing


def score_plan(questions: list[str], domain: str, rubric: Rubric | str | Path | dict | None = None,
               *, catalog: Catalog | None = None) -> PlanScore:
    """Score a question plan (a list of strings) for the target ``domain`` id.

    Raises :class:`TypeError` for anything but a list of strings (a bare string included) and
    :class:`ValueError` for an empty plan or an unknown domain.
    """
    qs_text = _check_questions(questions)
    catalog = catalog or load_catalog()
    if not isinstance(domain, str):
        raise TypeError(f"domain must be a domain id string, got {type(domain).__name__}")
    target = catalog.domain(domain)
    r = load_rubric(rubric)
    qs = [analyze_question(q, catalog=catalog) for q in qs_text]
    feedback: list[str] = []
    components = {
        "focus": _focus(qs, target, catalog, r, feedback),
        "orientation": _orientation(qs, target, feedback),
        "stages": _stages(qs, target, r, feedback),
        "quality": _quality(qs, r, feedback),
        "length": _length(len(qs), r, feedback),
    }
    components = {k: round(v, 1) for k, v in components.items()}
    weights = {c: round(r.weight(c), 2) for c in COMPONENTS}
    total = sum(components[c] * weights[c] for c in COMPONENTS) / 100.0
    missing = _essentials(qs, components, r)
    if missing:  # below the pass mark, so passing and scoring never disagree
        total = min(total - r.essentials.penalty * len(missing), r.pass_mark - 0.1)
    total = round(max(0.0, total), 1)
    passed = total >= r.pass_mark and not missing
    tier = None
    for name, mark in sorted(r.tiers.items(), key=lambda kv: kv[1]):
        if total >= mark:
            tier = name
    verdict = (f"Score {total:g}/100: {'passes' if passed else 'below'} the pass mark of "
               f"{r.pass_mark:g}.")
    weakest = min(COMPONENTS, key=lambda c: components[c] if weights[c] else 101)
    if missing:
        verdict = (f"Score {total:g}/100: not passed. Every plan needs " + "; ".join(missing)
                   + ".")
    elif not passed:
        verdict += f" The most points are waiting in {weakest}."
    return PlanScore(total, passed, target.id, components, [verdict, *feedback], qs, weights,
                     r.pass_mark, tier)
