"""Render a plan score as HTML (notebooks) or plain text (terminals).

Every piece of learner text goes through :func:`html.escape`: a question such as
``<script>alert(1)</script>`` must show as text, never run.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from kit.textfmt import table, wrap

if TYPE_CHECKING:
    from kit.scoring.plan import PlanScore

LABELS = {"focus": "Focus on the target domain", "orientation": "Business, not product",
          "stages": "Stage mix and flow", "quality": "Question quality", "length": "Length"}
STAGE_COLOURS = {"situation": "#9ecae1", "problem": "#fdae6b", "implication": "#e6550d",
                 "need_payoff": "#31a354", None: "#d9d9d9"}


def plan_text(s: PlanScore) -> str:
    head = f"Score: {s.score:g}/100  {'PASSED' if s.passed else 'NOT PASSED'} " \
           f"(pass mark {s.pass_mark:g}; target domain: {s.domain})"
    comps = table(("component", "score", "weight"),
                  [(LABELS[c], f"{v:g}", f"{s.weights.get(c, 0):g}%") for c, v in s.components.items()])
    fb = "\n".join(wrap(f, "- ") for f in s.feedback)
    rows = [(i, q.domain or "-", q.orientation, q.form, q.stage or "-", ",".join(q.flags) or "-",
             q.question) for i, q in enumerate(s.questions, 1)]
    qs = table(("#", "domain", "orientation", "form", "stage", "flags", "question"), rows)
    return f"{head}\n\n{comps}\n\nFeedback:\n{fb}\n\nQuestions:\n{qs}"


def _bar(value: float) -> str:
    colour = "#31a354" if value >= 75 else "#fdae6b" if value >= 50 else "#de2d26"
    return (f'<div style="background:#eee;width:160px;height:10px;display:inline-block">'
            f'<div style="background:{colour};width:{max(0.0, min(100.0, value)) * 1.6:.0f}px;'
            f'height:10px"></div></div>')


def plan_html(s: PlanScore) -> str:
    verdict = "passed" if s.passed else "not passed"
    colour = "#31a354" if s.passed else "#de2d26"
    comps = "".join(
        f"<tr><td>{escape(LABELS[c])}</td><td>{_bar(v)}</td><td style='text-align:right'>{v:g}"
        f"</td><td style='text-align:right;color:#777'>{s.weights.get(c, 0):g}%</td></tr>"
        for c, v in s.components.items())
    fb = "".join(f"<li>{escape(f)}</li>" for f in s.feedback)
    rows = "".join(
        f"<tr><td>{i}</td><td>{escape(q.question)}</td><td>{escape(q.domain or '-')}</td>"
        f"<td>{escape(q.orientation)}</td><td>{escape(q.form)}</td>"
        f"<td><span style='background:{STAGE_COLOURS.get(q.stage, '#ddd')};padding:0 4px'>"
        f"{escape(q.stage or '-')}</span></td><td>{escape(', '.join(q.flags) or '')}</td></tr>"
        for i, q in enumerate(s.questions, 1))
    return (
        f'<div class="kit-plan-score" style="font-family:sans-serif;font-size:13px">'
        f'<div style="font-size:18px;margin-bottom:6px"><b style="color:{colour}">{s.score:g}/100'
        f'</b> &middot; {verdict} (pass mark {s.pass_mark:g}) &middot; target domain '
        f'<code>{escape(s.domain)}</code></div>'
        f'<table style="border-collapse:collapse">{comps}</table>'
        f'<h4 style="margin:8px 0 4px">Feedback</h4><ul class="kit-feedback">{fb}</ul>'
        f'<details><summary>Question by question</summary>'
        f'<table style="border-collapse:collapse"><tr><th>#</th><th>question</th><th>domain</th>'
        f'<th>orientation</th><th>form</th><th>stage</th><th>flags</th></tr>{rows}</table>'
        f'</details></div>')


def analysis_html(a) -> str:  # type: ignore[no-untyped-def]
    """One question's analysis with its evidence, for the live analyser widget."""
    def row(label: str, value: str, key: str) -> str:
        why = "; ".join(a.evidence.get(key, []))
        return (f"<tr><th style='text-align:left;padding-right:8px'>{label}</th>"
                f"<td><b>{escape(value)}</b></td><td style='color:#555;padding-left:8px'>"
                f"{escape(why)}</td></tr>")
    return (f'<div class="kit-analysis" style="font-family:sans-serif;font-size:13px">'
            f'<div style="margin-bottom:4px">&ldquo;{escape(a.question)}&rdquo;</div><table>'
            + row("orientation", a.orientation, "orientation")
            + row("domain", a.domain or "none (general)", "domain")
            + row("form", a.form, "form")
            + row("stage", (a.stage or "-").replace("_", "-"), "stage")
            + row("flags", ", ".join(a.flags) or "none", "flags")
            + "</table></div>")
