"""What a notebook's test cells call: check an answer in a fresh process and report points.

A learner's cells run in the same kernel as the tests, so nothing in the kernel can be trusted:
``check`` copies the answer out as plain JSON (refusing anything but plain data), scores it with
``python -m kit.grading.runner`` in a new process with a freshly imported kit, prints the coaching
message and returns the points, which nbgrader records as partial credit. At autograde time the
trusted preprocessor (:mod:`kit.grading.trusted`) recomputes every such cell outside the kernel,
so even a learner who replaces this function gains nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

TIMEOUT = 60
_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if type(value) in _PLAIN:
        return True
    if type(value) is list:
        return all(_plain(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _plain(v, depth + 1) for k, v in value.items())
    return False


def check(name: str, points: float, **answers: Any) -> float:
    """Score ``answers`` with check ``name``; print coaching; return points out of ``points``."""
    for key, value in answers.items():
        if not _plain(value):
            print(f"0 of {points:g} points.\n{key} must be plain data (lists of strings, numbers, "
                  f"text), not a {type(value).__name__}.")
            return 0.0
    payload = json.dumps({"check": name, "points": points, "answers": answers})
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    try:
        proc = subprocess.run([sys.executable, "-I", "-m", "kit.grading.runner"], input=payload,
                              capture_output=True, text=True, timeout=TIMEOUT, env=env,
                              check=False)
        result = json.loads(proc.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError, OSError) as exc:
        print(f"0 of {points:g} points.\nThe grader could not run ({type(exc).__name__}); "
              "restart the kernel and run the notebook again.")
        return 0.0
    print(result["message"])
    return float(result["points"])
