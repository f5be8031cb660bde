"""Speed of the engine: import time, analysing 5,000 questions (process start included),
scoring a plan. Numbers, not a timed test; run with ``make bench``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def run(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def main() -> int:
    py = sys.executable
    imports = [float(subprocess.run(
        [py, "-c", "import time; t=time.perf_counter(); import kit.scoring; "
                   "print(time.perf_counter()-t)"], check=True, capture_output=True,
        text=True).stdout) for _ in range(5)]
    print(f"import kit.scoring (fresh process)        median {statistics.median(imports):.3f} s")
    first = [float(subprocess.run(
        [py, "-c", "import time; t=time.perf_counter(); from kit.scoring import score_plan; "
                   "score_plan(['How do changeovers run today?'], domain='operations'); "
                   "print(time.perf_counter()-t)"], check=True, capture_output=True,
        text=True).stdout) for _ in range(3)]
    print(f"import + first score (cold caches)        median {statistics.median(first):.3f} s")

    rows = [json.loads(line)["question"]
            for line in (DATA / "questions-dev.jsonl").read_text("utf-8").splitlines() if line]
    questions = (rows * (5000 // len(rows) + 1))[:5000]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(questions))
        path = fh.name
    times = [run([py, "-m", "kit", "analyze", "--json", path]) for _ in range(3)]
    print(f"analyze --json 5,000 questions (process)  median {statistics.median(times):.2f} s "
          f"({statistics.median(times) / 5000 * 1000:.2f} ms per question)")
    taskset = ["taskset", "-c", "0"] if Path("/usr/bin/taskset").exists() else []
    if taskset:
        t1 = statistics.median(run([*taskset, py, "-m", "kit", "analyze", "--json", path])
                               for _ in range(3))
        print(f"  the same pinned to one core             median {t1:.2f} s")

    from kit.scoring import score_plan
    plan = questions[:12]
    score_plan(plan, domain="operations")
    t0 = time.perf_counter()
    n = 200
    for _ in range(n):
        score_plan(plan, domain="operations")
    print(f"score_plan, 12 questions, warm            {1000 * (time.perf_counter() - t0) / n:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
