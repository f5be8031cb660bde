"""Drive every lesson widget through its Python API, as the browser would through the kernel."""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as W
import pytest

import kit.widgets as w
from kit.errors import KitError, UnknownIdError

SCRIPT = "<script>alert('x')</script>"
PNG = b"\x89PNG\r\n\x1a\n"

GOOD_PLAN = """\
1. How do your supervisors track unplanned stops on the Stockton fillers today?
2. Where do the fillers lose the most time during a shift?
3. What usually causes the jams on Filler 2?
4. How long does a flavour changeover take against your standard?
5. What happens to the weekly production plan when a changeover overruns?
6. How does filler downtime affect your Saturday overtime?
7. What did last summer's shortfall cost you with the grocery customer?
8. How confident are you that the 58% OEE figure compares the three plants fairly?
9. What does an untrusted OEE number do to the case for the new filler?
10. What is scrap at Reno costing you a year?
11. If unplanned stops on the fillers halved, what would that be worth to the plant?
12. How would a like-for-like OEE across the plants change the capital decision?
"""


def classes(widget: W.Widget) -> set[str]:
    return set(widget._dom_classes)


def pngs(output: W.Output) -> list[bytes]:
    return [base64.b64decode(o["data"]["image/png"]) for o in output.outputs
            if "image/png" in o.get("data", {})]


# --------------------------------------------------------------------------- analyser


def test_analyzer_shows_analysis_on_enter_and_on_button():
    a = w.question_analyzer()
    assert isinstance(a, W.VBox) and "kit-question-analyzer" in classes(a)
    a.text.value = "What does a jammed filler cost you per shift?"  # Enter syncs the value
    assert "kit-analysis" in a.output.value
    assert "operations" in a.output.value.lower()
    assert a.analysis.orientation == "business"
    a.output.value = ""
    a.button.click()
    assert "kit-analysis" in a.output.value


def test_analyzer_labels_a_pitch_and_shows_evidence():
    a = w.question_analyzer("Did you know our platform cuts downtime by 30%?")
    assert a.analysis.orientation == "product"
    assert "your product" in a.output.value
    assert "did you know" in a.output.value.lower()  # the evidence is shown


def test_analyzer_escapes_learner_text():
    a = w.question_analyzer()
    a.text.value = SCRIPT + " How do changeovers affect your schedule?"
    assert "<script>" not in a.output.value
    assert "&lt;script&gt;" in a.output.value


def test_analyzer_empty_and_too_long_input_are_plain_messages():
    a = w.question_analyzer()
    a.text.value = "   "
    a.button.click()
    assert w.EMPTY_QUESTION in a.output.value
    a.text.value = "How " * 1000
    assert "kit-message" in a.output.value
    assert "limit" in a.output.value
    assert "Traceback" not in a.output.value


# --------------------------------------------------------------------------- plan builder


def test_plan_builder_parts_and_classes():
    pb = w.plan_builder("harbor-foods")
    assert "kit-plan-builder" in classes(pb)
    assert isinstance(pb.text, W.Textarea)
    assert "kit-score-button" in classes(pb.button)
    assert "kit-feedback" in classes(pb.feedback)
    assert "kit-chart" in classes(pb.charts)
    assert "Dana Whitfield" in pb.children[0].value  # the brief names the contact
    assert pb.result is None and pb.feedback.value == ""


def test_plan_builder_scores_and_draws_three_charts():
    pb = w.plan_builder("harbor-foods")
    pb.text.value = GOOD_PLAN
    assert "12 questions" in pb.count.value
    pb.button.click()
    assert pb.result is not None and pb.result.domain == "operations"
    assert len(pb.result.questions) == 12  # list numbers were stripped, not counted as text
    assert pb.result.questions[0].question.startswith("How do your supervisors")
    assert "kit-plan-score" in pb.feedback.value and "/100" in pb.feedback.value
    images = pngs(pb.charts)
    assert len(images) == 3 and all(i.startswith(PNG) for i in images)
    titles = " ".join(o["data"]["text/plain"] for o in pb.charts.outputs)
    assert "Focus" in titles and "Stage mix" in titles and "Drift" in titles


def test_plan_builder_empty_plan_message_clears_charts():
    pb = w.plan_builder("harbor-foods")
    pb.text.value = GOOD_PLAN
    pb.button.click()
    pb.text.value = "\n   \n"
    pb.button.click()
    assert w.EMPTY_PLAN in pb.feedback.value
    assert pb.charts.outputs == () and pb.result is None
    assert "Traceback" not in pb.feedback.value


def test_plan_builder_escapes_script_in_questions():
    pb = w.plan_builder("harbor-foods")
    pb.text.value = SCRIPT + "\nWhat does a stop on Filler 2 cost you?"
    pb.button.click()
    assert "<script>" not in pb.feedback.value
    assert "&lt;script&gt;" in pb.feedback.value


def test_plan_builder_over_long_question_is_a_plain_message():
    pb = w.plan_builder("harbor-foods")
    pb.text.value = "Why " * 900
    pb.button.click()
    assert "kit-message" in pb.feedback.value and "limit" in pb.feedback.value


def test_plan_builder_starter_plan_is_scored_at_once_and_shows_drift():
    pb = w.plan_builder("harbor-foods", starter="harbor-drift")
    assert pb.result is not None
    off = [q.domain for q in pb.result.questions if q.domain not in (None, "operations")]
    assert len(off) >= 3
    assert "drift" in pb.feedback.value.lower()
    assert len(pngs(pb.charts)) == 3


def test_plan_builder_accepts_scenario_object_and_list_starter():
    from kit.catalog import load_catalog
    s = load_catalog().scenario("swiftline-logistics")
    pb = w.plan_builder(s, starter=["What did late loads cost you in chargebacks last year?"])
    assert pb.result.domain == "supply_chain"


def test_plan_builder_unknown_scenario_and_starter():
    with pytest.raises(UnknownIdError, match="did you mean 'harbor-foods'"):
        w.plan_builder("harbour-foods")
    with pytest.raises(KitError, match="no entry"):
        w.plan_builder("harbor-foods", starter="no-such-plan")


def test_plan_lines_strip_list_markers():
    assert w.plan_lines("1. One?\n\n2) Two?\n- Three?\n* Four?\nFive?") == [
        "One?", "Two?", "Three?", "Four?", "Five?"]


# --------------------------------------------------------------------------- domain explorer


def test_domain_explorer_shows_domain_details():
    d = w.domain_explorer()
    assert "kit-domain-explorer" in classes(d)
    assert len(d.domain.options) == 10
    d.domain.value = "accounting"
    html = d.domain_view.value
    assert "Accounting" in html and "Who buys" in html and "Controller" in html
    assert "The numbers they watch" in html and "Words that signal" in html


def test_domain_explorer_shows_where_an_offering_applies_and_not():
    d = w.domain_explorer()
    d.offering.value = "routewise"
    html = d.offering_view.value
    assert "Where it applies: Supply Chain" in html
    assert "Where it does not apply" in html
    assert "Recruiting and keeping drivers" in html  # a Swiftline distractor, to refer
    assert "Automated carrier selection" in html


# --------------------------------------------------------------------------- feature rewriter


def test_feature_rewriter_passes_a_business_question():
    f = w.feature_rewriter("harbor-foods")
    assert "kit-feature-rewriter" in classes(f)
    assert "LineView" in f.pitch.value
    f.text.value = "How do your supervisors find out a line has slowed before the shift ends?"
    f.button.click()
    assert f.checks == {"business": True, "domain": True, "no_feature": True}
    assert "All three checks pass" in f.output.value
    assert "Supervisors see a line slip" in f.output.value  # the outcome is revealed


def test_feature_rewriter_catches_a_pitch_and_naming_the_feature():
    f = w.feature_rewriter("harbor-foods")
    f.text.value = "Would you like to see our real-time OEE dashboards?"
    f.button.click()
    assert f.checks["business"] is False
    assert f.checks["no_feature"] is False
    assert "Not there yet" in f.output.value


def test_feature_rewriter_catches_off_domain():
    f = w.feature_rewriter("harbor-foods")
    f.text.value = "How are you recruiting operators to replace the ones who left?"
    f.button.click()
    assert f.checks["domain"] is False
    assert "Operations" in f.output.value


def test_feature_rewriter_changing_feature_resets_and_escapes():
    f = w.feature_rewriter("harbor-foods")
    f.text.value = SCRIPT
    f.button.click()
    assert "<script>" not in f.output.value and "&lt;script&gt;" in f.output.value
    first = f.pitch.value
    f.feature.value = 2
    assert f.pitch.value != first and f.output.value == "" and f.checks is None
    f.text.value = ""
    f.button.click()
    assert "Write your question first" in f.output.value


# --------------------------------------------------------------------------- transcript


def test_transcript_viewer_labels_turns_and_charts_time():
    t = w.transcript_viewer("harbor-drift-call")
    assert "kit-transcript" in classes(t)
    assert "S/4HANA" in t.turns.value and "IT" in t.turns.value
    assert "Operations" in t.summary.value and "%" in t.summary.value
    assert len(pngs(t.chart)) == 1
    before = t.summary.value
    t.seller.value = "it"
    assert t.summary.value != before and "in IT" in t.summary.value


def test_transcript_viewer_focused_call_spends_most_time_in_target():
    t = w.transcript_viewer("harbor-focused-call")
    minutes = {}
    for turn in t.transcript["turns"]:
        minutes[turn["domain"]] = minutes.get(turn["domain"], 0) + turn["minutes"]
    assert minutes["operations"] > 0.7 * sum(minutes.values())


def test_transcript_viewer_escapes_and_validates():
    t = w.transcript_viewer({"title": SCRIPT, "target": "sales", "turns": [
        {"speaker": "Rep", "domain": "sales", "minutes": 2, "text": SCRIPT},
        {"speaker": "Buyer", "domain": None, "minutes": 1, "text": "Fine."}]})
    html = t.children[0].value + t.turns.value
    assert "<script>" not in html and "&lt;script&gt;" in html
    with pytest.raises(KitError, match="turns"):
        w.transcript_viewer({"title": "x", "turns": []})
    with pytest.raises(KitError, match="missing minutes"):
        w.transcript_viewer({"turns": [{"speaker": "a", "text": "b"}]})


# --------------------------------------------------------------------------- role-play

FOCUSED = "How do your supervisors track unplanned stops on the Stockton fillers today?"
PITCH = "Did you know our dashboards refresh every five seconds?"


def ask(rp: W.VBox, question: str) -> None:
    rp.text.value = question
    rp.button.click()


def test_roleplay_parts_and_starting_state():
    rp = w.roleplay("harbor-foods")
    assert "kit-roleplay" in classes(rp)
    assert isinstance(rp.text, W.Text) and "kit-roleplay-input" in classes(rp.text)
    assert "kit-ask-button" in classes(rp.button)
    assert "kit-end-button" in classes(rp.end_button)
    assert "kit-reset-button" in classes(rp.reset_button)
    assert isinstance(rp.minutes_meter, W.IntProgress)
    assert "kit-minutes-meter" in classes(rp.minutes_meter)
    assert "kit-interest-meter" in classes(rp.interest_meter)
    assert "kit-chart" in classes(rp.chart) and "kit-debrief" in classes(rp.debrief)
    assert "Dana Whitfield" in rp.children[0].value and "LineView" in rp.children[0].value
    assert rp.minutes_meter.value == 0 and rp.minutes_meter.max == 30
    assert rp.interest_meter.value == rp.call.interest == 45
    assert "0</b> of 30" in rp.minutes_label.value and "45</b> / 100" in rp.interest_label.value
    assert rp.result is None and rp.debrief.value == "" and rp.chart.outputs == ()


def test_roleplay_focused_question_gets_a_reply_and_moves_the_meters():
    rp = w.roleplay("harbor-foods")
    ask(rp, FOCUSED)
    turn = rp.call.turns[-1]
    assert turn.revealed == "unplanned-downtime" and turn.revealed_stage == "problem"
    assert "kit-bubble-prospect" in rp.transcript.value
    assert escape(turn.reply) in rp.transcript.value
    assert "40 minutes a shift" in rp.transcript.value
    assert escape(FOCUSED) in rp.transcript.value
    assert rp.minutes_meter.value == turn.minutes > 0
    assert rp.interest_meter.value == turn.interest > 45
    assert "Operations: your domain" in rp.turn_info.value
    assert "uncovered: Unplanned downtime (problem)" in rp.transcript.value
    assert rp.text.value == ""  # ready for the next question
    assert rp.message.value == ""


def test_roleplay_enter_submits_the_question():
    rp = w.roleplay("harbor-foods")
    rp.text.value = FOCUSED
    rp.text._handle_custom_msg({"event": "submit"}, [])  # what the browser sends on Enter
    assert len(rp.call.turns) == 1 and rp.text.value == ""


def test_roleplay_pitch_lowers_interest_and_drift_is_labelled():
    rp = w.roleplay("harbor-foods")
    ask(rp, FOCUSED)
    before = rp.interest_meter.value
    ask(rp, PITCH)
    assert rp.interest_meter.value < before
    assert "Product pitch" in rp.turn_info.value
    ask(rp, "How is the S/4HANA migration going with your integrator?")
    assert "IT: outside your domain" in rp.turn_info.value
    assert "S/4 migration" in rp.transcript.value


def test_roleplay_end_call_shows_debrief_and_chart_then_asking_is_refused():
    rp = w.roleplay("harbor-foods")
    ask(rp, FOCUSED)
    ask(rp, "How is the S/4HANA migration going with your integrator?")
    rp.end_button.click()
    assert rp.result is not None and rp.call.done
    html = rp.debrief.value
    assert "kit-verdict" in html and "Referral" in html  # more minutes in IT than operations
    assert "Where those needs belong" in html and "integrator" in html
    assert "Unplanned downtime" in html and "problem" in html
    assert "Operations (your domain)" in html and "IT (drift)" in html
    assert "You ended the call after" in html
    images = pngs(rp.chart)
    assert len(images) == 1 and images[0].startswith(PNG)
    assert "Call timeline" in rp.chart.outputs[0]["data"]["text/plain"]
    turns = len(rp.call.turns)
    ask(rp, "What does filler downtime mean for your Saturday overtime?")
    assert w.CALL_OVER in rp.message.value and len(rp.call.turns) == turns
    assert "Traceback" not in rp.message.value


def test_roleplay_call_ends_by_itself_when_time_runs_out():
    rp = w.roleplay("harbor-foods", minutes=5)
    ask(rp, FOCUSED)
    ask(rp, "What does filler downtime mean for your Saturday overtime?")
    assert rp.call.done and rp.result is not None
    assert "Time ran out" in rp.debrief.value and len(pngs(rp.chart)) == 1
    assert rp.minutes_meter.value == rp.minutes_meter.max == 5


def test_roleplay_focused_call_is_an_opportunity():
    rp = w.roleplay("harbor-foods")
    for q in [FOCUSED, "What does filler downtime mean for your Saturday overtime?",
              "If you could halve unplanned stops on the fillers, what would that be worth?",
              "How long does a flavour changeover take against your standard?",
              "What happens to the production schedule when a changeover overruns?"]:
        ask(rp, q)
    rp.end_button.click()
    assert rp.result.verdict == "opportunity"
    assert "Opportunity" in rp.debrief.value and "next step" in rp.debrief.value


def test_roleplay_try_again_resets_the_call():
    rp = w.roleplay("harbor-foods")
    ask(rp, FOCUSED)
    rp.end_button.click()
    old = rp.call
    rp.reset_button.click()
    assert rp.call is not old and rp.call.turns == [] and not rp.call.done
    assert rp.result is None and rp.debrief.value == "" and rp.chart.outputs == ()
    assert "kit-bubble" not in rp.transcript.value and rp.turn_info.value == ""
    assert rp.minutes_meter.value == 0 and rp.interest_meter.value == 45
    ask(rp, FOCUSED)
    assert len(rp.call.turns) == 1


def test_roleplay_escapes_learner_text():
    rp = w.roleplay("harbor-foods")
    ask(rp, SCRIPT + " How do you track stops on the fillers?")
    assert "<script>" not in rp.transcript.value
    assert "&lt;script&gt;" in rp.transcript.value
    rp.end_button.click()
    assert "<script>" not in rp.debrief.value


def test_roleplay_empty_and_over_long_questions_are_plain_messages():
    rp = w.roleplay("harbor-foods")
    ask(rp, "   ")
    assert "Type a question first" in rp.message.value and rp.call.turns == []
    ask(rp, "How " * 1000)
    assert "kit-message" in rp.message.value and "limit" in rp.message.value
    assert rp.call.turns == [] and "Traceback" not in rp.message.value
    rp.end_button.click()
    assert w.NOTHING_ASKED in rp.message.value and rp.result is None


def test_roleplay_rejects_unknown_scenario_and_bad_budget():
    with pytest.raises(UnknownIdError):
        w.roleplay("harbour-foods")
    with pytest.raises(KitError, match="minutes"):
        w.roleplay("harbor-foods", minutes=2)


# --------------------------------------------------------------------------- quiz


QUIZ = [{"question": "Which is " + SCRIPT + "?", "options": ["A <b>", "B"], "answer": 1,
         "explanations": ["No: " + SCRIPT, "Yes, B."]}]


def test_quiz_feedback_for_every_answer():
    q = w.quiz(QUIZ)
    assert "kit-quiz" in classes(q)
    item = q.items[0]
    item.button.click()
    assert "Pick an answer first" in item.output.value and item.correct is None
    item.choices.value = 0
    item.button.click()
    assert item.correct is False and "Not quite" in item.output.value
    assert "Yes, B." in item.output.value  # the right answer is explained too
    assert "<script>" not in item.output.value
    item.choices.value = 1
    item.button.click()
    assert item.correct is True and "Right." in item.output.value
    assert "1 of 1 right" in q.score.value
    assert "<script>" not in q.items[0].children[0].value


@pytest.mark.parametrize("bad, message", [
    ([], "non-empty"),
    ([{"question": "q", "options": ["a", "b"], "answer": 0}], "missing 'explanations'"),
    ([{"question": "q", "options": ["a", "b"], "answer": 2, "explanations": ["x", "y"]}],
     "answer must be"),
    ([{"question": "q", "options": ["a", "b"], "answer": 0, "explanations": ["x"]}],
     "explain every answer"),
])
def test_quiz_rejects_malformed_questions(bad, message):
    with pytest.raises(KitError, match=message):
        w.quiz(bad)


def test_every_shipped_quiz_loads_and_its_answers_are_right():
    quizzes = w.lesson_data("quizzes")
    assert len(quizzes) == 8
    for key, questions in quizzes.items():
        q = w.quiz(key)
        assert len(q.items) >= 2, key
        for item, spec in zip(q.items, questions, strict=True):
            item.choices.value = spec["answer"]
            item.button.click()
            assert item.correct is True
        assert f"{len(questions)} of {len(questions)} right" in q.score.value


def test_lesson_data_rejects_bad_names():
    with pytest.raises(KitError, match="not found"):
        w.lesson_data("nope")
    with pytest.raises(KitError, match="use letters"):
        w.lesson_data("../secrets")
