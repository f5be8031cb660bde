"""The lesson charts: titled, labelled, honest about the data, and free of global side effects."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from kit import charts
from kit.scoring import score_plan

PLAN = [
    "How do your supervisors track unplanned stops on the fillers today?",
    "What usually causes the jams on Filler 2?",
    "How does filler downtime affect your Saturday overtime?",
    "How is the S/4HANA migration going with your IT team and the integrator?",
    "What does the integrator need from your IT team before the ERP cutover?",
    "How are you recruiting operators to replace the 31 who left?",
    "If unplanned stops halved, what would that be worth to the plant?",
    "Did you know our dashboards refresh every five seconds?",
]


@pytest.fixture(scope="module")
def plan():
    return score_plan(PLAN, domain="operations")


def labels_of(fig: Figure) -> tuple[str, str, str]:
    ax = fig.axes[0]
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel()


def check_titled(fig: Figure, ylabel: bool = True) -> None:
    assert isinstance(fig, Figure)
    title, xlabel, y = labels_of(fig)
    assert title and xlabel
    if ylabel:
        assert y or fig.axes[0].get_yticklabels()


def test_focus_by_domain_counts_and_highlights_target(plan):
    fig = charts.focus_by_domain(plan)
    check_titled(fig)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Operations (target)"
    assert "IT" in ticks and "Product pitch" in ticks
    widths = {t: p.get_width() for t, p in zip(ticks, ax.patches, strict=True)}
    inside = sum(q.domain == "operations" for q in plan.questions)
    assert widths["Operations (target)"] == inside
    assert sum(widths.values()) == len(PLAN)
    assert to_hex(ax.patches[0].get_facecolor()) == charts.TARGET
    assert f"{inside} of {len(PLAN)}" in ax.get_title()


def test_stage_mix_in_spin_order(plan):
    fig = charts.stage_mix(plan)
    check_titled(fig)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[:4] == ["Situation", "Problem", "Implication", "Need-payoff"]
    assert ticks[-1] == "No stage"  # the pitch has no stage
    assert sum(p.get_height() for p in ax.patches) == len(PLAN)
    assert ax.get_ylabel() == "Number of questions"


def test_drift_timeline_one_point_per_question(plan):
    fig = charts.drift_timeline(plan)
    check_titled(fig)
    ax = fig.axes[0]
    offsets = ax.collections[0].get_offsets()
    assert len(offsets) == len(PLAN)
    assert [int(x) for x, _ in offsets] == list(range(1, len(PLAN) + 1))
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == "Operations"
    colours = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    for q, colour in zip(plan.questions, colours, strict=True):
        if q.orientation == "business" and q.domain == "operations":
            assert colour == charts.TARGET
        elif q.orientation == "business" and q.domain is not None:
            assert colour == charts.OFF
    assert charts.OFF in colours and charts.TARGET in colours
    assert "outside Operations" in ax.get_title()
    assert ax.get_legend() is not None


def test_time_by_domain_sums_minutes_and_shares():
    turns = [("operations", 3), ("it", 8), (None, 1.5), ("operations", 2.5), ("hr", 4)]
    fig = charts.time_by_domain(turns, target="operations")
    check_titled(fig)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Operations (target)" and ticks[-1] == "General / small talk"
    widths = {t: p.get_width() for t, p in zip(ticks, ax.patches, strict=True)}
    assert widths["Operations (target)"] == 5.5 and widths["IT"] == 8
    assert "29% of 19 min in Operations" in ax.get_title()
    assert ax.get_xlabel() == "Minutes of the call"


def test_time_by_domain_accepts_dicts_and_validates():
    fig = charts.time_by_domain([{"domain": "sales", "minutes": 2}])
    assert "2 minutes" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="no turns"):
        charts.time_by_domain([])
    with pytest.raises(ValueError, match="minutes"):
        charts.time_by_domain([("it", -1)])
    with pytest.raises(TypeError, match="pair"):
        charts.time_by_domain([("it",)])


def test_call_timeline_domains_and_interest():
    from kit.roleplay import OPPORTUNITY_INTEREST, play_script

    debrief = play_script("harbor-foods", [
        "How do your supervisors track unplanned stops on the Stockton fillers today?",
        "What does filler downtime mean for your Saturday overtime?",
        "Did you know our dashboards refresh every five seconds?",
        "How is the S/4HANA migration going with your integrator?",
    ])
    fig = charts.call_timeline(debrief)
    top, bottom = fig.axes
    assert top.get_title().startswith("Call timeline: 2 of 4 questions in Operations")
    assert bottom.get_xlabel() and bottom.get_ylabel() == "Interest (0 to 100)"
    assert top.get_ylabel() == "Domain"
    rows = [t.get_text() for t in top.get_yticklabels()]
    assert rows[0] == "Operations" and "IT" in rows and "Product pitch" in rows
    dots = top.collections[0]
    assert [int(x) for x, _ in dots.get_offsets()] == [1, 2, 3, 4]
    colours = [to_hex(c) for c in dots.get_facecolors()]
    assert colours[:2] == [charts.TARGET] * 2 and colours[3] == charts.OFF
    line = bottom.get_lines()[0]
    assert list(line.get_ydata()) == debrief.interest_over_time
    assert list(line.get_xdata()) == [0, 1, 2, 3, 4]
    assert any(ln.get_ydata()[0] == OPPORTUNITY_INTEREST for ln in bottom.get_lines()[1:])
    assert len(bottom.collections[0].get_offsets()) == 2  # two turns uncovered a pain
    assert top.get_legend() is not None and bottom.get_legend() is not None
    assert charts.to_png(fig).startswith(b"\x89PNG")


def test_call_timeline_validates():
    from kit.roleplay import start_call

    with pytest.raises(TypeError, match="debrief"):
        charts.call_timeline({"turns": []})
    with pytest.raises(ValueError, match="no turns"):
        charts.call_timeline(start_call("harbor-foods").finish())


def test_score_components(plan):
    fig = charts.score_components(plan)
    check_titled(fig)
    assert len(fig.axes[0].patches) == 5
    assert f"{plan.score:g}/100" in fig.axes[0].get_title()


def test_plan_charts_reject_non_plan():
    for fn in (charts.focus_by_domain, charts.stage_mix, charts.drift_timeline):
        with pytest.raises(TypeError, match="PlanScore"):
            fn(["not", "a", "plan"])


def test_to_png_and_no_global_style_changes(plan):
    before = dict(matplotlib.rcParams)
    png = charts.to_png(charts.drift_timeline(plan))
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.rcParams["axes.spines.top"] is True  # the kit's style did not leak


def test_no_pyplot_figures_left_open(plan):
    charts.focus_by_domain(plan)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt
        assert plt.get_fignums() == []


def test_importing_charts_does_not_import_matplotlib():
    code = "import sys, kit.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "False"
