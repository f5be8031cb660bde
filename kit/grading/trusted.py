"""The trusted regrade: an nbgrader preprocessor that scores answers outside the learner's kernel.

nbgrader runs a learner's cells and the test cells in one kernel, so a learner can replace any
function a test calls, fake its output or hang it. After nbgrader has executed the notebook, this
preprocessor (configured in ``nbgrader_config.py`` between ``Execute`` and ``SaveAutoGrades``):

1. reads each test cell's source, which nbgrader has already restored from the gradebook, so it
   is the instructor's and not the learner's, and finds its ``check("name", points=..., k=var)``
   call;
2. takes values set by locked setup cells (``SCENARIO_ID = "..."``) from their restored source,
   statically, so a learner cannot swap the scenario; ``LEARNER_ID`` is the nbgrader student id;
3. runs the learner's answer cells alone in a fresh, isolated Python with a time and memory limit
   and reads back only the answer variables, as JSON;
4. scores those with :func:`kit.grading.checks.run_check` in this process and replaces the test
   cell's outputs with the trusted coaching message and points.

Whatever happened in the kernel, the recorded grade is the one computed here.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from kit.grading.checks import CHECKS, run_check

SPECIAL_LEARNER = "LEARNER_ID"

_SANDBOX = r"""
import contextlib, io, json, sys
cells, names, out_path, seed = json.loads(sys.stdin.read())
ns = {"__name__": "__main__", **seed}
for src in cells:
    src = "\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("%", "!")))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(src, "<answer cell>", "exec"), ns)
    except BaseException:
        pass
PLAIN = (str, int, float, bool, type(None))
def plain(v, d=0):
    if d > 4: return False
    if type(v) in PLAIN: return True
    if type(v) is list: return all(plain(x, d + 1) for x in v)
    if type(v) is dict: return all(type(k) is str and plain(x, d + 1) for k, x in v.items())
    return False
found = {n: ns[n] for n in names if n in ns and plain(ns[n])}
with open(out_path, "w", encoding="utf-8") as fh:
    json.dump(found, fh)
"""


class CheckCall:
    """One ``check(...)`` call found in a test cell's (restored, trusted) source."""

    def __init__(self, name: str, args: dict[str, tuple[str, Any]]):
        self.name = name
        self.args = args  # answer key -> ("name", variable) or ("value", literal)


def parse_checks(source: str) -> list[CheckCall]:
    """Find ``check("name", points=..., key=variable_or_literal)`` calls in a test cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        fname = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", None)
        if fname != "check" or not node.args or not isinstance(node.args[0], ast.Constant):
            continue
        name = node.args[0].value
        if name not in CHECKS:
            continue
        args: dict[str, tuple[str, Any]] = {}
        for kw in node.keywords:
            if kw.arg in (None, "points"):
                continue
            if isinstance(kw.value, ast.Name):
                args[kw.arg] = ("name", kw.value.id)
            elif isinstance(kw.value, ast.Constant):
                args[kw.arg] = ("value", kw.value.value)
        calls.append(CheckCall(name, args))
    return calls


def static_assignments(cells: list[NotebookNode]) -> dict[str, Any]:
    """Literal ``NAME = value`` assignments in locked, non-answer cells (trusted setup)."""
    found: dict[str, Any] = {}
    for cell in cells:
        if cell.cell_type != "code" or not utils.is_locked(cell) or utils.is_solution(cell) \
                or utils.is_grade(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                try:
                    found[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return found


def run_answer_cells(cells: list[NotebookNode], names: set[str], timeout: int,
                     memory_mb: int = 2048, seed: dict[str, Any] | None = None
                     ) -> tuple[dict[str, Any], str | None]:
    """Run the learner's answer cells alone in a fresh interpreter; return plain-data answers."""
    sources = [c.source for c in cells if c.cell_type == "code" and
               (utils.is_solution(c) or (utils.is_locked(c) and not utils.is_grade(c)))]

    def limits() -> None:  # pragma: no cover - runs in the child
        try:
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
            resource.setrlimit(resource.RLIMIT_CPU, (timeout + 2, timeout + 2))
        except (ImportError, ValueError, OSError):
            pass

    with tempfile.TemporaryDirectory(prefix="kit-sandbox-") as tmp:
        out_path = os.path.join(tmp, "answers.json")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": tmp, "MPLBACKEND": "Agg"}
        from kit.course import ENV_VAR, find_course
        course = find_course()  # the answer cells run elsewhere: tell them whose course it is
        if course is not None:
            env[ENV_VAR] = str(course.root)
        if os.environ.get("KIT_DATA_DIR"):
            env["KIT_DATA_DIR"] = os.environ["KIT_DATA_DIR"]
        try:
            subprocess.run([sys.executable, "-I", "-c", _SANDBOX],
                           input=json.dumps([sources, sorted(names), out_path, seed or {}]),
                           text=True,
                           capture_output=True, timeout=timeout, cwd=tmp, env=env,
                           preexec_fn=limits if os.name == "posix" else None, check=False)
        except subprocess.TimeoutExpired:
            return {}, f"your answer cells did not finish within {timeout} seconds"
        try:
            with open(out_path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}, "your answer cells stopped Python before the answers could be read"
    return (data if isinstance(data, dict) else {}), None


class TrustedGrades(NbGraderPreprocessor):
    """Replace the outputs of kit test cells with scores computed outside the kernel."""

    sandbox_timeout = Integer(30, help="Seconds the learner's answer cells may run.").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        student = str(resources.get("nbgrader", {}).get("student") or "")
        tests = {i: parse_checks(c.source) for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and utils.is_grade(c) and not utils.is_solution(c)}
        tests = {i: calls for i, calls in tests.items() if calls}
        if not tests:
            return nb, resources
        static = static_assignments(nb.cells)
        wanted = {v for calls in tests.values() for c in calls for kind, v in c.args.values()
                  if kind == "name" and v not in static and v != SPECIAL_LEARNER}
        dynamic, problem = run_answer_cells(nb.cells, wanted, self.sandbox_timeout,
                                            seed={SPECIAL_LEARNER: student})
        for i, calls in tests.items():
            cell = nb.cells[i]
            max_points = float(cell.metadata.nbgrader.get("points", 0))
            fractions, lines = [], []
            for call in calls:
                answers = {}
                for key, (kind, value) in call.args.items():
                    if kind == "value":
                        answers[key] = value
                    elif value == SPECIAL_LEARNER:
                        answers[key] = student
                    elif value in static:
                        answers[key] = static[value]
                    elif value in dynamic:
                        answers[key] = dynamic[value]
                result = run_check(call.name, answers)
                if problem:
                    result.lines.insert(0, f"Note: {problem}.")
                fractions.append(result.fraction)
                lines += result.lines
            earned = round(max_points * sum(fractions) / len(fractions), 2)
            message = "\n".join([f"{earned:g} of {max_points:g} points.", *lines])
            cell.outputs = [new_output("stream", name="stdout", text=message + "\n"),
                            new_output("execute_result", data={"text/plain": repr(earned)},
                                       execution_count=cell.get("execution_count"))]
            self.log.debug("kit trusted grade %s: %s/%s", cell.metadata.nbgrader.get("grade_id"),
                           earned, max_points)
        return nb, resources
