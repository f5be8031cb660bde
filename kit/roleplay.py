"""Role-play: a deterministic simulated prospect to practise a discovery call against.

A learner asks questions; the prospect (built from a scenario's company, contact, pains and
distractors) answers the way the course teaches buyers behave:

* questions the engine places in the scenario's **target domain** uncover the scenario's pains,
  one SPIN stage at a time: first the *problem*, then its *implication*, then its *value*. A
  question that jumps ahead still gets an answer, but only the next stage in order, and the
  prospect cools a little (buyers notice when a seller skips to "what is it worth?");
* **general** business questions (no domain) reveal a little: the problem of a pain they touch,
  or company background. A general follow-up ("What does that cost you?") right after a pain
  was discussed continues that thread with the full rules, as it would in a real call;
* **off-domain** questions pull the prospect into a distractor they enjoy talking about. It
  costs more minutes and yields nothing; after several in a row the prospect loses track of why
  you called and interest falls;
* **pitches** (orientation ``product``) get a polite brush-off and cost interest;
* **small talk** costs a minute and a little warmth.

Every question goes through :func:`kit.scoring.analyze_question`, so the simulation and the
scorer never disagree about what a question is. Nothing is random: reply templates rotate by a
hash of the scenario id, so the same scenario and questions always give the same call, which
is what makes it gradeable and testable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

from kit.catalog import Catalog, load_catalog
from kit.errors import InputError, UsageError
from kit.models import Distractor, Pain, Scenario
from kit.scoring import analyze_question
from kit.scoring.analysis import QuestionAnalysis
from kit.scoring.text import normalize, phrase_stems, tokens
from kit.textfmt import wrap

# --------------------------------------------------------------------------- tuning
DEFAULT_MINUTES = 30
MIN_MINUTES, MAX_MINUTES = 5, 240
START_INTEREST = 50            # difficulty 1; each level above takes off DIFFICULTY_CHILL
DIFFICULTY_CHILL = 5
OPPORTUNITY_INTEREST = 40      # interest the prospect must still have for an opportunity
OPPORTUNITY_PAINS = 2          # pains uncovered to implication or value for an opportunity
FOLLOW_UP_SWITCH = 3.0        # match strength (a whole keyword) that moves a follow-up elsewhere
LOST_TRACK_AFTER = 3           # consecutive off-domain questions before the prospect loses track

# minutes a turn costs: an open question invites a longer answer than a closed one
MINUTES_OPEN, MINUTES_CLOSED = 3, 2
MINUTES_DRIFT_FIRST, MINUTES_DRIFT_MORE = 4, 5   # prospects enjoy their distractors: they talk
MINUTES_PITCH, MINUTES_SMALL_TALK = 2, 1

GAIN = {"problem": 4, "implication": 5, "value": 6}   # interest for revealing a pain's stage
JUMP_PENALTY = -3              # revealing a stage only because the question skipped ahead
REPEAT_PENALTY = -2            # asking again for what the prospect already said
PITCH_PENALTY = -15
SMALL_TALK_PENALTY = -2
LOST_TRACK_PENALTY = -6
NO_DISTRACTOR_PENALTY = -3     # an off-domain topic the prospect does not even care about
SITUATION_FREE = 2             # in-domain background questions that cost no interest
SITUATION_PENALTY = -2         # beyond that: buyers tire of being interviewed

REVEAL_STAGES = ("problem", "implication", "value")
# the reveal stage a SPIN stage asks for; a situation question on a pain gets its problem
ASKS_FOR = {"situation": "problem", "problem": "problem", "implication": "implication",
            "need_payoff": "value"}
VERDICTS = ("opportunity", "referral", "no_lead")
GENERAL, PITCH, SMALL_TALK = "general", "pitch", "small_talk"   # minutes_by_domain buckets

# words too common in questions to say which pain is meant
_STOP_WORDS = """
a about above after again all also am an and any are around as at be because been before
being between both but by can could did do does doing done each even ever every few for from
get gets getting got had has have having how i if in into is it its just know last less let
like lot make many may me more most much my need new no not now of off on once one only or
other our out over own per really right same say see should since so some still such take
than that the their them then there these they thing things this those through time to today
too up us very want was way we week well were what when where which while who why will with
would year years you your yours tell walk describe explain happen happens happened worth cost
costs fix fixed mean means meant right now day days month months business team work working current currently
"""
_STOP = frozenset(_STOP_WORDS.split())


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Turn:
    """One question and the prospect's answer, with what it cost and what it uncovered."""

    number: int
    question: str
    reply: str
    domain: str | None          # the engine's domain (None: general, pitch or small talk)
    orientation: str
    stage: str | None           # the engine's SPIN stage
    minutes: int                # minutes this turn used
    interest: int               # the prospect's interest (0-100) after this turn
    revealed: str | None = None          # id of the pain this turn uncovered a stage of
    revealed_stage: str | None = None    # problem | implication | value
    move: str = "general"       # pain | general | drift | pitch | small_talk

    def to_dict(self) -> dict[str, Any]:
        """The turn object of the role-play JSON contract (plus stage and what was revealed)."""
        return {"question": self.question, "reply": self.reply, "domain": self.domain,
                "minutes": self.minutes, "interest": self.interest, "stage": self.stage,
                "revealed": self.revealed, "revealed_stage": self.revealed_stage}


@dataclass(frozen=True)
class Debrief:
    """How the call went: the verdict a sales manager would give it, and the evidence."""

    scenario: str
    verdict: str
    reason: str
    revealed_pains: list[dict[str, Any]]
    minutes_used: int
    budget_minutes: int
    minutes_by_domain: dict[str, int]
    interest_over_time: list[int]
    turns: list[Turn]
    referral_domains: list[str] = field(default_factory=list)
    qualification: str = ""
    unasked: int = 0            # questions of a script left when the call ended

    @property
    def interest(self) -> int:
        return self.interest_over_time[-1]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the ``roleplay --json`` contract."""
        return {
            "scenario": self.scenario,
            "turns": [t.to_dict() for t in self.turns],
            "verdict": self.verdict,
            "reason": self.reason,
            "revealed_pains": [dict(p, stages=list(p["stages"])) for p in self.revealed_pains],
            "minutes_used": self.minutes_used,
            "budget_minutes": self.budget_minutes,
            "minutes_by_domain": dict(self.minutes_by_domain),
            "interest_over_time": list(self.interest_over_time),
            "referral_domains": list(self.referral_domains),
            "unasked": self.unasked,
        }

    def to_text(self) -> str:
        """A debrief for the terminal: verdict, why, what was found and where the time went."""
        lines = [f"Verdict: {self.verdict.replace('_', ' ')}", wrap(self.reason, "  ")]
        if self.revealed_pains:
            lines.append("Pains uncovered:")
            lines += [f"  {p['id']}: {', '.join(p['stages'])}" for p in self.revealed_pains]
        else:
            lines.append("Pains uncovered: none")
        where = ", ".join(f"{k} {v}" for k, v in self.minutes_by_domain.items()) or "-"
        lines.append(f"Minutes: {self.minutes_used} of {self.budget_minutes} ({where})")
        lines.append("Interest: " + " -> ".join(str(i) for i in self.interest_over_time))
        if self.unasked:
            lines.append(f"{self.unasked} question(s) of the script were never asked: "
                         "the call had ended.")
        if self.qualification:
            lines += ["Trainer's note:", wrap(self.qualification, "  ")]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


# --------------------------------------------------------------------------- text helpers


def _sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'$])", text) if s]


@lru_cache(maxsize=64)
def _proper_words(scenario: Scenario) -> frozenset[str]:
    """Capitalised words that are names in this scenario: they keep their capital mid-sentence.

    A word counts as a name when the scenario's own text capitalises it after a lower-case word
    ("plants in Tacoma", "go live on Epic"), or when it is part of the company or contact name.
    """
    corpus = " ".join([scenario.company.situation, scenario.contact.persona,
                       *(f"{p.problem} {p.implication} {p.value}" for p in scenario.pains),
                       *(f"{d.topic} {d.line}" for d in scenario.distractors),
                       scenario.qualification.opportunity, scenario.qualification.referral,
                       scenario.qualification.no_lead])
    names = set(re.findall(r"(?<=[a-z,;:] )([A-Z][\w'/-]*)", corpus))
    names |= set(scenario.company.name.split()) | set(scenario.contact.name.split())
    return frozenset(names | {"I", "I'm", "I've", "I'd", "I'll"})


def _lower_first(text: str, scenario: Scenario) -> str:
    """Let a sentence continue another ("Put plainly, our close...") without shouting a name.

    Only an ordinary capitalised first word is lowered: acronyms (DSO, OTA) and the names this
    scenario uses (Stockton, Epic, the company) keep their capital.
    """
    first = text.split(" ", 1)[0].rstrip(",;:")
    ordinary = len(first) > 1 and first[0].isupper() and first[1:].islower() and \
        first[1:].replace("'", "").isalpha() and first not in _proper_words(scenario)
    if first.lower() in _STOP or ordinary:
        return text[0].lower() + text[1:]
    return text


def _stable(*parts: object) -> int:
    """A hash that, unlike ``hash(str)``, is the same in every Python process."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return int(digest[:12], 16)


def _content_stems(text: str) -> set[str]:
    return {t.stem for t in tokens(normalize(text))
            if t.low not in _STOP and len(t.low) > 2 and not t.low.isdigit()}


@dataclass(frozen=True)
class _PainIndex:
    pain: Pain
    phrases: tuple[tuple[str, ...], ...]
    keyword_stems: frozenset[str]
    text_stems: frozenset[str]


@lru_cache(maxsize=64)
def _index(scenario: Scenario) -> tuple[_PainIndex, ...]:
    out = []
    for pain in scenario.pains:
        phrases = tuple(p for p in (phrase_stems(k) for k in pain.keywords) if p)
        kw = frozenset(s for k in pain.keywords for s in _content_stems(k))
        txt = frozenset(_content_stems(f"{pain.problem} {pain.implication} {pain.value}")) - kw
        out.append(_PainIndex(pain, phrases, kw, txt))
    return tuple(out)


def _contains(seq: Sequence[str], sub: Sequence[str]) -> bool:
    n = len(sub)
    return any(tuple(seq[i:i + n]) == tuple(sub) for i in range(len(seq) - n + 1))


def match_pain(scenario: Scenario, question: str) -> tuple[Pain | None, float]:
    """The pain a question is about, by token overlap, and how strongly it matched.

    A whole keyword phrase counts most (it is how the scenario author said a buyer would name
    the pain), single keyword words next, and words of the pain's own problem, implication and
    value text least. Ties go to the pain listed first, so the choice is stable.
    """
    toks = tokens(normalize(question))
    seq = [t.stem for t in toks]
    words = {t.stem for t in toks if t.low not in _STOP and len(t.low) > 2}
    best: tuple[float, int] = (0.0, -1)
    for i, idx in enumerate(_index(scenario)):
        score = sum(2.0 + len(p) for p in idx.phrases if _contains(seq, p))
        score += 1.0 * len(words & idx.keyword_stems) + 0.5 * len(words & idx.text_stems)
        if score > best[0]:
            best = (score, i)
    if best[0] < 1.0:
        return None, 0.0
    return scenario.pains[best[1]], best[0]


# --------------------------------------------------------------------------- reply templates
# Each list is rotated per scenario (see Call._say): consecutive replies of one kind never
# repeat a template until all of them have been used.

_PROBLEM = (
    "Since you ask, {lc}",
    "That one is a sore point, to be honest. {text}",
    "Fair question. {text} It's been that way for longer than I'd like.",
    "Where do I start? {text}",
    "You've put your finger on something. {text}",
    "I'll give you the straight answer: {lc}",
)
_IMPLICATION = (
    "And it doesn't stop there. {text}",
    "That's the part that worries me. {text}",
    "What it does to us downstream? {text}",
    "The knock-on effect is real. {text}",
    "Put plainly, {lc}",
    "It spreads further than people think. {text}",
)
_VALUE = (
    "If we fixed it? {text}",
    "I've actually run those numbers. {text}",
    "{text} That's the kind of number that gets attention upstairs.",
    "Honestly, {lc} That would change my year.",
    "We've talked about that internally. {text}",
)
_JUMP = (
    "You're a step ahead of me. Let me tell you what's going on first: {lc}",
    "Before we get to that, you should know where it starts. {text}",
    "Hold on, you're skipping a step. {text}",
    "That's a big question this early. What I can tell you is this: {lc}",
)
_REPEAT = (
    "Like I said, {lc}",
    "As I mentioned, {lc}",
    "We covered that a minute ago: {lc}",
    "I think I've answered that. {text}",
)
_HINT = (  # a general question that brushes a pain: the prospect gives a little
    "In general terms, there's one thing I'd mention. {text}",
    "Broadly? {text}",
    "If you are asking in general: {lc}",
)
_GENERAL = (
    "To give you the picture: {text}",
    "Some context first. {text}",
    "Well, {lc}",
    "Here is where we are. {text}",
    "It helps to know this: {text}",
    "The short version is that {lc}",
)
_SITUATION = (  # in the domain but on no pain: background from the company's situation
    "Day to day? {text}",
    "Fair enough. {text}",
    "That's how it works here, more or less. {text}",
    "The background matters. {text}",
)
_DRIFT_FIRST = (
    "{line}",
    "Oh, don't get me started. {line}",
    "Funny you should ask. {line}",
    "Now that is a topic. {line}",
)
_DRIFT_MORE = (  # back on a distractor: the next sentence of the prospect's story
    "Still on {topic}? {sentence}",
    "There's more to it, actually. {sentence}",
    "{sentence} I could talk about {topic} all afternoon.",
    "And the other thing about {topic}: {sentence_lc}",
)
_DRIFT_AGAIN = (  # the story is told: the prospect only circles it
    "Like I said, {topic} is a big one for us right now. I could go on.",
    "Honestly, {topic} is taking more of my week than it should.",
    "I could talk about {topic} all afternoon, but I doubt that's why you called.",
    "There's more to {topic} than I can get into today.",
)
_LOST_TRACK = (
    "Sorry, we've wandered a long way. Remind me what you wanted to talk to me about?",
    "I'm enjoying this, but I'm not sure what it has to do with why you called.",
    "We keep drifting. What was it you wanted from me today?",
)
_NO_DISTRACTOR = (
    "That's really one for our {name} people; I don't follow it closely.",
    "You'd have to ask {name} about that. It's not my world.",
    "No idea, to be honest. {name} isn't something I get involved in.",
)
_PITCH = (
    "I'm sure it does. I get a lot of these calls, though, and I'd rather you understood "
    "how {company} works first.",
    "Maybe. Send me something and I'll look at it, but I'd rather spend the time on our "
    "problems than on a demo.",
    "We looked at a couple of tools like {offering} before. None of them understood how we "
    "actually run.",
    "Features are features. What does that have to do with us?",
    "Every vendor's deck says something like that. I still don't know why you called me.",
    "I've heard that pitch before. If you want my attention, ask me about my {domain} "
    "numbers.",
)
_SMALL_TALK = (
    "Fine, thanks. Busy, as always.",
    "Good, thanks. I have about {left} minutes, so let's make them count.",
    "Can't complain. What did you want to talk about?",
    "All good here. Shall we get into it?",
    "Not bad, thanks. It's been a long week already.",
)
_CLOSE_BUDGET = (
    " I'm afraid that's my time; I have another meeting.",
    " I need to stop there, I have a hard stop.",
    " Sorry, I have to jump to my next call.",
)
_CLOSE_INTEREST = (
    " Look, I don't think this is a fit right now. Thanks for your time.",
    " I think we can leave it there. Send me an email if you like.",
)


# --------------------------------------------------------------------------- the call


class Call:
    """A running call with one simulated prospect.

    Create it with :func:`start_call`, then :meth:`ask` one question at a time and
    :meth:`finish` for the debrief. The call ends (``done``) when the time budget is used up or
    the prospect's interest reaches 0; asking after that raises :class:`~kit.errors.UsageError`.
    """

    def __init__(self, scenario: Scenario, *, minutes: int = DEFAULT_MINUTES,
                 catalog: Catalog | None = None):
        if isinstance(minutes, bool) or not isinstance(minutes, int) or \
                not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise UsageError(f"minutes must be a whole number from {MIN_MINUTES} to "
                             f"{MAX_MINUTES}, got {minutes!r}")
        self.catalog = catalog or load_catalog()
        self.scenario = scenario
        self.offering = self.catalog.offering_for(scenario)
        self.budget = minutes
        self.minutes_used = 0
        self.interest = max(10, START_INTEREST - DIFFICULTY_CHILL * (scenario.difficulty - 1))
        self.revealed: dict[str, list[str]] = {}
        self.turns: list[Turn] = []
        self.interest_over_time = [self.interest]
        self.minutes_by_domain: dict[str, int] = {}
        self.done = False
        self.ended_by: str | None = None     # "budget" | "interest"
        self._focus: Pain | None = None      # the pain the conversation is on
        self._drift_streak = 0
        self._situation_asked = 0
        self._used: dict[str, int] = {}      # how often each template list was used
        self._drift_seen: dict[str, int] = {}

    # ----------------------------------------------------------------- public

    @property
    def minutes_left(self) -> int:
        return max(0, self.budget - self.minutes_used)

    def ask(self, question: str) -> Turn:
        """Ask one question; return the prospect's answer and what it cost and uncovered."""
        if self.done:
            raise UsageError("the call is over (" + ("time is up" if self.ended_by == "budget"
                                                      else "the prospect has lost interest")
                             + "); call finish() for the debrief")
        analysis = analyze_question(question, catalog=self.catalog)
        if analysis.orientation == "product":
            move, bucket, minutes, delta, reply, pain, stage = self._pitch()
        elif analysis.orientation == "other":
            move, bucket, minutes, delta, reply, pain, stage = self._small_talk()
        elif analysis.domain not in (None, self.scenario.target_domain):
            move, bucket, minutes, delta, reply, pain, stage = self._drift(analysis)
        else:
            move, bucket, minutes, delta, reply, pain, stage = self._business(analysis)
        if move != "drift":
            self._drift_streak = 0
        minutes = min(minutes, self.minutes_left)
        self.minutes_used += minutes
        self.minutes_by_domain[bucket] = self.minutes_by_domain.get(bucket, 0) + minutes
        self.interest = max(0, min(100, self.interest + delta))
        if self.interest == 0:
            self.done, self.ended_by = True, "interest"
            reply += self._pick("close_interest", _CLOSE_INTEREST)
        elif self.minutes_left == 0:
            self.done, self.ended_by = True, "budget"
            reply += self._pick("close_budget", _CLOSE_BUDGET)
        turn = Turn(len(self.turns) + 1, analysis.question, reply, analysis.domain,
                    analysis.orientation, analysis.stage, minutes, self.interest,
                    pain.id if pain else None, stage, move)
        self.turns.append(turn)
        self.interest_over_time.append(self.interest)
        return turn

    def finish(self) -> Debrief:
        """End the call (if it has not ended) and return the debrief with the verdict."""
        self.done = True
        verdict, reason, referral = self._verdict()
        qualification = getattr(self.scenario.qualification, verdict)
        return Debrief(
            scenario=self.scenario.id, verdict=verdict, reason=reason,
            revealed_pains=[{"id": p.id, "stages": list(self.revealed[p.id])}
                            for p in self.scenario.pains if p.id in self.revealed],
            minutes_used=self.minutes_used, budget_minutes=self.budget,
            minutes_by_domain=dict(self.minutes_by_domain),
            interest_over_time=list(self.interest_over_time), turns=list(self.turns),
            referral_domains=referral, qualification=qualification)

    # ----------------------------------------------------------------- moves
    # each returns (move, minutes bucket, minutes, interest delta, reply, pain, revealed stage)

    def _pitch(self) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        self._focus = None
        target = self.catalog.domains.get(self.scenario.target_domain)
        reply = self._pick("pitch", _PITCH).format(
            company=self.scenario.company.name, offering=self.offering.name,
            domain=_mid(target.name if target else self.scenario.target_domain))
        return "pitch", PITCH, MINUTES_PITCH, PITCH_PENALTY, reply, None, None

    def _small_talk(self) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        reply = self._pick("small_talk", _SMALL_TALK).format(left=self.minutes_left)
        return "small_talk", SMALL_TALK, MINUTES_SMALL_TALK, SMALL_TALK_PENALTY, reply, None, None

    def _drift(self, analysis: QuestionAnalysis
               ) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        self._focus = None
        self._drift_streak += 1
        domain = analysis.domain or ""
        minutes = MINUTES_DRIFT_FIRST if self._drift_streak == 1 else MINUTES_DRIFT_MORE
        distractor = self._distractor(domain)
        if distractor is None:
            info = self.catalog.domains.get(domain)
            reply = self._pick("no_distractor", _NO_DISTRACTOR).format(
                name=info.name if info else domain)
            delta = NO_DISTRACTOR_PENALTY
        else:
            seen = self._drift_seen.get(domain, 0)
            self._drift_seen[domain] = seen + 1
            if seen == 0:
                reply = self._pick("drift", _DRIFT_FIRST).format(line=_norm(distractor.line))
            else:
                parts = _sentences(distractor.line)
                topic = _topic(distractor.topic, self.scenario)
                if seen < len(parts):
                    sentence = parts[seen]
                    reply = self._pick("drift_more", _DRIFT_MORE).format(
                        topic=topic, sentence=sentence,
                        sentence_lc=_lower_first(sentence, self.scenario))
                else:
                    reply = self._pick("drift_again", _DRIFT_AGAIN).format(topic=topic)
            delta = 0
        if self._drift_streak >= LOST_TRACK_AFTER:
            reply += " " + self._pick("lost_track", _LOST_TRACK)
            delta = min(delta, 0) + LOST_TRACK_PENALTY
        return "drift", domain, minutes, delta, reply, None, None

    def _business(self, analysis: QuestionAnalysis
                  ) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        in_domain = analysis.domain == self.scenario.target_domain
        bucket = self.scenario.target_domain if in_domain else GENERAL
        minutes = MINUTES_OPEN if analysis.form == "open" else MINUTES_CLOSED
        pain, strength = match_pain(self.scenario, analysis.question)
        # "What does that cost you?" right after a pain continues it: a stray word shared with
        # another pain's text must not switch topics, only a named keyword may
        if self._focus is not None and analysis.stage in ("implication", "need_payoff") and \
                strength < FOLLOW_UP_SWITCH:
            pain = self._focus
        if pain is None:
            return self._background(in_domain, bucket, minutes)
        full = in_domain or pain is self._focus
        self._focus = pain
        have = self.revealed.get(pain.id, [])
        nxt = next((s for s in REVEAL_STAGES if s not in have), None)
        asks = ASKS_FOR[analysis.stage or "situation"]
        if not full:  # a general question on a new pain: the problem at most
            if nxt == "problem":
                return self._reveal(pain, "problem", "general", bucket, minutes, _HINT,
                                    GAIN["problem"] - 2)
            return self._repeat(pain, have, bucket, minutes)
        if nxt is None or REVEAL_STAGES.index(asks) < REVEAL_STAGES.index(nxt):
            return self._repeat(pain, have, bucket, minutes)
        if asks == nxt:
            templates = {"problem": _PROBLEM, "implication": _IMPLICATION, "value": _VALUE}[nxt]
            return self._reveal(pain, nxt, "pain", bucket, minutes, templates, GAIN[nxt])
        return self._reveal(pain, nxt, "pain", bucket, minutes, _JUMP, JUMP_PENALTY)

    def _reveal(self, pain: Pain, stage: str, move: str, bucket: str, minutes: int,
                templates: Sequence[str], delta: int
                ) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        self.revealed.setdefault(pain.id, []).append(stage)
        text = _norm(getattr(pain, stage))
        reply = self._fill(move + stage, templates, text)
        return move, bucket, minutes, delta, reply, pain, stage

    def _repeat(self, pain: Pain, have: list[str], bucket: str, minutes: int
                ) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        said = _sentences(_norm(getattr(pain, have[-1] if have else "problem")))[0]
        reply = self._fill("repeat", _REPEAT, said)
        return "pain", bucket, minutes, REPEAT_PENALTY, reply, None, None

    def _background(self, in_domain: bool, bucket: str, minutes: int
                    ) -> tuple[str, str, int, int, str, Pain | None, str | None]:
        facts = _sentences(self.scenario.company.situation)
        n = self._used.get("facts", 0)
        self._used["facts"] = n + 1
        fact = facts[(_stable(self.scenario.id, "facts") + n) % len(facts)]
        if in_domain:
            self._situation_asked += 1
            delta = 1 if self._situation_asked <= SITUATION_FREE else SITUATION_PENALTY
            reply = self._fill("situation", _SITUATION, fact)
            return "general", bucket, minutes, delta, reply, None, None
        reply = self._fill("general", _GENERAL, fact)
        return "general", bucket, minutes, 0, reply, None, None

    # ----------------------------------------------------------------- helpers

    def _pick(self, kind: str, templates: Sequence[str]) -> str:
        """Rotate through ``templates`` from a per-scenario starting point: varied, repeatable."""
        n = self._used.get(kind, 0)
        self._used[kind] = n + 1
        return templates[(_stable(self.scenario.id, kind) + n) % len(templates)]

    def _fill(self, kind: str, templates: Sequence[str], text: str) -> str:
        """A template around scenario text, as a sentence of its own or continuing one."""
        return self._pick(kind, templates).format(text=text, lc=_lower_first(text, self.scenario))

    def _distractor(self, domain: str) -> Distractor | None:
        return next((d for d in self.scenario.distractors if d.domain == domain), None)

    def _verdict(self) -> tuple[str, str, list[str]]:
        target = self.scenario.target_domain
        deep = [pid for pid, stages in self.revealed.items()
                if "implication" in stages or "value" in stages]
        drift = {k: v for k, v in self.minutes_by_domain.items()
                 if k not in (target, GENERAL, PITCH, SMALL_TALK)}
        drift_minutes = sum(drift.values())
        on_target = self.minutes_by_domain.get(target, 0)
        referral = sorted(drift, key=lambda k: (-drift[k], list(drift).index(k)))
        names = _and([self._domain_name(d) for d in referral])
        if len(deep) >= OPPORTUNITY_PAINS and self.interest >= OPPORTUNITY_INTEREST:
            return ("opportunity",
                    f"{len(deep)} pains were explored as far as their consequences "
                    f"({', '.join(deep)}) and the prospect's interest is {self.interest}: "
                    "there is a case to propose a next step.", [])
        if drift and (drift_minutes > on_target or not self.revealed):
            why = ("most of the call went" if drift_minutes > on_target
                   else "the only needs that came up belong")
            return ("referral",
                    f"{why[0].upper()}{why[1:]} to {names} ({drift_minutes} of "
                    f"{self.minutes_used} minutes): note those needs and offer an "
                    "introduction to whoever owns them.", referral)
        missing = []
        if len(deep) < OPPORTUNITY_PAINS:
            found = {0: "no pain", 1: "only one pain"}.get(len(deep), f"only {len(deep)} pains")
            missing.append(f"{found} reached implication or value "
                           f"(an opportunity needs {OPPORTUNITY_PAINS})")
        if self.interest < OPPORTUNITY_INTEREST:
            missing.append(f"the prospect's interest fell to {self.interest} "
                           f"(below {OPPORTUNITY_INTEREST})")
        return "no_lead", "No lead yet: " + " and ".join(missing) + ".", referral

    def _domain_name(self, domain_id: str) -> str:
        info = self.catalog.domains.get(domain_id)
        return info.name if info else domain_id


def _and(items: Sequence[str]) -> str:
    """'IT', 'IT and HR', 'Finance, IT and HR'."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _mid(name: str) -> str:
    """A domain name mid-sentence: "Supply Chain" -> "supply chain", but "IT" stays "IT"."""
    return " ".join(w if w.isupper() else w.lower() for w in name.split())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _topic(topic: str, scenario: Scenario) -> str:
    """A distractor topic as it reads mid-sentence ("The SAP migration" -> "the SAP migration")."""
    return _lower_first(topic, scenario)


# --------------------------------------------------------------------------- entry points


def start_call(scenario: str | Scenario, *, minutes: int = DEFAULT_MINUTES,
               catalog: Catalog | None = None) -> Call:
    """Start a call with the prospect of ``scenario`` (an id or a :class:`Scenario`).

    Raises :class:`~kit.errors.UnknownIdError` for an unknown scenario id and
    :class:`~kit.errors.UsageError` for a budget outside 5 to 240 minutes.
    """
    catalog = catalog or load_catalog()
    if not isinstance(scenario, Scenario):
        scenario = catalog.scenario(scenario)
    return Call(scenario, minutes=minutes, catalog=catalog)


def play_script(scenario: str | Scenario, questions: Iterable[str], *,
                minutes: int = DEFAULT_MINUTES, catalog: Catalog | None = None) -> Debrief:
    """Play a list of questions against the prospect and return the debrief.

    Questions left when the call ends (time up or interest gone) are not asked; the debrief
    counts them in ``unasked``. An empty question raises :class:`~kit.errors.InputError`.
    """
    if isinstance(questions, str | bytes):
        raise TypeError("questions must be a list of strings, one question each, not a single "
                        "string")
    qs = list(questions)
    if not qs:
        raise InputError("the script is empty: write at least one question")
    call = start_call(scenario, minutes=minutes, catalog=catalog)
    asked = 0
    for q in qs:
        if call.done:
            break
        call.ask(q)
        asked += 1
    return dataclasses.replace(call.finish(), unasked=len(qs) - asked)


def transcript_text(debrief: Debrief, scenario: Scenario) -> str:
    """The call as a terminal transcript followed by the debrief."""
    who = scenario.contact.name.split()[0]
    lines = [f"Call with {scenario.contact.name}, {scenario.contact.role}, "
             f"{scenario.company.name}", ""]
    for t in debrief.turns:
        label = t.domain or {"product": "pitch", "other": "small talk"}.get(t.orientation,
                                                                           "general")
        found = f", uncovered {t.revealed} ({t.revealed_stage})" if t.revealed else ""
        lines.append(f"Q{t.number} [{label}, {t.minutes} min, interest {t.interest}{found}]")
        lines.append(_speech("You", t.question))
        lines.append(_speech(who, t.reply))
    lines += ["", debrief.to_text()]
    return "\n".join(lines)


def _speech(who: str, text: str) -> str:
    """``  Dana: ...`` wrapped with a hanging indent, so speakers stand out in a transcript."""
    return textwrap.fill(" ".join(text.split()), width=96, initial_indent=f"  {who}: ",
                         subsequent_indent=" " * (len(who) + 4))


def _intro(call: Call) -> str:
    s = call.scenario
    return "\n".join([
        f"You are on a {call.budget}-minute call with {s.contact.name}, {s.contact.role} at "
        f"{s.company.name} ({s.company.size}).",
        f"You sell {call.offering.name}. Type one question per line; 'end' finishes the call.",
        "",
    ])


def cli_main(scenario_id: str, source_lines: list[str] | None, as_json: bool, *,
             catalog: Catalog | None = None, minutes: int = DEFAULT_MINUTES,
             stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the ``roleplay`` command; return the exit code (0: the call ran).

    With ``source_lines`` the lines are a script (blank lines and ``#`` comments skipped).
    With ``None`` the call is interactive: questions are read from stdin until the budget is
    used, the prospect gives up, the input ends or the learner types ``end``. Kit errors
    (unknown scenario, empty script) propagate so the CLI prints them as one line.
    """
    out = stdout or sys.stdout
    catalog = catalog or load_catalog()
    scenario = catalog.scenario(scenario_id)
    if source_lines is not None:
        qs = [ln.strip() for ln in source_lines if ln.strip() and not ln.lstrip().startswith("#")]
        debrief = play_script(scenario, qs, minutes=minutes, catalog=catalog)
        if as_json:
            print(json.dumps(debrief.to_dict(), ensure_ascii=False, indent=2), file=out)
        else:
            print(transcript_text(debrief, scenario), file=out)
        return 0
    call = start_call(scenario, minutes=minutes, catalog=catalog)
    src = stdin or sys.stdin
    if not as_json:
        print(_intro(call), file=out)
    who = scenario.contact.name.split()[0]
    while not call.done:
        if not as_json:
            print(f"[{call.minutes_left} min left, interest {call.interest}] > ", end="",
                  file=out, flush=True)
        line = src.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in ("end", "quit", "exit", "bye"):
            break
        if not question:
            continue
        try:
            turn = call.ask(question)
        except InputError as exc:
            print(f"  ({exc})", file=out)
            continue
        if not as_json:
            print(_speech(who, turn.reply), file=out)
    debrief = call.finish()
    if as_json:
        print(json.dumps(debrief.to_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print("\n" + debrief.to_text(), file=out)
    return 0


__all__ = ["Call", "Debrief", "Turn", "cli_main", "match_pain", "play_script", "start_call",
           "transcript_text"]
