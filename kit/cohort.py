"""``python -m kit grade``: autograde a cohort with nbgrader in parallel, then report and certify.

nbgrader grades one submission after another and stops at nothing but shows nothing either.
Here each worker process loads nbgrader once and autogrades learners from a shared queue, so a
cohort of twelve on two cores takes a little over half the serial time; a broken submission is
recorded with its reason and never stops the others. Results land in the course's gradebook as
with ``nbgrader autograde``, and running it again gives the same results.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import UsageError

RETRIES = 4


@dataclass
class LearnerResult:
    learner: str
    score: float
    max_score: float
    passed: bool
    status: str                       # graded | error
    reason: str = ""
    components: dict[str, float] = field(default_factory=dict)
    plan_score: float | None = None
    drift_domains: list[str] = field(default_factory=list)
    certificate: str | None = None
    auto_max: float = 0.0             # the autograded part of max_score (passing is judged on it)

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: d[k] for k in ("learner", "score", "max_score", "passed", "status", "reason")}


# --------------------------------------------------------------------------- workers

_API: Any = None


def _load_config(course: Path) -> Any:
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def _init_worker(course: str) -> None:
    global _API
    os.chdir(course)
    from kit.grading.release import nbgrader_env
    os.environ.update(nbgrader_env())
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    config = _load_config(Path(course))
    _API = NbGraderAPI(CourseDirectory(config=config, root=course), config=config)
    _API.log.setLevel("ERROR")


def _autograde(job: tuple[str, str]) -> tuple[str, bool, str, dict[str, Any]]:
    """Autograde one learner, then (in the same worker) write feedback and analyse the plan."""
    assignment, learner = job
    text = ""
    for attempt in range(RETRIES):
        result = _API.autograde(assignment, learner, force=True, create=True)
        text = (result.get("error") or "") + "\n" + (result.get("log") or "")
        if result.get("success"):
            _API.generate_feedback(assignment, learner, force=True)
            return learner, True, text, plan_analysis(Path.cwd(), assignment, learner)
        if "database is locked" not in text:
            break
        import time
        time.sleep(0.5 * (attempt + 1))
    return learner, False, text, {}


# --------------------------------------------------------------------------- reasons


def failure_reason(text: str) -> str:
    """One line that tells an instructor why a submission could not be graded."""
    rules = [
        (r"NotJSONError|Notebook does not appear to be JSON|JSONDecodeError",
         "corrupt notebook: not valid JSON"),
        (r"DeadKernelError|Kernel died|kernel.*(?:died|crash)", "the kernel crashed"),
        (r"No such file|does not exist|Could not find", "notebook missing from the submission"),
        (r"ValidationError|is not valid under any of the given schemas|Notebook validation",
         "notebook file is damaged (fails the notebook format check)"),
        (r"TimeoutError|Timeout waiting", "timed out"),
    ]
    for pattern, reason in rules:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and "|" not in ln[:30]]
    return (lines[-1] if lines else "nbgrader could not grade this submission")[:200]


def _timeout_note(course: Path, assignment: str, learner: str) -> str | None:
    import nbformat
    folder = course / "autograded" / learner / assignment
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                blob = str(out.get("ename", "")) + str(out.get("text", ""))
                if "CellTimeoutError" in blob or "did not finish within" in blob:
                    return "timed out: a cell ran past the time limit (scored as it stood)"
    return None


# --------------------------------------------------------------------------- grading


def gradebook(course: Path) -> Any:
    """The course's nbgrader gradebook (nbgrader runs ``alembic`` from PATH to open it)."""
    from nbgrader.api import Gradebook

    from kit.grading.release import nbgrader_env
    os.environ["PATH"] = nbgrader_env()["PATH"]
    return Gradebook(f"sqlite:///{course / 'gradebook.db'}")


def submissions(course: Path, assignment: str) -> list[str]:
    root = course / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir())


def _ensure_released(course: Path, assignment: str) -> None:
    from nbgrader.api import MissingEntry

    from kit.grading.release import nbgrader
    with gradebook(course) as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    p = nbgrader("generate_assignment", assignment, "--force", "--create", cwd=course)
    if p.returncode:
        raise UsageError(f"{course}: assignment {assignment!r} is not in the gradebook and "
                         "nbgrader generate_assignment failed")


def autograde_cohort(assignment: str, course: Path, *, workers: int | None = None,
                     progress: bool = True) -> dict[str, tuple[bool, str, dict[str, Any]]]:
    """Autograde every submission of ``assignment`` (with feedback and plan analysis);
    return learner -> (ok, nbgrader output, analysis)."""
    course = course.resolve()
    if not (course / "solutions" / assignment).is_dir():
        raise UsageError(f"{course}: no assignment {assignment!r} in solutions/")
    learners = submissions(course, assignment)
    if not learners:
        raise UsageError(f"{course}: no submissions under submitted/*/{assignment}")
    _ensure_released(course, assignment)
    workers = max(1, min(workers or os.cpu_count() or 1, len(learners)))
    from tqdm import tqdm
    results: dict[str, tuple[bool, str, dict[str, Any]]] = {}
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(course),)) as pool, \
            tqdm(total=len(learners), desc=f"grading {assignment}", unit="learner",
                 disable=not progress) as bar:
        for learner, ok, text, analysis in pool.imap_unordered(
                _autograde, [(assignment, x) for x in learners]):
            results[learner] = (ok, text, analysis)
            bar.set_postfix_str(f"{learner}: {'ok' if ok else 'error'}")
            bar.update()
    return results


def collect_results(course: Path, assignment: str,
                    outcome: dict[str, tuple[bool, str, dict[str, Any]]],
                    pass_ratio: float = 0.7) -> list[LearnerResult]:
    """Scores from the gradebook plus status and reason, one row per learner."""
    from nbgrader.api import MissingEntry
    rows = []
    with gradebook(course) as gb:
        a = gb.find_assignment(assignment)
        max_score = float(a.max_score)
        auto_max = sum(float(c.max_score) for nb in a.notebooks for c in nb.grade_cells
                       if c.cell_type == "code")
        for learner in sorted(outcome):
            ok, text, analysis = outcome[learner]
            try:
                sub = gb.find_submission(assignment, learner)
                score = float(sub.score)
                grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
                awaiting = bool(sub.needs_manual_grade)
            except MissingEntry:
                score, grades, awaiting = 0.0, {}, False
            status, reason = "graded", ""
            if not ok:
                status, reason = "error", failure_reason(text)
            else:
                note = _timeout_note(course, assignment, learner)
                if note:
                    status, reason = "error", note
            standard = grades.get("test-plan-standard")
            meets = standard is None or (standard.score or 0) >= (standard.max_score or 0)
            passed = status == "graded" and auto_max > 0 and \
                score >= pass_ratio * auto_max and meets
            if status == "graded" and awaiting:
                reason = "written answer awaits manual grading"
            rows.append(LearnerResult(learner, round(score, 2), max_score, passed, status, reason,
                                      components=analysis.get("components", {}),
                                      plan_score=analysis.get("plan_score"),
                                      drift_domains=analysis.get("drift_domains", []),
                                      auto_max=auto_max))
    return rows


def plan_analysis(course: Path, assignment: str, learner: str) -> dict[str, Any]:
    """The learner's plan scored outside their kernel: components and the domains drifted into."""
    import nbformat

    from kit.catalog import load_catalog
    from kit.grading.exercises import certification_variant
    from kit.grading.trusted import run_answer_cells, static_assignments
    from kit.scoring import score_plan
    catalog = load_catalog()
    for path in sorted((course / "autograded" / learner / assignment).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if "question_plan" not in "".join(c.source for c in nb.cells):
            continue
        static = static_assignments(nb.cells)
        answers, _ = run_answer_cells(nb.cells, {"question_plan"}, timeout=20,
                                      seed={"LEARNER_ID": learner})
        plan = answers.get("question_plan")
        if not (isinstance(plan, list) and plan and all(isinstance(q, str) for q in plan)):
            continue
        if "SCENARIO_ID" in static:
            target = catalog.scenario(static["SCENARIO_ID"]).target_domain
        else:
            target = certification_variant(learner, catalog).scenario.target_domain
        try:
            s = score_plan(plan, domain=target, catalog=catalog)
        except (TypeError, ValueError):
            continue
        drift = [q.domain for q in s.questions
                 if q.orientation == "business" and q.domain not in (None, target)]
        return {"plan_score": s.score, "components": dict(s.components), "drift_domains": drift}
    return {}
