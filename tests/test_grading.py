"""Grading checks, certification variants and the trusted regrade, without nbgrader's pipeline."""

from __future__ import annotations

import itertools

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_notebook

from kit.grading import certification_variant, check
from kit.grading.checks import CHECKS, run_check
from kit.grading.trusted import TrustedGrades, parse_checks, run_answer_cells, static_assignments
from kit.scoring import score_plan
from tests.conftest import DATA


def test_every_check_gives_zero_with_a_message_for_missing_answers() -> None:
    for name in CHECKS:
        r = run_check(name, {})
        assert r.fraction == 0.0 and r.lines, name


@pytest.mark.parametrize("bad", ["a string", 42, None, {"q": 1}, [1, 2], [["nested"]]])
def test_plan_answers_of_the_wrong_shape_earn_nothing(bad: object) -> None:
    r = run_check("plan.score", {"question_plan": bad, "scenario": "harbor-foods"})
    assert r.fraction == 0 and "question_plan" in r.lines[0]


def test_better_plans_earn_more_points_for_the_same_scenario() -> None:
    """Points are a monotone function of the engine's score (strictly below mastery)."""
    plans = yaml.safe_load((DATA / "plans-dev.yaml").read_text("utf-8"))
    rows = []
    for p in plans:
        a = {"question_plan": p["questions"], "scenario": "harbor-foods"}
        s = score_plan(p["questions"], domain="operations")
        pts = sum(run_check(c, a).fraction * w for c, w in (("plan.score", 10), ("plan.passes", 4)))
        rows.append((s.score, pts))
    rows.sort()
    for (s1, p1), (s2, p2) in itertools.pairwise(rows):
        assert p2 >= p1, (s1, p1, s2, p2)
        if s2 > s1 and s1 < 90:
            assert p2 > p1


def test_kernel_check_scores_in_a_fresh_process(capsys) -> None:
    pts = check("plan.valid", 1, question_plan=["How do changeovers run today?"])
    assert pts == 1.0 and "1 of 1 points" in capsys.readouterr().out


def test_kernel_check_refuses_objects_that_are_not_plain_data(capsys) -> None:
    class Sneaky(list):
        def __len__(self) -> int:
            return 12

    assert check("plan.valid", 1, question_plan=Sneaky(["x"])) == 0.0
    assert "plain data" in capsys.readouterr().out


def test_variants_are_deterministic_and_differ_between_learners() -> None:
    a1, a2 = certification_variant("alice"), certification_variant("alice")
    assert a1 == a2
    ids = [f"learner-{i}" for i in range(40)]
    scenarios = {certification_variant(i).scenario.id for i in ids}
    assert len(scenarios) >= 8
    with pytest.raises(ValueError, match="LEARNER_ID"):
        certification_variant("  ")


def test_parse_checks_reads_names_and_literals() -> None:
    (call,) = parse_checks('from kit.grading import check\n'
                           'check("plan.score", points=10, question_plan=qp, scenario="x")')
    assert call.name == "plan.score"
    assert call.args == {"question_plan": ("name", "qp"), "scenario": ("value", "x")}
    assert parse_checks("check('no-such-check', points=1)") == []
    assert parse_checks("this is not python(") == []


def _cell(src: str, **nbg: object):
    c = new_code_cell(src)
    c.metadata["nbgrader"] = {"grade_id": nbg.pop("grade_id", "x"), "grade": False,
                              "solution": False, "locked": False, "schema_version": 3, **nbg}
    return c


def test_static_assignments_come_only_from_locked_setup_cells() -> None:
    cells = [_cell('SCENARIO_ID = "harbor-foods"', locked=True),
             _cell('SCENARIO_ID = "easy-one"', solution=True)]
    assert static_assignments(cells) == {"SCENARIO_ID": "harbor-foods"}


def test_sandbox_reads_answers_and_survives_hostile_cells() -> None:
    cells = [_cell("import sys\nsys.modules['json'] = None\nx = [1, 2]", solution=True),
             _cell("y = object()", solution=True)]
    answers, problem = run_answer_cells(cells, {"x", "y"}, timeout=20)
    assert problem is None and answers == {"x": [1, 2]}
    looping = [_cell("while True:\n    pass", solution=True)]
    answers, problem = run_answer_cells(looping, {"x"}, timeout=3)
    assert answers == {} and "did not finish" in problem
    exiting = [_cell("import os\nos._exit(0)", solution=True)]
    assert run_answer_cells(exiting, {"x"}, timeout=10)[0] == {}


def test_trusted_grades_replace_faked_outputs() -> None:
    nb = new_notebook(cells=[
        _cell('SCENARIO_ID = "harbor-foods"', locked=True, grade_id="setup"),
        _cell("question_plan = ['Did you know our tool is great?']", solution=True,
              grade_id="answer"),
        _cell('from kit.grading import check\n'
              'check("plan.score", points=10, question_plan=question_plan, scenario=SCENARIO_ID)',
              grade=True, locked=True, points=10, grade_id="test-score"),
    ])
    nb.cells[2].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "10.0"},
                                                  execution_count=1)]
    nb, _ = TrustedGrades().preprocess(nb, {"nbgrader": {"student": "mallory"}})
    result = nb.cells[2].outputs[-1]
    assert result.output_type == "execute_result"
    assert float(result.data["text/plain"]) < 2
    assert "points" in nb.cells[2].outputs[0].text


def test_sandbox_sees_the_workshop_course(tmp_path, monkeypatch) -> None:
    """Answer cells run in a scratch folder but must still find the course's settings."""
    (tmp_path / "kit-course.yaml").write_text(
        "offering: lineview\ncertification_pool: [granite-energy]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from kit.course import load_course
    load_course.cache_clear()
    cells = [_cell("from kit.grading import certification_variant\n"
                   "sid = certification_variant('anyone').scenario.id", solution=True)]
    answers, problem = run_answer_cells(cells, {"sid"}, timeout=30)
    assert problem is None and answers == {"sid": "granite-energy"}
