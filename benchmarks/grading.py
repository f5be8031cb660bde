"""Cohort grading speed: serial ``nbgrader autograde`` against ``kit grade --workers 2``.

Builds a temporary course with twelve question-plan submissions (honest answers of varied
quality), then times, on the same cohort:

1. ``nbgrader autograde question-plan --force`` (serial, what an instructor runs by hand);
2. ``python -m kit grade question-plan --workers 2`` (parallel autograde, plus feedback,
   report, charts and certificates).

Prints both wall times and their ratio (the target is at most 0.8). Run with ``make bench``.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
NAME = "question-plan"


def build(course: Path, learners: int) -> None:
    from kit.grading.release import nbgrader
    shutil.copytree(ROOT / "solutions", course / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    p = nbgrader("generate_assignment", NAME, "--force", "--create", cwd=course)
    assert p.returncode == 0, p.stderr
    rel = nbformat.read(course / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    plans = [p["questions"] for p in
             yaml.safe_load((ROOT / "tests" / "data" / "plans-dev.yaml").read_text("utf-8"))]
    for i in range(learners):
        nb = copy.deepcopy(rel)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
        cell.source = "question_plan = " + json.dumps(plans[i % len(plans)])
        folder = course / "submitted" / f"learner{i:02d}" / NAME
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NAME}.ipynb")


def timed(cmd: list[str], cwd: Path) -> float:
    from kit.grading.release import nbgrader_env
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=nbgrader_env(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    learners = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        serial_course, kit_course = Path(tmp) / "serial", Path(tmp) / "kit"
        build(serial_course, learners)
        shutil.copytree(serial_course, kit_course)
        serial = timed([sys.executable, "-m", "nbgrader", "autograde", NAME, "--force",
                        "--create"], serial_course)
        parallel = timed([sys.executable, "-m", "kit", "grade", NAME, "--course", str(kit_course),
                          "--workers", "2", "--quiet", "--date", "2026-01-01"], ROOT)
    print(f"cohort of {learners}: serial nbgrader autograde {serial:.1f} s; "
          f"kit grade --workers 2 (with feedback, report, certificates) {parallel:.1f} s; "
          f"ratio {parallel / serial:.2f} (target <= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
