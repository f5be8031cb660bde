"""The simulated prospect (kit.roleplay): focus pays, drift and pitches do not.

Plans are generated from each scenario's own data (pain keywords, distractor topics, offering
features) with generic templates, so every scenario an author adds is tested without anyone
writing questions for it. The plans are checked against the engine's labels first: a role-play
test must fail because the prospect misbehaves, not because a template said something the
engine reads differently.
"""

from __future__ import annotations

import io
import json

import pytest

from kit.catalog import load_catalog
from kit.errors import InputError, KitError, UnknownIdError, UsageError
from kit.models import Scenario
from kit.roleplay import (
    OPPORTUNITY_INTEREST,
    Call,
    Debrief,
    cli_main,
    match_pain,
    play_script,
    start_call,
)
from kit.scoring import analyze_question

CATALOG = load_catalog()
SCENARIOS = sorted(CATALOG.scenarios)

# one template per SPIN stage the prospect rewards, in the order a good seller asks them
FOCUS_TEMPLATES = (
    ("problem", "What goes wrong with {kw} right now?"),
    ("implication", "What does trouble with {kw} mean for the rest of the business?"),
    ("need_payoff", "If you could fix {kw}, what would that be worth to you?"),
)
DRIFT_TEMPLATES = ("Tell me about {topic}.", "What is the latest on {topic}?")
MAX_FOCUS_PAINS = 3


def _lc(text: str) -> str:
    """Lower-case a capitalised first word (not an acronym) so text reads mid-sentence."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _focus_questions(scenario: Scenario, kw: str) -> list[str] | None:
    """The three questions on ``kw``, or None when the engine reads any of them differently."""
    out = []
    for stage, template in FOCUS_TEMPLATES:
        q = template.format(kw=kw)
        a = analyze_question(q, catalog=CATALOG)
        pain, _ = match_pain(scenario, q)
        if (a.domain, a.orientation, a.stage) != (scenario.target_domain, "business", stage):
            return None
        if pain is None or kw not in pain.keywords:
            return None
        out.append(q)
    return out


def _domain_anchors(scenario: Scenario) -> list[str]:
    """Target-domain vocabulary the engine recognises alone: used when a keyword is too vague."""
    domain = CATALOG.domain(scenario.target_domain)
    return [t.term for t in domain.vocabulary if not t.ambiguous_with and
            analyze_question(f"How do you handle {t.term} today?",
                             catalog=CATALOG).domain == domain.id][:5]


def focused_plan(scenario: Scenario) -> tuple[list[str], list[str]]:
    """Problem, implication and need-payoff questions on up to three pains; and those pains.

    For each pain the first keyword whose questions the engine places in the target domain is
    used; when none works alone, the keyword is tried next to target-domain vocabulary
    ("slow turnaround in contract review").
    """
    plan: list[str] = []
    pains: list[str] = []
    anchors: list[str] | None = None
    for pain in scenario.pains:
        if len(pains) == MAX_FOCUS_PAINS:
            break
        found = None
        for kw in pain.keywords:
            found = _focus_questions(scenario, kw)
            if found:
                break
        if not found:
            anchors = anchors if anchors is not None else _domain_anchors(scenario)
            for kw in pain.keywords:
                for anchor in anchors:
                    found = _focus_questions(scenario, f"{kw} in {anchor}")
                    if found:
                        break
                if found:
                    break
        if found:
            plan += found
            pains.append(pain.id)
    return plan, pains


def drift_plan(scenario: Scenario) -> list[str]:
    """Questions about the distractors: their topics, else their domains' own example questions.

    Only questions the engine places outside the target domain are kept, so the plan really
    drifts by the engine's own reading.
    """
    plan: list[str] = []
    for d in scenario.distractors:
        candidates = [t.format(topic=_lc(d.topic)) for t in DRIFT_TEMPLATES]
        candidates += [q.text for q in CATALOG.domain(d.domain).example_questions]
        kept = [q for q in candidates
                if (a := analyze_question(q, catalog=CATALOG)).orientation == "business"
                and a.domain not in (None, scenario.target_domain)]
        plan += kept[:3]
    return plan


def feature_dump(scenario: Scenario) -> list[str]:
    return [f"Did you know {_lc(f.feature)}?" for f in CATALOG.offering_for(scenario).features]


# --------------------------------------------------------------------------- per scenario


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_focused_plan_reaches_opportunity(scenario_id: str) -> None:
    scenario = CATALOG.scenario(scenario_id)
    plan, pains = focused_plan(scenario)
    assert len(pains) >= 2, (
        f"{scenario_id}: fewer than two pains have a keyword the engine places in "
        f"{scenario.target_domain}; add clearer keywords or domain vocabulary")
    for q in plan:  # the premise of the test: the engine agrees the plan is on target
        assert analyze_question(q, catalog=CATALOG).domain == scenario.target_domain, q
    debrief = play_script(scenario_id, plan, catalog=CATALOG)
    deep = [p["id"] for p in debrief.revealed_pains
            if {"implication", "value"} & set(p["stages"])]
    assert debrief.verdict == "opportunity", debrief.to_text()
    assert len(deep) >= 2
    assert set(deep) <= set(pains)
    assert debrief.interest >= OPPORTUNITY_INTEREST
    assert debrief.minutes_used <= debrief.budget_minutes
    assert set(debrief.minutes_by_domain) == {scenario.target_domain}
    for p in debrief.revealed_pains:  # stages come out in SPIN order, never skipping one
        assert p["stages"] == ["problem", "implication", "value"][:len(p["stages"])]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_drifting_plan_is_no_opportunity(scenario_id: str) -> None:
    scenario = CATALOG.scenario(scenario_id)
    plan = drift_plan(scenario)
    assert len(plan) >= 3, f"{scenario_id}: too few distractor questions the engine places " \
                           "outside the target domain"
    debrief = play_script(scenario_id, plan, catalog=CATALOG)
    assert debrief.verdict == "referral", debrief.to_text()
    assert debrief.revealed_pains == []
    assert debrief.referral_domains
    assert scenario.target_domain not in debrief.referral_domains
    assert scenario.target_domain not in debrief.minutes_by_domain
    # several drifts in a row: the prospect loses track and interest falls
    assert debrief.interest < debrief.interest_over_time[0]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_feature_dump_is_no_lead(scenario_id: str) -> None:
    scenario = CATALOG.scenario(scenario_id)
    plan = feature_dump(scenario)
    for q in plan:
        assert analyze_question(q, catalog=CATALOG).orientation == "product", q
    debrief = play_script(scenario_id, plan, catalog=CATALOG)
    assert debrief.verdict == "no_lead", debrief.to_text()
    assert debrief.interest < 20
    assert debrief.revealed_pains == []
    assert all(t.move == "pitch" for t in debrief.turns)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_same_input_same_call(scenario_id: str) -> None:
    scenario = CATALOG.scenario(scenario_id)
    plan = focused_plan(scenario)[0][:4] + drift_plan(scenario)[:2] + feature_dump(scenario)[:1]
    first = play_script(scenario_id, plan, catalog=CATALOG).to_dict()
    second = play_script(scenario, plan).to_dict()
    assert first == second
    assert json.loads(json.dumps(first)) == first


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_replies_vary(scenario_id: str) -> None:
    scenario = CATALOG.scenario(scenario_id)
    plan = [*focused_plan(scenario)[0][:6], "How are things today?",
            *drift_plan(scenario)[:1], *feature_dump(scenario)[:2]]
    assert len(plan) == 10
    debrief = play_script(scenario_id, plan, catalog=CATALOG)
    replies = [t.reply for t in debrief.turns]
    assert len(set(replies)) == len(replies) == 10
    openings = {" ".join(r.split()[:2]) for r in replies}
    assert len(openings) >= 7, openings
    for r in replies:
        assert "{" not in r and "}" not in r
    # replies are built from the scenario's own words, not canned lines
    sources = [" ".join(getattr(p, f).split()) for p in scenario.pains
               for f in ("problem", "implication", "value")]
    sources += [" ".join(d.line.split()) for d in scenario.distractors]
    tails = [" ".join(src.split()[-6:]) for src in sources]
    assert sum(any(t in r for t in tails) for r in replies) >= 6


# --------------------------------------------------------------------------- behaviour


def _harbor() -> Call:
    return start_call("harbor-foods", catalog=CATALOG)


def test_turn_fields_and_running_totals() -> None:
    call = _harbor()
    start = call.interest
    turn = call.ask("What goes wrong with changeover times on the lines right now?")
    assert (turn.number, turn.domain, turn.orientation, turn.stage) == (
        1, "operations", "business", "problem")
    assert (turn.revealed, turn.revealed_stage) == ("slow-changeovers", "problem")
    assert turn.minutes == call.minutes_used == 3
    assert turn.interest == call.interest > start
    assert call.revealed == {"slow-changeovers": ["problem"]}
    assert "95 minutes" in turn.reply
    assert not call.done


def test_stages_come_in_order() -> None:
    call = _harbor()
    # value before anything was admitted: the prospect gives the problem, and cools
    t1 = call.ask("If you could cut scrap and rework, what would that be worth?")
    assert t1.stage == "need_payoff" and t1.revealed_stage == "problem"
    assert t1.interest < call.interest_over_time[0]
    t2 = call.ask("If you could cut scrap and rework, what would that be worth?")
    assert t2.revealed_stage == "implication"
    t3 = call.ask("If you could cut scrap and rework, what would that be worth?")
    assert t3.revealed_stage == "value"
    t4 = call.ask("If you could cut scrap and rework, what would that be worth?")
    assert t4.revealed is None and t4.interest < t3.interest  # nothing new: a repeat
    assert call.revealed["scrap-and-rework"] == ["problem", "implication", "value"]


def test_implication_needs_the_problem_first() -> None:
    call = _harbor()
    t = call.ask("What does trouble with scrap mean for the rest of the business?")
    assert t.stage == "implication" and t.revealed_stage == "problem"
    t = call.ask("What does trouble with scrap mean for the rest of the business?")
    assert t.revealed_stage == "implication"


def test_follow_up_continues_the_pain_in_focus() -> None:
    call = _harbor()
    call.ask("What goes wrong with changeover times on the lines right now?")
    turn = call.ask("And what does that mean for you?")
    assert turn.domain is None and turn.stage == "implication"
    assert (turn.revealed, turn.revealed_stage) == ("slow-changeovers", "implication")


def test_general_question_reveals_a_little() -> None:
    call = _harbor()
    turn = call.ask("Where does most of the week go for you?")
    assert turn.domain is None and turn.orientation == "business"
    assert turn.revealed is None and turn.minutes in (2, 3)
    assert turn.reply


def test_pitch_lowers_interest_and_is_brushed_off() -> None:
    call = _harbor()
    before = call.interest
    turn = call.ask("Did you know our dashboards read PLC counts in real time?")
    assert turn.orientation == "product" and turn.domain is None
    assert turn.interest <= before - 10
    assert turn.revealed is None


def test_small_talk_costs_a_minute() -> None:
    call = _harbor()
    turn = call.ask("How was your weekend?")
    assert turn.orientation == "other" and turn.minutes == 1
    assert turn.interest <= call.interest_over_time[0]


def test_off_domain_costs_more_minutes_and_uses_the_distractor() -> None:
    call = _harbor()
    on = call.ask("What goes wrong with changeover times on the lines right now?")
    off = call.ask("How is the SAP S/4HANA migration going?")
    assert off.domain == "it" and off.move == "drift"
    assert off.minutes > on.minutes
    assert "S/4 migration" in off.reply  # the distractor's own line
    assert off.revealed is None


def test_several_drifts_lose_the_thread() -> None:
    call = _harbor()
    plan = ["How is the SAP S/4HANA migration going?",
            "How are you hiring and keeping line operators?",
            "Tell me more about the SAP S/4HANA migration.",
            "Tell me more about hiring line operators."]
    turns = [call.ask(q) for q in plan]
    assert [t.move for t in turns] == ["drift"] * 4
    assert turns[0].interest == turns[1].interest  # the prospect enjoys the first detours
    assert turns[3].interest < turns[1].interest
    assert "why you called" in turns[2].reply or "talk to me about" in turns[2].reply \
        or "wanted from me" in turns[2].reply
    assert turns[2].reply != turns[0].reply
    debrief = call.finish()
    assert debrief.verdict == "referral"
    assert debrief.referral_domains[0] in ("it", "hr")
    assert "IT" in debrief.reason or "HR" in debrief.reason


def test_call_ends_when_time_is_up() -> None:
    call = start_call("harbor-foods", minutes=5, catalog=CATALOG)
    call.ask("What goes wrong with changeover times on the lines right now?")
    turn = call.ask("What happens to the rest of the business when changeovers slip?")
    assert call.done and call.ended_by == "budget"
    assert turn.minutes == 2 and call.minutes_used == 5
    with pytest.raises(UsageError):
        call.ask("One more thing?")


def test_script_stops_when_the_prospect_gives_up() -> None:
    plan = feature_dump(CATALOG.scenario("harbor-foods")) * 2
    debrief = play_script("harbor-foods", plan, catalog=CATALOG)
    assert debrief.interest == 0
    assert debrief.unasked == len(plan) - len(debrief.turns) > 0


def test_opportunity_needs_interest_too() -> None:
    scenario = CATALOG.scenario("harbor-foods")
    plan, _ = focused_plan(scenario)
    plan = plan[:6] + feature_dump(scenario)[:4]
    debrief = play_script(scenario, plan, catalog=CATALOG, minutes=60)
    assert len([p for p in debrief.revealed_pains if "implication" in p["stages"]]) >= 2
    assert debrief.interest < OPPORTUNITY_INTEREST
    assert debrief.verdict == "no_lead"
    assert "interest" in debrief.reason


def test_debrief_contract() -> None:
    scenario = CATALOG.scenario("meridian-partners")
    plan, _ = focused_plan(scenario)
    data = play_script(scenario, plan, catalog=CATALOG).to_dict()
    assert {"scenario", "turns", "verdict", "revealed_pains", "minutes_used",
            "minutes_by_domain"} <= set(data)
    assert data["scenario"] == "meridian-partners"
    assert data["verdict"] in ("opportunity", "referral", "no_lead")
    for turn in data["turns"]:
        assert {"question", "reply", "domain", "minutes", "interest"} <= set(turn)
    for pain in data["revealed_pains"]:
        assert set(pain) == {"id", "stages"}
    assert sum(data["minutes_by_domain"].values()) == data["minutes_used"]
    assert len(data["interest_over_time"]) == len(data["turns"]) + 1


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("question", ["", "   ", "\n"])
def test_empty_question_is_refused(question: str) -> None:
    call = _harbor()
    with pytest.raises(InputError) as exc:
        call.ask(question)
    assert isinstance(exc.value, KitError) and isinstance(exc.value, ValueError)
    assert call.turns == [] and call.minutes_used == 0


def test_non_string_question_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _harbor().ask(42)  # type: ignore[arg-type]


def test_unknown_scenario() -> None:
    with pytest.raises(UnknownIdError, match="harbor-foods"):
        start_call("harbor-food", catalog=CATALOG)
    with pytest.raises(UnknownIdError):
        play_script("no-such-prospect", ["What goes wrong?"], catalog=CATALOG)


@pytest.mark.parametrize("minutes", [0, 4, 241, 2.5, True])
def test_bad_budget(minutes: object) -> None:
    with pytest.raises(UsageError):
        start_call("harbor-foods", minutes=minutes, catalog=CATALOG)  # type: ignore[arg-type]


def test_bad_scripts() -> None:
    with pytest.raises(InputError):
        play_script("harbor-foods", [], catalog=CATALOG)
    with pytest.raises(TypeError):
        play_script("harbor-foods", "What goes wrong?", catalog=CATALOG)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- cli_main


def test_cli_script_json() -> None:
    scenario = CATALOG.scenario("harbor-foods")
    plan, _ = focused_plan(scenario)
    out = io.StringIO()
    lines = ["# my plan", "", *plan]
    assert cli_main("harbor-foods", lines, True, catalog=CATALOG, stdout=out) == 0
    data = json.loads(out.getvalue())
    assert data == play_script(scenario, plan, catalog=CATALOG).to_dict()
    assert len(data["turns"]) == len(plan)


def test_cli_script_text() -> None:
    out = io.StringIO()
    cli_main("harbor-foods", ["What goes wrong with changeover times on the lines right now?"],
             False, catalog=CATALOG, stdout=out)
    text = " ".join(out.getvalue().split())
    assert "Dana:" in text and "Verdict: no lead" in text and "95 minutes" in text


def test_cli_interactive_until_end() -> None:
    stdin = io.StringIO("What goes wrong with changeover times on the lines right now?\n\n"
                        "end\nThis is never asked?\n")
    out = io.StringIO()
    assert cli_main("harbor-foods", None, False, catalog=CATALOG, stdin=stdin, stdout=out) == 0
    text = " ".join(out.getvalue().split())
    assert "Dana Whitfield" in text and "95 minutes" in text and "Verdict:" in text
    assert "never asked" not in text


def test_cli_interactive_json_and_eof() -> None:
    out = io.StringIO()
    cli_main("harbor-foods", None, True, catalog=CATALOG,
             stdin=io.StringIO("How was your weekend?\n"), stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["turns"]) == 1 and data["verdict"] == "no_lead"


def test_cli_unknown_scenario_raises_for_the_cli_to_report() -> None:
    with pytest.raises(UnknownIdError):
        cli_main("nope", [], False, catalog=CATALOG, stdout=io.StringIO())


def test_debrief_renders() -> None:
    debrief = play_script("harbor-foods", ["How was your weekend?"], catalog=CATALOG)
    assert isinstance(debrief, Debrief)
    assert str(debrief).startswith("Verdict: no lead")
