"""Charts for the lessons: where a plan's questions go, and where a call's minutes went.

Every function builds a :class:`matplotlib.figure.Figure` with the object-oriented API (no
``pyplot``, so no global figure registry and nothing to close), inside :func:`style`, a context
manager that applies the kit's look only while the figure is drawn. Importing this module does
not import matplotlib; the first chart does. :func:`to_png` turns a figure into PNG bytes for a
widget.

Colours: the target domain is always green, other domains grey-red, general business blue and
product pitches or small talk grey, so a learner reads every chart the same way.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kit.scoring.plan import PlanScore

TARGET = "#2e8b57"
OFF = "#d9534f"
GENERAL = "#5b8fd6"
NEUTRAL = "#b0b0b0"
STAGE_ORDER = ("situation", "problem", "implication", "need_payoff")
STAGE_LABELS = {"situation": "Situation", "problem": "Problem", "implication": "Implication",
                "need_payoff": "Need-payoff", None: "No stage"}
STAGE_COLOURS = {"situation": "#9ecae1", "problem": "#fdae6b", "implication": "#e6550d",
                 "need_payoff": "#31a354", None: "#d9d9d9"}
GENERAL_LABEL = "General business"
PRODUCT_LABEL = "Product pitch"
OTHER_LABEL = "Small talk / logistics"

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#e5e5e5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the kit's chart style for the duration of a ``with`` block only."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def _figure(width: float = 6.4, height: float = 3.2) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _domain_names() -> dict[str, str]:
    from kit.catalog import load_catalog

    try:
        return {d.id: d.name for d in load_catalog().domains.values()}
    except Exception:  # a broken data folder must not stop a chart from drawing
        return {}


def _name(domain: str | None, names: dict[str, str]) -> str:
    if domain is None:
        return GENERAL_LABEL
    return names.get(domain, domain.replace("_", " ").title())


def _question_category(q: Any) -> str | None:
    """The bucket a question falls in on the focus charts: a domain id, or a label."""
    if q.orientation == "product":
        return PRODUCT_LABEL
    if q.orientation == "other":
        return OTHER_LABEL
    return q.domain


def to_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for an ``Output`` or ``Image`` widget)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _check_plan(plan_score: Any) -> None:
    from kit.scoring.plan import PlanScore

    if not isinstance(plan_score, PlanScore):
        raise TypeError("expected the result of kit.scoring.score_plan (a PlanScore), got "
                        f"{type(plan_score).__name__}")


def focus_by_domain(plan_score: PlanScore) -> Figure:
    """Horizontal bars: how many questions of the plan fall in each domain (target in green)."""
    _check_plan(plan_score)
    names = _domain_names()
    counts = Counter(_question_category(q) for q in plan_score.questions)
    target = plan_score.domain
    special = (target, None, PRODUCT_LABEL, OTHER_LABEL)
    order = [target, *sorted((k for k in counts if k not in special),
                             key=lambda k: (-counts[k], str(k)))]
    order += [k for k in (None, PRODUCT_LABEL, OTHER_LABEL) if counts.get(k)]
    labels, values, colours = [], [], []
    for key in order:
        if key in (PRODUCT_LABEL, OTHER_LABEL):
            labels.append(key)
            colours.append(NEUTRAL)
        else:
            labels.append(_name(key, names) + (" (target)" if key == target else ""))
            colours.append(TARGET if key == target else GENERAL if key is None else OFF)
        values.append(counts.get(key, 0))
    with style():
        fig = _figure(6.4, 0.5 + 0.42 * max(3, len(labels)))
        ax = fig.add_subplot()
        y = list(range(len(labels)))[::-1]
        bars = ax.barh(y, values, color=colours, height=0.6)
        ax.set_yticks(y, labels)
        ax.bar_label(bars, padding=3, fontsize=9)
        total = len(plan_score.questions)
        inside = counts.get(target, 0)
        ax.set_title(f"Focus: {inside} of {total} questions in {_name(target, names)}")
        ax.set_xlabel("Number of questions")
        ax.set_xlim(0, max([*values, 1]) * 1.18)
        ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def stage_mix(plan_score: PlanScore) -> Figure:
    """Bars of the plan's SPIN stages, in SPIN order, plus the questions with no stage."""
    _check_plan(plan_score)
    counts = Counter(q.stage for q in plan_score.questions)
    keys: list[str | None] = list(STAGE_ORDER)
    if counts.get(None):
        keys.append(None)
    with style():
        fig = _figure(6.4, 3.0)
        ax = fig.add_subplot()
        x = list(range(len(keys)))
        bars = ax.bar(x, [counts.get(k, 0) for k in keys],
                      color=[STAGE_COLOURS[k] for k in keys], width=0.6)
        ax.set_xticks(x, [STAGE_LABELS[k] for k in keys])
        ax.bar_label(bars, padding=2, fontsize=9)
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        ax.set_title("Stage mix: situation, problem, implication, need-payoff")
        ax.set_xlabel("SPIN stage")
        ax.set_ylabel("Number of questions")
        ax.set_ylim(0, max([counts.get(k, 0) for k in keys] + [1]) * 1.25)
        ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def _domain_rows(cats: list[str | None], target: str | None, names: dict[str, str]
                 ) -> tuple[list[str | None], list[str], list[int], list[int], list[str],
                            dict[str | None, int]]:
    """Rows of a per-question domain timeline: the target on top, other domains, then general,
    product and small talk; with each question's x, row and colour."""
    others = sorted({c for c in cats if c not in (target, None, PRODUCT_LABEL, OTHER_LABEL)},
                    key=str)
    rows: list[str | None] = [target, *others]
    rows += [k for k in (None, PRODUCT_LABEL, OTHER_LABEL) if k in cats]
    row_of = {k: len(rows) - 1 - i for i, k in enumerate(rows)}
    labels = [k if k in (PRODUCT_LABEL, OTHER_LABEL) else _name(k, names) for k in rows]
    xs = list(range(1, len(cats) + 1))
    ys = [row_of[c] for c in cats]
    colours = [TARGET if c == target else GENERAL if c is None else
               NEUTRAL if c in (PRODUCT_LABEL, OTHER_LABEL) else OFF for c in cats]
    return rows, labels, xs, ys, colours, row_of


def drift_timeline(plan_score: PlanScore) -> Figure:
    """One dot per question, in plan order, on the row of its domain; the target row is shaded.

    Dots off the target row are drift (red); general business questions sit on their own row
    (blue), pitches and small talk on theirs (grey). A line joins the dots so a run of drift
    reads as a detour.
    """
    _check_plan(plan_score)
    names = _domain_names()
    target = plan_score.domain
    cats = [_question_category(q) for q in plan_score.questions]
    rows, labels, xs, ys, colours, row_of = _domain_rows(cats, target, names)
    with style():
        fig = _figure(max(6.4, 0.35 * len(xs) + 2.5), 0.9 + 0.45 * max(2, len(rows)))
        ax = fig.add_subplot()
        ax.axhspan(row_of[target] - 0.4, row_of[target] + 0.4, color=TARGET, alpha=0.12, lw=0,
                   label=f"target: {_name(target, names)}")
        ax.plot(xs, ys, color="#999999", lw=1, zorder=2)
        ax.scatter(xs, ys, c=colours, s=70, zorder=3, edgecolors="white", linewidths=0.8)
        ax.set_yticks([row_of[k] for k in rows], labels)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xticks(xs)
        ax.set_xlim(0.4, len(xs) + 0.6)
        ax.grid(axis="x", visible=False)
        drift = sum(c not in (target, None, PRODUCT_LABEL, OTHER_LABEL) for c in cats)
        ax.set_title(f"Drift timeline: {drift} of {len(cats)} questions outside "
                     f"{_name(target, names)}")
        ax.set_xlabel("Question number (plan order)")
        ax.set_ylabel("Domain")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def _turns(turns: Iterable[Any]) -> list[tuple[str | None, float]]:
    out: list[tuple[str | None, float]] = []
    for i, turn in enumerate(turns, 1):
        if isinstance(turn, dict):
            domain, minutes = turn.get("domain"), turn.get("minutes")
        else:
            try:
                domain, minutes = turn
            except (TypeError, ValueError):
                raise TypeError(f"turn {i} must be a (domain, minutes) pair, got {turn!r:.60}") \
                    from None
        if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes < 0:
            raise ValueError(f"turn {i}: minutes must be a number >= 0, got {minutes!r}")
        out.append((domain or None, float(minutes)))
    if not out:
        raise ValueError("the transcript has no turns")
    return out


def time_by_domain(turns: Sequence[Any], target: str | None = None) -> Figure:
    """Horizontal bars of minutes per domain in a labelled call transcript.

    ``turns`` is a list of ``(domain, minutes)`` pairs (or dicts with those keys); ``None`` as
    a domain means small talk or general business. ``target`` (a domain id) is drawn green.
    """
    data = _turns(turns)
    names = _domain_names()
    minutes: Counter[str | None] = Counter()
    for domain, m in data:
        minutes[domain] += m
    total = sum(minutes.values())
    order = sorted(minutes, key=lambda k: (k is None, k != target, -minutes[k], str(k)))
    labels = [(_name(k, names) if k is not None else "General / small talk")
              + (" (target)" if k == target and k is not None else "") for k in order]
    colours = [TARGET if k == target and k is not None else NEUTRAL if k is None else OFF
               for k in order]
    with style():
        fig = _figure(6.4, 0.6 + 0.45 * max(3, len(order)))
        ax = fig.add_subplot()
        y = list(range(len(order)))[::-1]
        values = [minutes[k] for k in order]
        bars = ax.barh(y, values, color=colours, height=0.6)
        ax.set_yticks(y, labels)
        ax.bar_label(bars, labels=[f"{v:g} min ({100 * v / total:.0f}%)" if total else "0"
                                   for v in values], padding=3, fontsize=9)
        if target is not None:
            share = 100 * minutes.get(target, 0) / total if total else 0
            ax.set_title(f"Time spent: {share:.0f}% of {total:g} min in {_name(target, names)}")
        else:
            ax.set_title(f"Time spent by domain ({total:g} minutes)")
        ax.set_xlabel("Minutes of the call")
        ax.set_xlim(0, max([*values, 1]) * 1.45)
    return fig


def score_components(plan_score: PlanScore) -> Figure:
    """The five rubric components of a plan score, 0 to 100, with the pass mark marked."""
    _check_plan(plan_score)
    labels = {"focus": "Focus", "orientation": "Business, not product", "stages": "Stage mix",
              "quality": "Question quality", "length": "Length"}
    keys = list(plan_score.components)
    with style():
        fig = _figure(6.4, 2.8)
        ax = fig.add_subplot()
        y = list(range(len(keys)))[::-1]
        vals = [plan_score.components[k] for k in keys]
        cols = [TARGET if v >= 75 else "#f0ad4e" if v >= 50 else OFF for v in vals]
        bars = ax.barh(y, vals, color=cols, height=0.6)
        ax.set_yticks(y, [labels.get(k, k) for k in keys])
        ax.bar_label(bars, fmt="%g", padding=3, fontsize=9)
        ax.axvline(plan_score.pass_mark, color="#555555", ls="--", lw=1,
                   label=f"pass mark {plan_score.pass_mark:g}")
        ax.set_xlim(0, 112)
        ax.set_title(f"Score {plan_score.score:g}/100 by component")
        ax.set_xlabel("Component score (0 to 100)")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


def call_timeline(debrief: Any) -> Figure:
    """A role-play call turn by turn: where each question went, and the prospect's interest.

    The top panel puts one dot per turn on the row of its domain, like :func:`drift_timeline`
    (the target row shaded green, drift red, general business blue, pitches and small talk
    grey). The bottom panel follows the prospect's interest from the start of the call (turn 0)
    to the last answer, with the level an opportunity needs dashed and a star on every turn
    that uncovered a pain. ``debrief`` is what :meth:`kit.roleplay.Call.finish` returns.
    """
    from kit.roleplay import OPPORTUNITY_INTEREST, Debrief

    if not isinstance(debrief, Debrief):
        raise TypeError("expected the debrief of a role-play call (Call.finish()), got "
                        f"{type(debrief).__name__}")
    if not debrief.turns:
        raise ValueError("the call has no turns yet: ask at least one question")
    from kit.catalog import load_catalog

    names = _domain_names()
    try:
        target = load_catalog().scenario(debrief.scenario).target_domain
    except Exception:  # a scenario given as an object may not be in the catalog
        counted = Counter(t.domain for t in debrief.turns if t.domain)
        target = counted.most_common(1)[0][0] if counted else None
    cats = [_question_category(t) for t in debrief.turns]
    rows, labels, xs, ys, colours, row_of = _domain_rows(cats, target, names)
    interest = list(debrief.interest_over_time)
    found = [(t.number, t.interest) for t in debrief.turns if t.revealed]
    inside = sum(c == target for c in cats)
    with style():
        fig = _figure(max(8.0, 0.35 * len(xs) + 4.5), 1.6 + 0.32 * max(2, len(rows)) + 1.8)
        top, bottom = fig.subplots(2, 1, sharex=True,
                                   gridspec_kw={"height_ratios": [max(2, len(rows)), 3]})
        top.axhspan(row_of[target] - 0.4, row_of[target] + 0.4, color=TARGET, alpha=0.12, lw=0,
                    label=f"target: {_name(target, names)}")
        top.plot(xs, ys, color="#999999", lw=1, zorder=2)
        top.scatter(xs, ys, c=colours, s=70, zorder=3, edgecolors="white", linewidths=0.8)
        top.set_yticks([row_of[k] for k in rows], labels)
        top.set_ylim(-0.6, len(rows) - 0.4)
        top.grid(axis="x", visible=False)
        top.set_ylabel("Domain")
        top.set_title(f"Call timeline: {inside} of {len(cats)} questions in "
                      f"{_name(target, names)}, interest {interest[0]} to {interest[-1]}")
        top.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        bottom.plot(range(len(interest)), interest, color=GENERAL, lw=2, marker="o",
                    markersize=4, label="prospect's interest")
        if found:
            bottom.scatter([n for n, _ in found], [i for _, i in found], marker="*", s=140,
                           color=TARGET, zorder=3, label="pain uncovered")
        bottom.axhline(OPPORTUNITY_INTEREST, color="#555555", ls="--", lw=1,
                       label=f"an opportunity needs {OPPORTUNITY_INTEREST}")
        bottom.set_ylim(0, 100)
        bottom.set_xlim(-0.3, len(xs) + 0.6)
        bottom.set_xticks(range(len(interest)))
        bottom.grid(axis="x", visible=False)
        bottom.grid(axis="y", visible=True)
        bottom.set_xlabel("Turn (0 is the start of the call)")
        bottom.set_ylabel("Interest (0 to 100)")
        bottom.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig
