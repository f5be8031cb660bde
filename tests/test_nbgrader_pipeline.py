"""The real nbgrader pipeline on a temporary course: generate, validate, submit, autograde,
feedback, export; with honest, partial and tampering submissions.

Slow (about three minutes): every autograde starts real kernels.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from kit.grading.release import assignments, nbgrader
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
QP = "question-plan"
TEST_TIMEOUT = 8  # seconds a cell (and the sandbox) may run in the test course


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", course / "solutions")
    config = (ROOT / "nbgrader_config.py").read_text("utf-8")
    config += (f"\nc.Execute.timeout = {TEST_TIMEOUT}\n"
               f"c.TrustedGrades.sandbox_timeout = {TEST_TIMEOUT}\n")
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    for name in assignments(ROOT):
        p = nbgrader("generate_assignment", name, "--force", "--create", cwd=course)
        assert p.returncode == 0, p.stdout + p.stderr
    return course


def _nb(course: Path, folder: str, name: str):
    return nbformat.read(course / folder / name / f"{name}.ipynb", as_version=4)


def _cells(nb, key: str):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get(key)]


def _answer(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _submit(course: Path, student: str, name: str, nb=None, raw: str | None = None) -> None:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        (folder / f"{name}.ipynb").write_text(raw, encoding="utf-8")
    else:
        nbformat.write(nb, folder / f"{name}.ipynb")


def _scores(course: Path, name: str) -> dict[str, float]:
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(name)}


def _plan_source(plan: list[str]) -> str:
    return "question_plan = " + json.dumps(plan, indent=1)


# --------------------------------------------------------------------------- the release


def test_exercises_are_exactly_what_nbgrader_generates(course: Path) -> None:
    """exercises/ in the repo must be regenerated (make exercises) whenever solutions/ change."""
    for name in assignments(ROOT):
        ours = nbformat.read(ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
        fresh = _nb(course, "exercises", name)
        assert [(c.cell_type, c.source, c.metadata) for c in ours.cells] == \
            [(c.cell_type, c.source, c.metadata) for c in fresh.cells], \
            f"exercises/{name} is stale: run `make exercises`"


def test_exercises_hold_no_solutions_or_hidden_tests() -> None:
    for path in (ROOT / "exercises").glob("*/*.ipynb"):
        text = path.read_text("utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "cert.plan-standard",
                       "Mark scheme", "question_plan = [\\n"):
            assert marker not in text, (path, marker)
        nb = nbformat.read(path, as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_every_autograded_cell_has_a_grade_id_and_points() -> None:
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        tests = _cells(nb, "grade")
        assert len(tests) >= 3, path
        for c in tests:
            assert c.metadata["nbgrader"]["grade_id"] and c.metadata["nbgrader"]["points"] > 0


def test_validate_passes_on_solutions_and_fails_on_exercises(course: Path) -> None:
    for name in assignments(ROOT):
        p = nbgrader("validate", f"solutions/{name}/{name}.ipynb", cwd=course)
        assert "Success! Your notebook passes all the tests." in p.stdout, (name, p.stdout[-800:])
        p = nbgrader("validate", "--invert", f"exercises/{name}/{name}.ipynb", cwd=course)
        assert "Success! The notebook does not pass any tests." in p.stdout, (name, p.stdout[-800:])


# --------------------------------------------------------------------------- grading


@pytest.fixture(scope="module")
def graded(course: Path) -> Path:
    """Submit honest, partial and hostile notebooks for the question plan; autograde them all."""
    sol, rel = _nb(course, "solutions", QP), _nb(course, "exercises", QP)
    _submit(course, "solution", QP, sol)
    _submit(course, "untouched", QP, rel)

    def with_plan(plan: list[str], extra: str = ""):
        nb = copy.deepcopy(rel)
        _answer(nb, "answer-plan").source = extra + _plan_source(plan)
        return nb

    mediocre = ["How do you set reorder points today?", "How many buyers build the forecast?",
                "Which system do the buyers use?", "Where do stockouts hit hardest?",
                "How do stockouts affect sales on promoted items?",
                "Would you like to see a demo of our forecasting engine?",
                "How do you handle payroll for the store teams?"]
    poor = ["Did you know our platform cuts stockouts by 30%?", "Would you like a demo?"]
    _submit(course, "mediocre", QP, with_plan(mediocre))
    _submit(course, "poor", QP, with_plan(poor))
    _submit(course, "patcher", QP, with_plan(poor, extra=(
        "import builtins, kit.grading, kit.grading.kernel, kit.grading.checks\n"
        "kit.grading.check = kit.grading.kernel.check = lambda name, points, **kw: float(points)\n"
        "kit.grading.checks.run_check = None\n"
        "builtins.print = lambda *a, **k: None\n")))
    edited = with_plan(poor)
    for c in _cells(edited, "grade"):
        c.source = "15.0"
    _submit(course, "editor", QP, edited)
    deleted = with_plan(poor)
    deleted.cells = [c for c in deleted.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    _submit(course, "deleter", QP, deleted)
    looping = copy.deepcopy(rel)
    _answer(looping, "answer-plan").source = "while True:\n    pass"
    _submit(course, "looper", QP, looping)
    _submit(course, "corrupt", QP, raw="{this is not a notebook")
    _submit(course, "poor-honest", QP, with_plan(poor))
    p = nbgrader("autograde", QP, "--force", "--create", cwd=course)
    assert "corrupt" in p.stdout + p.stderr  # reported, and the others still graded
    return course


def test_solution_full_marks_and_untouched_zero(graded: Path) -> None:
    s = _scores(graded, QP)
    assert s["solution"] == pytest.approx(15.0)
    assert s["untouched"] == 0.0


def test_partial_answers_earn_partial_credit_in_order(graded: Path) -> None:
    s = _scores(graded, QP)
    assert 2.0 <= s["mediocre"] <= 12.0, s
    assert s["poor-honest"] < s["mediocre"] < s["solution"]


def test_tampering_earns_nothing_beyond_the_honest_answer(graded: Path) -> None:
    s = _scores(graded, QP)
    honest = s["poor-honest"]
    assert honest <= 2.0
    for student in ("patcher", "editor", "deleter"):
        assert s[student] == pytest.approx(honest), (student, s)


def test_looping_and_corrupt_submissions_score_zero(graded: Path) -> None:
    s = _scores(graded, QP)
    assert s["looper"] == 0.0
    assert s.get("corrupt", 0.0) == 0.0


def test_feedback_holds_coaching_and_export_writes_grades(graded: Path) -> None:
    p = nbgrader("generate_feedback", QP, "--force", cwd=graded)
    assert p.returncode == 0, p.stderr[-2000:]
    html = (graded / "feedback" / "mediocre" / QP / f"{QP}.html").read_text("utf-8")
    assert "Plan score" in html and "pass mark" in html
    assert "talks about your product" in html or "talk about your product" in html
    p = nbgrader("export", cwd=graded)
    assert p.returncode == 0, p.stderr[-2000:]
    with open(graded / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh) if r["assignment"] == QP}
    assert float(rows["solution"]["score"]) == pytest.approx(15.0)
    assert float(rows["untouched"]["score"]) == 0.0


@pytest.mark.parametrize("name", ["domain-mapping", "feature-to-outcome", "staying-focused"])
def test_other_exercises_solution_full_untouched_zero(course: Path, name: str) -> None:
    _submit(course, "solution", name, _nb(course, "solutions", name))
    _submit(course, "untouched", name, _nb(course, "exercises", name))
    p = nbgrader("autograde", name, "--force", "--create", cwd=course)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    s = _scores(course, name)
    max_score = sum(c.metadata["nbgrader"]["points"]
                    for c in _cells(_nb(course, "solutions", name), "grade"))
    assert s["solution"] == pytest.approx(max_score)
    assert s["untouched"] == 0.0


def test_certification_variants_copying_and_hidden_tests(course: Path) -> None:
    """Each learner's variant comes from their nbgrader id; a copied notebook fails its own."""
    from kit.grading import certification_variant
    name = "certification"
    sol, rel = _nb(course, "solutions", name), _nb(course, "exercises", name)
    alice, bob = "alice", next(f"bob{i}" for i in range(100) if
                               certification_variant(f"bob{i}").scenario.target_domain !=
                               certification_variant("alice").scenario.target_domain)
    _submit(course, alice, name, sol)
    _submit(course, "untouched", name, rel)
    # bob copies alice's answers literally (computed for alice's variant)
    ns: dict = {"LEARNER_ID": alice}
    for c in _cells(sol, "solution"):
        if c.cell_type == "code":
            exec(c.source, ns)
    copied = copy.deepcopy(rel)
    _answer(copied, "answer-plan").source = _plan_source(ns["question_plan"])
    _answer(copied, "answer-rewrites").source = "rewrites = " + json.dumps(ns["rewrites"])
    _submit(course, bob, name, copied)
    p = nbgrader("autograde", name, "--force", "--create", cwd=course)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    s = _scores(course, name)
    auto_max = 29.0  # 39 points less the 10-point reflection graded by hand
    assert s[alice] == pytest.approx(auto_max)
    assert s["untouched"] == 0.0
    assert s[bob] < 0.7 * auto_max
    p = nbgrader("generate_feedback", name, "--force", cwd=course)
    assert p.returncode == 0
    html = (course / "feedback" / bob / name / f"{name}.html").read_text("utf-8")
    assert "Plan score" in html
    assert "cert.plan-standard" not in html and "HIDDEN TESTS" not in html
    assert "certification standard" in html  # the hidden test's coaching, not its code
