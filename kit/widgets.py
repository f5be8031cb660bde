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

__all__ = ["domain_explorer", "feature_rewriter", "lesson_data", "plan_builder",
           "question_analyzer", "quiz", "transcript_viewer"]

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

_STOP = set("""a an and are as at be by can for from in into is it its of on or our per that the
their them then these they this those to up via was we when where which while who will with
your you every each more most less than into onto over under about after before across all any
so not no its own same such""".split())
_PRODUCT_NOUNS = {"dashboard", "platform", "software", "module", "tracker", "app", "ai",
                  "algorithm", "widget", "portal", "bot", "chatbot", "plugin", "tool", "engine",
                  "copilot", "feature", "powered"}


def _stem(word: str) -> str:
    word = word.lower().strip("-'")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}


def feature_words(feature: str, domain_id: str) -> set[str]:
    """The words of a feature pitch that name the product rather than the buyer's domain."""
    d = load_catalog().domain(domain_id)
    domain_words: set[str] = set()
    for t in d.vocabulary:
        domain_words |= _words(t.term)
    for k in d.kpis:
        domain_words |= _words(k.name)
    return {w for w in _words(feature)
            if (len(w) >= 4 or w == "ai") and w not in _STOP and w not in domain_words}


def check_rewrite(question: str, feature: str, offering: Offering) -> dict[str, Any]:
    """The three checks of a feature rewrite, each with a reason; raises on an empty question."""
    from kit.scoring import analyze_question

    a = analyze_question(question)
    words = _words(question)
    named = sorted(words & feature_words(feature, offering.domain))
    nouns = sorted(words & _PRODUCT_NOUNS)
    brand = offering.name.lower() in question.lower()
    names_feature = brand or bool(nouns) or len(named) >= 2
    home = _domain_name(offering.domain)
    checks = {
        "business": (a.orientation == "business",
                     "asks about the buyer's work, goals or numbers" if a.orientation == "business"
                     else "reads as a product pitch; ask about their world, not your product"
                     if a.orientation == "product" else "reads as small talk or logistics"),
        "domain": (a.domain == offering.domain,
                   f"stays in {home}, where {offering.name} can help" if a.domain == offering.domain
                   else f"belongs to no single domain; tie it to {home.lower()}" if a.domain is None
                   else f"is about {_domain_name(a.domain)}; {offering.name} serves {home}"),
        "no_feature": (not names_feature,
                       "leaves the product out of it" if not names_feature else
                       "names the product" + (f" ({offering.name})" if brand else "")
                       + (f" with the words {', '.join(nouns + named)}" if nouns or named else "")
                       + "; describe the buyer's situation instead"),
    }
    return {"analysis": a, "checks": checks, "passed": all(ok for ok, _ in checks.values())}


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
        result = check_rewrite(question, f.feature, offering)
        box.checks = {k: ok for k, (ok, _) in result["checks"].items()}
        labels = {"business": "Business orientation",
                  "domain": f"In {_domain_name(offering.domain)}",
                  "no_feature": "Does not name the feature"}
        lines = "".join(_verdict_line(ok, labels[k], why)
                        for k, (ok, why) in result["checks"].items())
        head = ("All three checks pass: that is a question a buyer wants to answer."
                if result["passed"] else "Not there yet: fix the crossed checks and try again.")
        show(f'<div style="{FONT}"><b style="color:{GOOD if result["passed"] else BAD}">'
             f"{escape(head)}</b><ul style='padding-left:4px;margin:4px 0'>{lines}</ul>"
             f"<details><summary>Why the engine decided this</summary>"
             f"{analysis_html(result['analysis'])}</details>"
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
