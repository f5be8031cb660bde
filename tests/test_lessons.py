"""Run every lesson notebook top to bottom in a real kernel, and check how they are stored."""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
EXPECTED = ["00-start-here.ipynb", "01-why-focused-conversations.ipynb",
            "02-the-domain-map.ipynb", "03-from-features-to-outcomes.ipynb",
            "04-question-flow.ipynb", "05-building-a-question-plan.ipynb",
            "06-staying-in-your-lane.ipynb", "07-role-play-a-first-call.ipynb"]


def _execute(path: Path, workdir: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """Every lesson, executed once (two kernels at a time) in a temporary copy of lessons/."""
    work = tmp_path_factory.mktemp("lessons")
    for p in NOTEBOOKS:
        shutil.copy(p, work / p.name)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {p.name: pool.submit(_execute, work / p.name, work) for p in NOTEBOOKS}
        return {name: f.result() for name, f in futures.items()}


def _widget_outputs(nb: nbformat.NotebookNode) -> int:
    return sum(WIDGET_VIEW in out.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for out in c.get("outputs", []))


def _chart_images(nb: nbformat.NotebookNode) -> int:
    """PNG images inside Output widgets (the kit's charts), from the stored widget state."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    count = 0
    for model in state.values():
        if model.get("model_name") == "OutputModel":
            for out in model.get("state", {}).get("outputs", []):
                count += "image/png" in out.get("data", {})
    return count


def test_all_lessons_are_there():
    assert NAMES == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_stored_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: stored with outputs"
            assert cell.execution_count is None, f"{path.name}: stored with execution counts"
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_lesson_structure(path: Path):
    nb = nbformat.read(path, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown"
    assert "Objectives" in first.source
    assert re.search(r"minutes: \d+ teaching, \d+ practice", first.source)
    assert last.cell_type == "code" and "w.quiz(" in last.source
    assert "Key points" in nb.cells[-2].source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    i = EXPECTED.index(path.name)
    if i > 0:
        assert f"({EXPECTED[i - 1]})" in text, "no link to the previous lesson"
    if i < len(EXPECTED) - 1:
        assert f"({EXPECTED[i + 1]})" in text, "no link to the next lesson"
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [x for x in cell.source.splitlines() if x.strip()]
            assert len(lines) == 1, f"{path.name}: code cells hold one line: {cell.source!r}"
            assert lines[0] == "import kit.widgets as w" or re.fullmatch(r"w\.\w+\(.*\)",
                                                                          lines[0])


def test_start_here_links_to_every_lesson_path():
    nb = nbformat.read(LESSONS / "00-start-here.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    for who in ("self-paced", "instructor", "certification"):
        assert who in text.lower()


@pytest.mark.slow
def test_every_lesson_runs_without_error(executed):
    for name, nb in executed.items():
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.get("output_type") != "error", f"{name}: {out.get('ename')}"
                assert out.get("name") != "stderr" or "Traceback" not in out.get("text", ""), name


@pytest.mark.slow
def test_lessons_create_widgets_and_draw_charts(executed):
    with_widgets = [n for n, nb in executed.items() if _widget_outputs(nb)]
    with_charts = [n for n, nb in executed.items() if _chart_images(nb)]
    assert len(with_widgets) >= 4, with_widgets
    assert len(with_charts) >= 3, with_charts
    assert {"01-why-focused-conversations.ipynb", "04-question-flow.ipynb",
            "06-staying-in-your-lane.ipynb"} <= set(with_charts)


@pytest.mark.slow
def test_role_play_lesson_shows_a_live_call_widget(executed):
    nb = executed["07-role-play-a-first-call.ipynb"]
    assert _widget_outputs(nb) >= 2  # the role-play and the quiz
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    models = [m.get("state", {}) for m in state.values()]
    classes = {c for m in models for c in m.get("_dom_classes", [])}
    assert {"kit-roleplay", "kit-roleplay-input", "kit-interest-meter",
            "kit-minutes-meter"} <= classes
    meters = [m for m in models if "kit-interest-meter" in m.get("_dom_classes", [])]
    assert meters[0]["max"] == 100 and meters[0]["value"] > 0
    assert any("Dana Whitfield" in str(m.get("value", "")) for m in models)


@pytest.mark.slow
def test_lesson_widget_state_escapes_nothing_dangerous(executed):
    for name, nb in executed.items():
        state = json.dumps(nb.metadata.get("widgets", {}))
        assert "<script" not in state.lower(), name
