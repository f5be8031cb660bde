"""``python -m kit.grading.runner``: run one check on JSON from stdin, print JSON to stdout.

Started by :func:`kit.grading.kernel.check` in a fresh, isolated interpreter (``-I``) so that the
kit it imports is the installed one, untouched by anything a learner did in their kernel.
"""

from __future__ import annotations

import json
import sys

from kit.grading.checks import run_check


def main() -> int:
    try:
        request = json.loads(sys.stdin.read(4 * 1024 * 1024))
        name, points = str(request["check"]), float(request["points"])
        answers = dict(request.get("answers") or {})
    except (ValueError, KeyError, TypeError) as exc:
        json.dump({"points": 0.0, "message": f"bad grading request: {exc}"}, sys.stdout)
        return 0
    result = run_check(name, answers)
    earned = round(points * result.fraction, 2)
    json.dump({"points": earned, "message": result.message(earned, points)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
