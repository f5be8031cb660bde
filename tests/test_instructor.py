"""Instructor tooling: a workshop course for one's own offering, cohort grading, reports.

The slow tests build a real course with ``kit workshop new`` and grade a cohort (passing,
failing, corrupt and looping submissions) with ``kit grade`` twice.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from kit.course import COURSE_FILE, find_course, load_course, practice_scenario
from tests.conftest import ROOT, run_kit

SHIPPED = ROOT / "kit" / "data"


def _offering(tmp: Path, **changes: object) -> Path:
    data = yaml.safe_load((SHIPPED / "offerings" / "lineview.yaml").read_text("utf-8"))
    data.update({"id": "acme-line", "name": "AcmeLine", **changes})
    path = tmp / "acme-line.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _scenarios(tmp: Path) -> Path:
    folder = tmp / "my-scenarios"
    folder.mkdir()
    for source, new_id in (("harbor-foods", "acme-plant"), ("granite-energy", "acme-grid")):
        data = yaml.safe_load((SHIPPED / "scenarios" / f"{source}.yaml").read_text("utf-8"))
        data.update({"id": new_id, "offering": "acme-line"})
        (folder / f"{new_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return folder


# --------------------------------------------------------------------------- fast


def test_course_file_is_found_from_any_subfolder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / COURSE_FILE).write_text(
        "offering: lineview\nscenarios: {practice: granite-energy}\n", encoding="utf-8")
    deep = tmp_path / "lessons" / "sub"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    load_course.cache_clear()
    course = find_course()
    assert course is not None and course.root == tmp_path.resolve()
    assert practice_scenario("harbor-foods") == "granite-energy"
    assert practice_scenario("brightcart-retail") == "brightcart-retail"


def test_bad_offering_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    bad = _offering(tmp_path, domain="operatons", features=[{"feature": "x"}])
    dest = tmp_path / "course"
    r = run_kit("workshop", "new", str(dest), "--offering", str(bad))
    assert r.code == 2, r.err
    assert f"{bad}: features[0].outcome: missing (required field)" in r.err
    assert "Traceback" not in r.err
    assert not dest.exists() and not list(tmp_path.glob(".course-*"))


def test_workshop_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    dest = tmp_path / "course"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    r = run_kit("workshop", "new", str(dest), "--offering", str(_offering(tmp_path)))
    assert r.code == 2 and "not empty" in r.err
    assert (dest / "notes.txt").read_text() == "mine"


def test_grade_refuses_a_folder_that_is_not_a_course(tmp_path: Path) -> None:
    r = run_kit("grade", "question-plan", "--course", str(tmp_path))
    assert r.code == 2 and "not a course folder" in r.err


# --------------------------------------------------------------------------- slow


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("instructor")
    dest = tmp / "acme-course"
    r = run_kit("workshop", "new", str(dest), "--offering", str(_offering(tmp)),
                "--scenarios", str(_scenarios(tmp)), "--title", "AcmeLine sales academy",
                timeout=600)
    assert r.code == 0, r.err
    config = (dest / "nbgrader_config.py").read_text("utf-8")
    (dest / "nbgrader_config.py").write_text(
        config + "\nc.Execute.timeout = 8\nc.TrustedGrades.sandbox_timeout = 8\n", "utf-8")
    return dest


@pytest.mark.slow
def test_workshop_course_reads_the_instructors_data(workshop: Path) -> None:
    settings = yaml.safe_load((workshop / COURSE_FILE).read_text("utf-8"))
    assert settings["offering"] == "acme-line"
    assert settings["certification_pool"] == ["acme-grid", "acme-plant"]
    for folder in ("lessons", "solutions", "exercises", "data/offerings", "data/scenarios"):
        assert (workshop / folder).is_dir(), folder
    release = (workshop / "exercises" / "question-plan" / "question-plan.ipynb").read_text()
    assert 'SCENARIO_ID = \\"acme-grid\\"' in release
    assert "BEGIN SOLUTION" not in release
    r = run_kit("scenarios", "list", "--json", env={"KIT_COURSE": str(workshop)})
    ids = {s["id"] for s in json.loads(r.out)}
    assert {"acme-plant", "acme-grid"} <= ids


def _cohort(course: Path) -> None:
    name = "question-plan"
    sol = nbformat.read(course / "solutions" / name / f"{name}.ipynb", as_version=4)
    rel = nbformat.read(course / "exercises" / name / f"{name}.ipynb", as_version=4)

    def submit(learner: str, nb=None, raw: str | None = None) -> None:
        folder = course / "submitted" / learner / name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.ipynb"
        target.write_text(raw, "utf-8") if raw is not None else nbformat.write(nb, target)

    def with_answer(source: str):
        nb = copy.deepcopy(rel)
        next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")).source = source
        return nb

    submit("ana", sol)
    submit("ben", sol)
    submit("cleo", with_answer('question_plan = ["Did you know our dashboards show OEE?", '
                               '"How do you run payroll?", "Would you like a demo?"]'))
    submit("dev", raw="{ not a notebook")
    submit("eli", with_answer("while True:\n    pass"))


def _snapshot(course: Path) -> dict[str, bytes]:
    out = course / "reports" / "question-plan"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_grade_a_cohort_twice(workshop: Path) -> None:
    _cohort(workshop)
    args = ("grade", "question-plan", "--course", str(workshop), "--workers", "2",
            "--date", "2026-11-26", "--quiet")
    first = run_kit(*args, timeout=900)
    assert first.code == 0, first.err[-3000:]
    out = workshop / "reports" / "question-plan"
    with open(out / "grades.csv", encoding="utf-8") as fh:
        rows = {r["learner"]: r for r in csv.DictReader(fh)}
    assert list(next(iter(rows.values()))) == ["learner", "score", "max_score", "passed",
                                                "status", "reason"]
    assert rows["ana"]["passed"] == rows["ben"]["passed"] == "True"
    assert float(rows["ana"]["score"]) == 15.0
    assert rows["cleo"]["passed"] == "False" and rows["cleo"]["status"] == "graded"
    assert rows["dev"]["status"] == "error" and "corrupt" in rows["dev"]["reason"]
    assert rows["eli"]["status"] == "error" and "timed out" in rows["eli"]["reason"]
    html = (out / "report.html").read_text("utf-8")
    assert html.count("<img") >= 2 and "AcmeLine sales academy" in html
    assert {p.name for p in out.glob("*.png")} >= {"score-distribution.png", "components.png",
                                                   "drift-domains.png"}
    assert sorted(p.name for p in (out / "certificates").iterdir()) == ["ana.pdf", "ben.pdf"]
    assert (out / "certificates" / "ana.pdf").read_bytes().startswith(b"%PDF")
    assert (workshop / "feedback" / "cleo" / "question-plan" / "question-plan.html").is_file()
    lms = (out / "lms.csv").read_text("utf-8").splitlines()
    assert lms[0].startswith("student_id,assignment,points") and len(lms) == 6
    before = _snapshot(workshop)
    second = run_kit(*args, timeout=900)
    assert second.code == 0, second.err[-3000:]
    assert _snapshot(workshop) == before  # a second run changes nothing
    shutil.rmtree(workshop / "submitted" / "dev")
