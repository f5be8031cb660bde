"""Interactive pieces for the lessons: one factory per widget, one call per notebook cell.

Each factory returns a single ipywidgets container whose parts are attributes, so a test (or a
curious learner) can drive it without a browser::

    pb = plan_builder("harbor-foods")
    pb.text.value = "What does a changeover cost you today?"
    pb.button.click()
    pb.feedback.value      # the PlanScore as HTML
    pb.charts.outputs      # the focus, stage and drift charts as PNG outputs

Learner text is escaped before it becomes HTML, and every mistake a learner can make (an empty
plan, an over-long question) shows as a plain sentence in the widget, never as a traceback.
Lesson data (transcripts, quizzes, starter plans) lives in ``kit/data/lessons/*.yaml`` and is
read by :func:`lesson_data`.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

import ipywidgets as W

from kit.catalog import load_catalog, read_yaml
from kit.errors import KitError
from kit.models import Offering, Scenario
from kit.scoring.rewrite import check_rewrite

__all__ = ["domain_explorer", "feature_rewriter", "lesson_data", "plan_builder",
           "question_analyzer", "quiz", "roleplay", "transcript_viewer"]

FONT = "font-family:sans-serif;font-size:13px;line-height:1.45"
GOOD = "#2e7d32"
BAD = "#c62828"
EMPTY_PLAN = ("Your plan is empty. Write at least one question, one per line, then press "
              "Score my plan.")
EMPTY_QUESTION = "Type a question first, then press Enter or Analyse."


# --------------------------------------------------------------------------- data


@lru_cache(maxsize=16)
def lesson_data(name: str) -> Any:
    """Parsed ``kit/data/lessons/<name>.yaml`` (transcripts, quizzes, plans)."""
    if not re.fullmatch(r"[a-z0-9_-]+", name or ""):
        raise KitError(f"lesson data name {name!r}: use letters, digits, '-' or '_'")
    entry = resources.files("kit") / "data" / "lessons" / f"{name}.yaml"
    source = f"kit/data/lessons/{name}.yaml"
    if not entry.is_file():
        raise KitError(f"{source}: file not found")
    return read_yaml(source, entry.read_text("utf-8"))


def _entry(name: str, key: str) -> Any:
    table = lesson_data(name)
    if key not in table:
        from kit.errors import did_you_mean
        raise KitError(f"kit/data/lessons/{name}.yaml: no entry {key!r}"
                       f"{did_you_mean(key, table)}")
    return table[key]


def _scenario(scenario: str | Scenario) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    from kit.course import practice_scenario
    return load_catalog().scenario(practice_scenario(scenario))


# --------------------------------------------------------------------------- helpers


def _html(value: str = "", cls: str | None = None) -> W.HTML:
    widget = W.HTML(value=value, layout=W.Layout(width="100%"))
    if cls:
        widget.add_class(cls)
    return widget


def _message(text: str, colour: str = BAD) -> str:
    """A plain-language message as HTML, escaped."""
    return (f'<div class="kit-message" style="{FONT};color:{colour};padding:4px 0">'
            f"{escape(text)}</div>")


def _error_text(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text[0].upper() + text[1:]


def _safe(handler: Callable[[], None], show: Callable[[str], None]) -> Callable[..., None]:
    """Wrap a callback so any failure shows as a sentence in the widget, never a traceback."""
    def run(*_: Any) -> None:
        try:
            handler()
        except (KitError, ValueError, TypeError) as exc:
            show(_message(_error_text(exc)))
        except Exception as exc:  # the learner must never see a traceback
            show(_message(f"Something went wrong: {_error_text(exc)}. Try again, or ask your "
                          "instructor."))
    return run


def _png_output(figures: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """Figures as display_data outputs for an Output widget (works with or without a kernel)."""
    from kit.charts import to_png

    outs = []
    for fig in figures:
        png = base64.b64encode(to_png(fig)).decode("ascii")
        title = fig.axes[0].get_title() if fig.axes else "chart"
        outs.append({"output_type": "display_data",
                     "data": {"image/png": png, "text/plain": f"<chart: {title}>"},
                     "metadata": {}})
    return tuple(outs)


def _chart_output() -> W.Output:
    out = W.Output(layout=W.Layout(width="100%"))
    out.add_class("kit-chart")
    return out


def _verdict_line(ok: bool, label: str, detail: str) -> str:
    mark, colour = ("&#10003;", GOOD) if ok else ("&#10007;", BAD)
    return (f'<li style="list-style:none;margin:2px 0"><b style="color:{colour}">{mark}</b> '
            f"<b>{escape(label)}</b>: {escape(detail)}</li>")


def _domain_name(domain_id: str | None) -> str:
    if domain_id is None:
        return "no single domain"
    catalog = load_catalog()
    return catalog.domains[domain_id].name if domain_id in catalog.domains else domain_id


def _summary(a: Any) -> str:
    """One plain sentence that says what the engine made of a question."""
    if a.orientation == "product":
        return "This talks about your product, not the buyer's business."
    if a.orientation == "other":
        return "This is small talk or logistics: friendly, but it finds no lead."
    stage = (a.stage or "no").replace("_", "-")
    where = f"in {_domain_name(a.domain)}" if a.domain else "that belongs to no single domain"
    return f"A business question {where}, at the {stage} stage, {a.form}."


# --------------------------------------------------------------------------- analyser


def question_analyzer(initial: str = "") -> W.VBox:
    """Type a question; see its orientation, domain, form, SPIN stage and flags, with evidence.

    Parts: ``.text`` (press Enter to analyse), ``.button`` (Analyse), ``.output`` (HTML).
    """
    from kit.scoring import analyze_question
    from kit.scoring.render import analysis_html

    text = W.Text(value="", placeholder="Type a question a rep might ask, then press Enter",
                  continuous_update=False, layout=W.Layout(width="min(100%, 720px)"))
    text.add_class("kit-analysis-input")
    button = W.Button(description="Analyse", button_style="primary", icon="search")
    button.add_class("kit-analyze-button")
    output = _html(_message("Type a question above to see how a buyer would hear it.",
                            "#555555"), "kit-analysis-output")

    def show(value: str) -> None:
        output.value = value

    def analyse() -> None:
        question = text.value.strip()
        if not question:
            show(_message(EMPTY_QUESTION))
            return
        a = analyze_question(question)
        box.analysis = a
        show(f'<div style="{FONT};margin:4px 0"><b>{escape(_summary(a))}</b></div>'
             + analysis_html(a))

    run = _safe(analyse, show)
    text.observe(lambda change: run(), "value")
    button.on_click(run)
    box = W.VBox([W.HBox([text, button]), output])
    box.add_class("kit-question-analyzer")
    box.text, box.button, box.output, box.analysis = text, button, output, None
    if initial:
        text.value = initial
    return box


# --------------------------------------------------------------------------- plan builder

_LIST_MARK = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*\u2022])\s+")


def plan_lines(text: str) -> list[str]:
    """One question per non-blank line, list markers such as '1.' or '-' removed."""
    return [_LIST_MARK.sub("", line).strip() for line in text.splitlines() if line.strip()]


def _brief(s: Scenario, offering: Offering) -> str:
    target = _domain_name(s.target_domain)
    return (f'<div class="kit-brief" style="{FONT};border-left:4px solid #2e8b57;'
            f'padding:4px 10px;margin-bottom:6px">'
            f"<b>{escape(s.title)}</b><br>"
            f"You sell <b>{escape(offering.name)}</b> ({escape(target)}). You are meeting "
            f"<b>{escape(s.contact.name)}</b>, {escape(s.contact.role)} at "
            f"{escape(s.company.name)} ({escape(s.company.size)}).<br>"
            f'<span style="color:#444">{escape(s.company.situation)}</span><br>'
            f"Write your discovery questions below, one per line. Aim for 11 to 14, keep them "
            f"in {escape(target.lower())}, and move from situation to problems, their "
            f"implications and what solving them is worth.</div>")


def plan_builder(scenario: str | Scenario, starter: str | Sequence[str] | None = None) -> W.VBox:
    """Write a question plan for a scenario, score it, and see where it drifts.

    ``starter`` prefills the plan: a key of ``kit/data/lessons/plans.yaml`` or a list of
    questions; a prefilled plan is scored at once. Parts: ``.text`` (Textarea), ``.button``
    (Score my plan), ``.feedback`` (HTML), ``.charts`` (Output with three charts),
    ``.count`` (live question count), ``.result`` (the last PlanScore or None).
    """
    from kit import charts
    from kit.scoring import score_plan

    s = _scenario(scenario)
    offering = load_catalog().offering_for(s)
    if isinstance(starter, str):
        starter = list(_entry("plans", starter)["questions"])
    header = _html(_brief(s, offering), "kit-plan-brief")
    text = W.Textarea(value="", rows=12,
                      placeholder="One question per line, for example:\nHow do you track "
                                  "unplanned stops on each line today?",
                      layout=W.Layout(width="min(100%, 820px)"))
    text.add_class("kit-plan-input")
    button = W.Button(description="Score my plan", button_style="primary", icon="check",
                      layout=W.Layout(width="auto"))
    button.add_class("kit-score-button")
    count = _html("", "kit-plan-count")
    feedback = _html("", "kit-feedback")
    chart_out = _chart_output()

    def recount(*_: Any) -> None:
        n = len(plan_lines(text.value))
        colour = GOOD if 11 <= n <= 14 else "#555555"
        count.value = (f'<span style="{FONT};color:{colour}">{n} question'
                       f'{"" if n == 1 else "s"} (11 to 14 works best)</span>')

    def show(value: str) -> None:
        feedback.value = value
        chart_out.outputs = ()

    def score() -> None:
        questions = plan_lines(text.value)
        if not questions:
            box.result = None
            show(_message(EMPTY_PLAN))
            return
        result = score_plan(questions, domain=s.target_domain)
        box.result = result
        feedback.value = result._repr_html_()
        figures = [charts.focus_by_domain(result), charts.stage_mix(result),
                   charts.drift_timeline(result)]
        chart_out.outputs = _png_output(figures)

    text.observe(recount, "value")
    button.on_click(_safe(score, show))
    box = W.VBox([header, text, W.HBox([button, count]), feedback, chart_out])
    box.add_class("kit-plan-builder")
    box.text, box.button, box.feedback, box.charts, box.count = (text, button, feedback,
                                                                 chart_out, count)
    box.scenario, box.result = s, None
    recount()
    if starter:
        text.value = "\n".join(starter)
        button.click()
    return box


# --------------------------------------------------------------------------- domain explorer


def _ul(items: Sequence[str]) -> str:
    return "<ul style='margin:2px 0 6px 18px;padding:0'>" + "".join(
        f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _domain_html(domain_id: str) -> str:
    d = load_catalog().domain(domain_id)
    kpis = "".join(f"<tr><td><b>{escape(k.name)}</b></td><td>{escape(k.measures)}</td></tr>"
                   for k in d.kpis)
    vocab = ", ".join(escape(t.term) for t in d.vocabulary[:40])
    examples = "".join(f"<li>{escape(q.text)} <i style='color:#777'>"
                       f"({escape(q.stage.replace('_', '-'))})</i></li>"
                       for q in d.example_questions[:6])
    return (f'<div class="kit-domain" style="{FONT}"><h4 style="margin:6px 0">'
            f"{escape(d.name)}</h4><p style='margin:2px 0'>{escape(d.description)}</p>"
            f"<b>Who buys</b>{_ul(d.roles)}<b>What they want</b>{_ul(d.goals)}"
            f"<b>What gets in the way</b>{_ul(d.challenges)}"
            f"<b>The numbers they watch</b><table style='margin:2px 0 6px 0'>{kpis}</table>"
            f"<b>Words that signal this domain</b><p style='margin:2px 0 6px 0;color:#444'>"
            f"{vocab}</p><b>Questions that stay inside it</b>"
            f"<ul style='margin:2px 0 6px 18px;padding:0'>{examples}</ul></div>")


def _offering_html(offering_id: str) -> str:
    catalog = load_catalog()
    o = catalog.offering(offering_id)
    home = catalog.domain(o.domain)
    features = "".join(f"<tr><td style='padding-right:10px'>{escape(f.feature)}</td>"
                       f"<td><i>{escape(f.outcome)}</i></td></tr>" for f in o.features)
    scenarios = [s for s in catalog.scenarios.values() if s.offering == o.id]
    distractors: dict[str, list[str]] = {}
    for s in scenarios:
        for d in s.distractors:
            distractors.setdefault(d.domain, []).append(f"{d.topic} ({s.company.name})")
    others = [x for x in catalog.domains.values() if x.id != o.domain]
    outside = "".join(
        f"<li><b>{escape(x.name)}</b>"
        + (": " + escape("; ".join(distractors[x.id])) if x.id in distractors else "")
        + "</li>" for x in others)
    return (f'<div class="kit-offering" style="{FONT}"><h4 style="margin:6px 0">'
            f"{escape(o.name)}</h4><p style='margin:2px 0'>{escape(o.summary)}</p>"
            f"<b style='color:{GOOD}'>Where it applies: {escape(home.name)}</b>"
            f"<p style='margin:2px 0'>Buyers: {escape(', '.join(home.roles))}. Numbers it moves: "
            f"{escape(', '.join(k.name for k in home.kpis))}.</p>"
            f"<table style='margin:4px 0 8px 0'><tr><th style='text-align:left'>Feature (what "
            f"you would pitch)</th><th style='text-align:left'>Outcome (what the buyer wants)"
            f"</th></tr>{features}</table>"
            f"<b style='color:{BAD}'>Where it does not apply</b>"
            f"<p style='margin:2px 0'>Every other domain. Topics prospects raise there, from "
            f"this offering's scenarios, are worth a note and a referral, not twenty minutes:"
            f"</p><ul style='margin:2px 0 6px 18px;padding:0'>{outside}</ul></div>")


def domain_explorer() -> W.VBox:
    """Browse the domain map: pick a domain (buyers, goals, problems, KPIs, vocabulary) and an
    offering (where it applies and where it does not).

    Parts: ``.domain`` and ``.offering`` (Dropdowns), ``.domain_view`` and ``.offering_view``
    (HTML).
    """
    catalog = load_catalog()
    domain = W.Dropdown(options=[(d.name, d.id) for d in catalog.domains.values()],
                        description="Domain")
    offering = W.Dropdown(options=[(f"{o.name} ({catalog.domains[o.domain].name})", o.id)
                                   for o in catalog.offerings.values()
                                   if o.domain in catalog.domains],
                          description="Offering", layout=W.Layout(width="min(100%, 420px)"))
    domain.add_class("kit-domain-select")
    offering.add_class("kit-offering-select")
    domain_view = _html("", "kit-domain-view")
    offering_view = _html("", "kit-offering-view")

    def show_domain() -> None:
        domain_view.value = _domain_html(domain.value)

    def show_offering() -> None:
        offering_view.value = _offering_html(offering.value)

    def set_domain(value: str) -> None:
        domain_view.value = value

    def set_offering(value: str) -> None:
        offering_view.value = value

    domain.observe(_safe(show_domain, set_domain), "value")
    offering.observe(_safe(show_offering, set_offering), "value")
    _safe(show_domain, set_domain)()
    _safe(show_offering, set_offering)()
    tabs = W.Tab(children=[W.VBox([domain, domain_view]), W.VBox([offering, offering_view])])
    tabs.set_title(0, "Domains")
    tabs.set_title(1, "Offerings")
    box = W.VBox([tabs])
    box.add_class("kit-domain-explorer")
    box.domain, box.offering, box.domain_view, box.offering_view, box.tabs = (
        domain, offering, domain_view, offering_view, tabs)
    return box


# --------------------------------------------------------------------------- feature rewriter

def feature_rewriter(scenario: str | Scenario) -> W.VBox:
    """Show a feature as a rep would pitch it; the learner rewrites it as a business question.

    Parts: ``.feature`` (Dropdown of the offering's features), ``.pitch`` (HTML), ``.text``
    (Textarea), ``.button`` (Check my question), ``.output`` (HTML verdict), ``.checks`` (the
    last verdict as ``{name: bool}``).
    """
    from kit.scoring.render import analysis_html

    s = _scenario(scenario)
    offering = load_catalog().offering_for(s)
    feature = W.Dropdown(options=[(f.feature if len(f.feature) <= 70 else f.feature[:67] + "...",
                                   i) for i, f in enumerate(offering.features)],
                         description="Feature", layout=W.Layout(width="min(100%, 720px)"))
    feature.add_class("kit-feature-select")
    pitch = _html("", "kit-pitch")
    text = W.Textarea(value="", rows=2, placeholder="Rewrite the pitch as a question about "
                      f"{s.contact.name}'s business",
                      layout=W.Layout(width="min(100%, 720px)"))
    text.add_class("kit-rewrite-input")
    button = W.Button(description="Check my question", button_style="primary", icon="check",
                      layout=W.Layout(width="auto"))
    button.add_class("kit-rewrite-button")
    output = _html("", "kit-rewrite-output")

    def show_pitch(*_: Any) -> None:
        f = offering.features[feature.value]
        pitch.value = (f'<div style="{FONT};background:#f6f6f6;padding:6px 10px;'
                       f'border-radius:4px;margin:4px 0">The pitch you are tempted to make to '
                       f"{escape(s.contact.name)} ({escape(s.contact.role)}):<br>"
                       f"<i>&ldquo;Our {escape(offering.name)} gives you "
                       f"{escape(f.feature[:1].lower() + f.feature[1:])}.&rdquo;</i></div>")
        output.value = ""
        box.checks = None

    def show(value: str) -> None:
        output.value = value

    def check() -> None:
        question = text.value.strip()
        if not question:
            box.checks = None
            show(_message("Write your question first: one business question, in the buyer's "
                          "words."))
            return
        f = offering.features[feature.value]
        result = check_rewrite(question, f.feature, offering)  # the grader's own judge
        box.checks = {k: ok for k, (ok, _) in result.checks.items()}
        labels = {"business": "Business orientation",
                  "domain": f"In {_domain_name(offering.domain)}",
                  "no_feature": "Does not name the feature"}
        lines = "".join(_verdict_line(ok, labels[k], why)
                        for k, (ok, why) in result.checks.items())
        head = ("All three checks pass: that is a question a buyer wants to answer."
                if result.passed else "Not there yet: fix the crossed checks and try again.")
        show(f'<div style="{FONT}"><b style="color:{GOOD if result.passed else BAD}">'
             f"{escape(head)}</b><ul style='padding-left:4px;margin:4px 0'>{lines}</ul>"
             f"<details><summary>Why the engine decided this</summary>"
             f"{analysis_html(result.analysis)}</details>"
             f"<p style='margin:6px 0 0 0;color:#444'>The outcome behind this feature, in the "
             f"buyer's words: <i>{escape(f.outcome)}</i></p></div>")

    box = W.VBox([feature, pitch, text, button, output])
    box.add_class("kit-feature-rewriter")
    box.feature, box.pitch, box.text, box.button, box.output = (feature, pitch, text, button,
                                                                output)
    box.offering, box.checks = offering, None
    feature.observe(show_pitch, "value")
    button.on_click(_safe(check, show))
    show_pitch()
    return box


# --------------------------------------------------------------------------- transcript


def _check_transcript(t: Any) -> dict[str, Any]:
    if not isinstance(t, dict) or not isinstance(t.get("turns"), list) or not t["turns"]:
        raise KitError("a transcript is a mapping with a non-empty list of 'turns'")
    for i, turn in enumerate(t["turns"], 1):
        missing = [k for k in ("speaker", "text", "minutes") if k not in turn]
        if missing:
            raise KitError(f"transcript turn {i}: missing {', '.join(missing)}")
    return t


def transcript_viewer(transcript: str | dict[str, Any]) -> W.VBox:
    """A call transcript with each turn labelled by domain, and a chart of where the time went.

    ``transcript`` is a key of ``kit/data/lessons/transcripts.yaml`` or a mapping with
    ``title``, ``target`` (domain id) and ``turns`` (``speaker``, ``domain``, ``minutes``,
    ``text``). Parts: ``.seller`` (Dropdown: whose offering are you selling?), ``.turns``
    (HTML), ``.summary`` (HTML), ``.chart`` (Output).
    """
    from kit import charts

    t = _check_transcript(_entry("transcripts", transcript)
                          if isinstance(transcript, str) else transcript)
    catalog = load_catalog()
    target = t.get("target")
    present = [d for d in dict.fromkeys(turn.get("domain") for turn in t["turns"]) if d]
    options = [(catalog.domains[d].name if d in catalog.domains else d, d) for d in present]
    if target and target not in present:
        options.insert(0, (_domain_name(target), target))
    seller = W.Dropdown(options=options, value=target if target else options[0][1],
                        description="You sell to", style={"description_width": "initial"})
    seller.add_class("kit-seller-select")
    header = _html(f'<div style="{FONT}"><b>{escape(str(t.get("title", "Call transcript")))}'
                   f"</b><br><span style='color:#444'>{escape(str(t.get('setting', '')))}"
                   "</span></div>")
    turns_html = _html("", "kit-transcript-turns")
    summary = _html("", "kit-transcript-summary")
    chart = _chart_output()

    def render(*_: Any) -> None:
        mine = seller.value
        rows = []
        for i, turn in enumerate(t["turns"], 1):
            d = turn.get("domain")
            colour = "#2e8b57" if d == mine else "#9e9e9e" if not d else "#d9534f"
            tag = escape(_domain_name(d) if d else "general")
            rows.append(
                f"<tr><td style='color:#777;vertical-align:top'>{i}</td>"
                f"<td style='vertical-align:top;white-space:nowrap'><b>"
                f"{escape(str(turn['speaker']))}</b></td>"
                f"<td style='vertical-align:top'>{escape(str(turn['text']))}</td>"
                f"<td style='vertical-align:top;white-space:nowrap'><span style='background:"
                f"{colour};color:white;border-radius:3px;padding:0 5px'>{tag}</span></td>"
                f"<td style='vertical-align:top;text-align:right;color:#555'>"
                f"{float(turn['minutes']):g}&nbsp;min</td></tr>")
        turns_html.value = (f'<div style="{FONT};max-height:420px;overflow-y:auto">'
                            f"<table style='border-collapse:collapse'>{''.join(rows)}"
                            "</table></div>")
        minutes: Counter[str | None] = Counter()
        for turn in t["turns"]:
            minutes[turn.get("domain") or None] += float(turn["minutes"])
        total = sum(minutes.values())
        useful = minutes.get(mine, 0.0)
        biggest = max((d for d in minutes if d), key=lambda d: minutes[d], default=None)
        line = (f"Of {total:g} minutes, {useful:g} ({100 * useful / total:.0f}%) were spent in "
                f"{_domain_name(mine)}, the only domain where your offering can find a lead.")
        if biggest and biggest != mine:
            line += (f" The biggest block, {minutes[biggest]:g} minutes, went to "
                     f"{_domain_name(biggest)}: a lead, if there is one, for somebody else.")
        summary.value = f'<div style="{FONT};margin:6px 0"><b>{escape(line)}</b></div>'
        fig = charts.time_by_domain([(turn.get("domain"), turn["minutes"])
                                     for turn in t["turns"]], target=mine)
        chart.outputs = _png_output([fig])

    def show(value: str) -> None:
        summary.value = value

    seller.observe(_safe(render, show), "value")
    _safe(render, show)()
    box = W.VBox([header, seller, turns_html, summary, chart])
    box.add_class("kit-transcript")
    box.seller, box.turns, box.summary, box.chart, box.transcript = (seller, turns_html, summary,
                                                                     chart, t)
    return box


# --------------------------------------------------------------------------- quiz


def _check_quiz(questions: Any) -> list[dict[str, Any]]:
    if not isinstance(questions, list) or not questions:
        raise KitError("a quiz is a non-empty list of questions")
    for i, q in enumerate(questions, 1):
        if not isinstance(q, dict):
            raise KitError(f"quiz question {i}: expected a mapping, got {type(q).__name__}")
        for key in ("question", "options", "answer", "explanations"):
            if key not in q:
                raise KitError(f"quiz question {i}: missing {key!r}")
        n = len(q["options"])
        if n < 2:
            raise KitError(f"quiz question {i}: needs at least two options")
        if len(q["explanations"]) != n:
            raise KitError(f"quiz question {i}: {n} options but {len(q['explanations'])} "
                           "explanations; explain every answer")
        if not isinstance(q["answer"], int) or not 0 <= q["answer"] < n:
            raise KitError(f"quiz question {i}: answer must be an option number from 0 to "
                           f"{n - 1}, got {q['answer']!r}")
    return questions


def quiz(questions: str | list[dict[str, Any]]) -> W.VBox:
    """A multiple-choice self-check with an explanation for every answer.

    ``questions`` is a key of ``kit/data/lessons/quizzes.yaml`` or a list of mappings with
    ``question``, ``options``, ``answer`` (index of the right option) and ``explanations``
    (one per option). Parts: ``.items`` (each with ``.choices``, ``.button``, ``.output``,
    ``.correct``) and ``.score`` (HTML).
    """
    qs = _check_quiz(_entry("quizzes", questions) if isinstance(questions, str) else questions)
    score = _html("", "kit-quiz-score")
    items: list[W.VBox] = []

    def update_score() -> None:
        done = [i for i in items if i.correct is not None]
        right = sum(bool(i.correct) for i in done)
        score.value = (f'<div style="{FONT};margin-top:6px"><b>{right} of {len(items)} '
                       f"right</b> ({len(done)} answered)</div>")

    for n, q in enumerate(qs, 1):
        choices = W.RadioButtons(options=[(str(o), i) for i, o in enumerate(q["options"])],
                                 value=None, layout=W.Layout(width="100%"))
        button = W.Button(description="Check", icon="check")
        button.add_class("kit-quiz-button")
        output = _html("", "kit-quiz-feedback")
        item = W.VBox([_html(f'<div style="{FONT}"><b>{n}. {escape(str(q["question"]))}'
                             "</b></div>"), choices, button, output])
        item.add_class("kit-quiz-item")
        item.choices, item.button, item.output, item.correct = choices, button, output, None

        def check(_: Any = None, item: W.VBox = item, q: dict[str, Any] = q) -> None:
            pick = item.choices.value
            if pick is None:
                item.output.value = _message("Pick an answer first.", "#555555")
                return
            ok = pick == q["answer"]
            item.correct = ok
            why = escape(str(q["explanations"][pick]))
            extra = "" if ok else (f"<br>The best answer: <i>{escape(str(q['options'][q['answer']]))}"
                                   f"</i>. {escape(str(q['explanations'][q['answer']]))}")
            item.output.value = (f'<div style="{FONT};color:{GOOD if ok else BAD}">'
                                 f"<b>{'Right.' if ok else 'Not quite.'}</b> "
                                 f'<span style="color:#222">{why}{extra}</span></div>')
            update_score()

        button.on_click(check)
        items.append(item)
    box = W.VBox([*items, score])
    box.add_class("kit-quiz")
    box.items, box.score = items, score
    update_score()
    return box


# --------------------------------------------------------------------------- role-play

CALL_OVER = ("The call is over. Read the debrief below, then press Try again to call again "
             "with a better plan.")
NOTHING_ASKED = "You have not asked anything yet. Ask your first question, then end the call."
VERDICT_WORDS = {
    "opportunity": ("Opportunity: you earned a next step.", GOOD),
    "referral": ("Referral: the needs you found belong to somebody else.", "#b26a00"),
    "no_lead": ("No lead yet: this call would not go in your pipeline.", BAD),
}
_STAGE_ORDER = ("problem", "implication", "value")


def _pain_label(pain_id: str) -> str:
    words = pain_id.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def _bucket_label(bucket: str, target: str) -> str:
    """A minutes_by_domain key in plain words."""
    if bucket == target:
        return f"{_domain_name(bucket)} (your domain)"
    special = {"general": "General business", "pitch": "Product pitches",
               "small_talk": "Small talk"}
    if bucket in special:
        return special[bucket]
    return f"{_domain_name(bucket)} (drift)"


def _turn_tag(turn: Any, target: str) -> tuple[str, str]:
    """What a turn was, in words, and its colour (the chart colours: green is your domain)."""
    if turn.orientation == "product":
        return "Product pitch", "#8a8a8a"
    if turn.orientation == "other":
        return "Small talk", "#8a8a8a"
    if turn.domain is None:
        return "General business", "#5b8fd6"
    if turn.domain == target:
        return f"{_domain_name(turn.domain)}: your domain", GOOD
    return f"{_domain_name(turn.domain)}: outside your domain", "#d9534f"


def _bubble(text: str, who: str, mine: bool) -> str:
    side = ("margin-left:auto;background:#e3effd;border-bottom-right-radius:2px" if mine else
            "margin-right:auto;background:#f1f1f1;border-bottom-left-radius:2px")
    cls = "kit-bubble-rep" if mine else "kit-bubble-prospect"
    return (f'<div class="kit-bubble {cls}" style="max-width:78%;{side};border-radius:10px;'
            f'padding:6px 10px;margin:4px 0"><div style="font-size:11px;color:#666">'
            f"{escape(who)}</div>{escape(text)}</div>")


def _turn_meta(turn: Any, before: int, target: str) -> str:
    tag, colour = _turn_tag(turn, target)
    change = turn.interest - before
    bits = [f"{turn.minutes} min", f"interest {turn.interest} ({change:+d})"]
    if turn.revealed:
        bits.append(f"uncovered: {_pain_label(turn.revealed)} ({turn.revealed_stage})")
    return (f'<div class="kit-turn-meta" style="font-size:11px;color:#555;margin:0 0 6px 2px">'
            f'<span class="kit-turn-domain" style="background:{colour};color:white;'
            f'border-radius:3px;padding:0 5px">{escape(tag)}</span> '
            f"{escape(', '.join(bits))}</div>")


def _roleplay_brief(s: Scenario, offering: Offering, budget: int) -> str:
    target = _domain_name(s.target_domain)
    return (f'<div class="kit-brief" style="{FONT};border-left:4px solid #2e8b57;'
            f'padding:4px 10px;margin-bottom:6px">'
            f"<b>{escape(s.title)}</b><br>"
            f"You sell <b>{escape(offering.name)}</b> ({escape(target)}). You have "
            f"<b>{budget} minutes</b> with <b>{escape(s.contact.name)}</b>, "
            f"{escape(s.contact.role)} at {escape(s.company.name)} "
            f"({escape(s.company.size)}).<br>"
            f'<span style="color:#444">{escape(s.company.situation)}</span><br>'
            f"Ask one question at a time. Questions in {escape(target.lower())} uncover "
            f"pains; other domains use up minutes; pitches cost interest.</div>")


def _debrief_html(d: Any, s: Scenario, ended_by: str | None) -> str:
    head, colour = VERDICT_WORDS.get(d.verdict, (d.verdict.replace("_", " "), "#333333"))
    who = s.contact.name.split()[0]
    how = {"budget": f"Time ran out: all {d.budget_minutes} minutes were used.",
           "interest": f"{who} lost interest and ended the call."}.get(
        ended_by or "", f"You ended the call after {d.minutes_used} of "
                        f"{d.budget_minutes} minutes.")
    rows = []
    for p in d.revealed_pains:
        chips = "".join(
            f'<span style="background:{GOOD if st in p["stages"] else "#e0e0e0"};'
            f'color:{"white" if st in p["stages"] else "#777"};border-radius:3px;'
            f'padding:0 5px;margin-right:3px">{escape(st)}</span>' for st in _STAGE_ORDER)
        rows.append(f"<tr><td style='padding-right:10px'>{escape(_pain_label(p['id']))}</td>"
                    f"<td>{chips}</td></tr>")
    missed = len(s.pains) - len(d.revealed_pains)
    pains = (f"<table>{''.join(rows)}</table>" if rows else
             "<p style='margin:2px 0'>None. No question reached one of the prospect's "
             "problems.</p>")
    if missed:
        pains += (f"<p style='margin:2px 0;color:#555'>{missed} more pain"
                  f"{'' if missed == 1 else 's'} {'was' if missed == 1 else 'were'} there "
                  "to find.</p>")
    minutes = "".join(
        f"<tr><td style='padding-right:10px'>{escape(_bucket_label(k, s.target_domain))}</td>"
        f"<td style='text-align:right'>{v} min</td></tr>"
        for k, v in sorted(d.minutes_by_domain.items(), key=lambda kv: (-kv[1], kv[0])))
    # the scenario's own words on this verdict; its no-lead text describes a different company
    # situation, not this call, so it is left out
    note_head = {"opportunity": "What a next step could look like.",
                 "referral": "Where those needs belong."}.get(d.verdict)
    note = (f"<p style='margin:6px 0 0 0;color:#444'><b>{note_head}</b> "
            f"{escape(d.qualification)}</p>" if d.qualification and note_head else "")
    reason = d.reason
    if reason.lower().startswith("no lead yet: "):
        reason = reason[13:14].upper() + reason[14:]
    return (f'<div class="kit-debrief-body" style="{FONT};border:1px solid #ddd;'
            f'border-radius:6px;padding:8px 12px;margin-top:6px">'
            f'<div class="kit-verdict" style="font-size:15px;color:{colour}"><b>'
            f"{escape(head)}</b></div>"
            f"<p style='margin:4px 0'>{escape(how)} {escape(reason)}</p>"
            f"<b>Pains uncovered</b>{pains}"
            f"<b>Minutes by domain</b> ({d.minutes_used} of {d.budget_minutes})"
            f"<table style='margin:2px 0 6px 0'>{minutes}</table>"
            f"<b>Interest</b> <span style='color:#444'>"
            f"{escape(' -> '.join(str(i) for i in d.interest_over_time))}</span>"
            f"{note}</div>")


def roleplay(scenario: str | Scenario, minutes: int = 30) -> W.VBox:
    """Practise a discovery call against the scenario's simulated prospect, then read the debrief.

    Type a question and press Enter or Ask; the prospect answers in the chat, the turn is
    labelled with its domain, and two meters follow the minutes used and the prospect's
    interest. The call ends when the time is used, when interest reaches 0, or on End call;
    the debrief (verdict, pains uncovered, minutes per domain, why) and the call timeline chart
    appear. Try again starts a fresh call with the same prospect.

    Parts: ``.text`` (Text), ``.button`` (Ask), ``.end_button`` (End call), ``.reset_button``
    (Try again), ``.transcript`` (HTML chat), ``.turn_info`` (HTML: the last turn's domain),
    ``.minutes_meter`` and ``.interest_meter`` (IntProgress) with ``.minutes_label`` and
    ``.interest_label``, ``.message`` (HTML), ``.debrief`` (HTML), ``.chart`` (Output),
    ``.call`` (the running :class:`kit.roleplay.Call`) and ``.result`` (the last Debrief or
    None).
    """
    from kit import charts
    from kit.roleplay import OPPORTUNITY_INTEREST, start_call

    s = _scenario(scenario)
    catalog = load_catalog()
    offering = catalog.offering_for(s)
    first = s.contact.name.split()[0]
    call = start_call(s, minutes=minutes, catalog=catalog)  # checks the budget up front

    header = _html(_roleplay_brief(s, offering, call.budget), "kit-roleplay-brief")
    transcript = _html("", "kit-roleplay-transcript")
    # continuous_update keeps the value in step with every key, so Ask never sees stale text;
    # Enter arrives as the Text's "submit" message (see on_msg below)
    text = W.Text(value="", placeholder=f"Ask {first} a question, then press Enter or Ask",
                  continuous_update=True, layout=W.Layout(width="min(100%, 640px)"))
    text.add_class("kit-roleplay-input")
    button = W.Button(description="Ask", button_style="primary", icon="comment",
                      layout=W.Layout(width="auto"))
    button.add_class("kit-ask-button")
    end_button = W.Button(description="End call", button_style="warning", icon="phone",
                          layout=W.Layout(width="auto"))
    end_button.add_class("kit-end-button")
    reset_button = W.Button(description="Try again", icon="refresh",
                            layout=W.Layout(width="auto"))
    reset_button.add_class("kit-reset-button")
    minutes_meter = W.IntProgress(value=0, min=0, max=call.budget, bar_style="info",
                                  layout=W.Layout(width="220px"))
    minutes_meter.add_class("kit-minutes-meter")
    interest_meter = W.IntProgress(value=call.interest, min=0, max=100, bar_style="success",
                                   layout=W.Layout(width="220px"))
    interest_meter.add_class("kit-interest-meter")
    minutes_label = _html("", "kit-minutes-label")
    interest_label = _html("", "kit-interest-label")
    minutes_label.layout.width = interest_label.layout.width = "auto"
    turn_info = _html("", "kit-turn-info")
    message = _html("", "kit-roleplay-message")
    debrief = _html("", "kit-debrief")
    chart = _chart_output()

    def update_meters() -> None:
        c = box.call
        minutes_meter.value = c.minutes_used
        minutes_meter.bar_style = "danger" if c.minutes_left <= 5 else "info"
        minutes_label.value = (f'<span style="{FONT}">Minutes used: <b>{c.minutes_used}'
                               f"</b> of {c.budget} ({c.minutes_left} left)</span>")
        interest_meter.value = c.interest
        interest_meter.bar_style = ("success" if c.interest >= OPPORTUNITY_INTEREST else
                                    "warning" if c.interest >= 20 else "danger")
        interest_label.value = (f'<span style="{FONT}">{escape(first)}\'s interest: '
                                f"<b>{c.interest}</b> / 100 (an opportunity needs "
                                f"{OPPORTUNITY_INTEREST})</span>")

    def render_transcript() -> None:
        c = box.call
        parts = [f'<div style="color:#777;font-size:11px;text-align:center;margin:2px 0">'
                 f"Call with {escape(s.contact.name)}, {escape(s.contact.role)}: "
                 f"{c.budget} minutes</div>"]
        before = c.interest_over_time[0]
        for t in c.turns:
            parts.append(_bubble(t.question, "You", True))
            parts.append(_bubble(t.reply, s.contact.name, False))
            parts.append(_turn_meta(t, before, s.target_domain))
            before = t.interest
        # column-reverse keeps the newest turn in view as the chat grows
        transcript.value = (f'<div style="{FONT};max-height:420px;overflow-y:auto;'
                            f"display:flex;flex-direction:column-reverse;border:1px solid #ddd;"
                            f'border-radius:6px;padding:4px 8px;max-width:820px">'
                            f'<div style="display:flex;flex-direction:column">{"".join(parts)}'
                            "</div></div>")

    def show(value: str) -> None:
        message.value = value

    def finish() -> None:
        c = box.call
        result = c.finish()
        box.result = result
        debrief.value = _debrief_html(result, s, c.ended_by)
        chart.outputs = _png_output([charts.call_timeline(result)])
        show(_message(f"The call has ended. Read the debrief, then press Try again to call "
                      f"{first} with a better plan.", "#555555"))

    def ask() -> None:
        question = text.value.strip()
        if box.call.done:
            show(_message(CALL_OVER))
            return
        if not question:
            show(_message("Type a question first, then press Enter or Ask."))
            return
        turn = box.call.ask(question)  # an over-long question raises: shown as a sentence
        text.value = ""
        show("")
        tag, colour = _turn_tag(turn, s.target_domain)
        turn_info.value = (f'<div style="{FONT}">Last question: <b style="color:{colour}">'
                           f"{escape(tag)}</b></div>")
        render_transcript()
        update_meters()
        if box.call.done:
            finish()

    def end() -> None:
        if box.result is not None:
            show(_message(CALL_OVER, "#555555"))
            return
        if not box.call.turns:
            show(_message(NOTHING_ASKED))
            return
        finish()
        update_meters()

    def reset() -> None:
        box.call = start_call(s, minutes=box.call.budget, catalog=catalog)
        box.result = None
        debrief.value = ""
        chart.outputs = ()
        turn_info.value = ""
        render_transcript()
        update_meters()
        show(_message(f"New call: {first} has forgotten the last one. Try a sharper plan.",
                      "#555555"))

    def on_text_msg(_widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            run_ask()

    run_ask = _safe(ask, show)
    button.on_click(run_ask)
    text.on_msg(on_text_msg)
    end_button.on_click(_safe(end, show))
    reset_button.on_click(_safe(reset, show))
    meters = W.HBox([W.VBox([minutes_label, minutes_meter],
                            layout=W.Layout(margin="0 28px 0 0")),
                     W.VBox([interest_label, interest_meter])],
                    layout=W.Layout(flex_flow="row wrap"))
    meters.add_class("kit-roleplay-meters")
    controls = W.HBox([text, button, end_button, reset_button],
                      layout=W.Layout(flex_flow="row wrap"))
    box = W.VBox([header, meters, transcript, turn_info, controls, message, debrief, chart])
    box.add_class("kit-roleplay")
    box.text, box.button, box.end_button, box.reset_button = (text, button, end_button,
                                                               reset_button)
    box.transcript, box.turn_info, box.message, box.debrief, box.chart = (
        transcript, turn_info, message, debrief, chart)
    box.minutes_meter, box.interest_meter = minutes_meter, interest_meter
    box.minutes_label, box.interest_label = minutes_label, interest_label
    box.scenario, box.call, box.result = s, call, None
    render_transcript()
    update_meters()
    return box
