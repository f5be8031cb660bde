"""``python -m kit.grading.release``: regenerate exercises/ from solutions/ with nbgrader.

``make exercises`` runs this. Each folder in ``solutions/`` is one nbgrader assignment; nbgrader's
``generate_assignment`` strips solutions and hidden tests and writes the learners' copy to
``exercises/``. A test regenerates into a temporary course and fails when the two drift apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def nbgrader_env() -> dict[str, str]:
    """The environment for running nbgrader: it calls ``alembic`` from PATH, so the interpreter's
    own bin folder (a virtualenv's, when run as ``.venv/bin/python``) goes first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m nbgrader ARGS`` in the course folder ``cwd``."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=nbgrader_env(),
                          capture_output=True, text=True, check=False)


def assignments(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir()
                  if p.is_dir() and any(p.glob("*.ipynb")))


def generate(root: Path, out: Path | None = None) -> Path:
    """Run nbgrader generate_assignment for every assignment; return the release folder.

    Runs in a scratch copy of the course so the gradebook it needs never lands in the repo.
    """
    with tempfile.TemporaryDirectory(prefix="kit-release-") as tmp:
        course = Path(tmp)
        shutil.copytree(root / "solutions", course / "solutions")
        shutil.copy(root / "nbgrader_config.py", course / "nbgrader_config.py")
        for name in assignments(root):
            proc = nbgrader("generate_assignment", name, "--force", "--create", cwd=course)
            if proc.returncode:
                sys.stderr.write(proc.stdout + proc.stderr)
                raise SystemExit(f"nbgrader generate_assignment {name} failed")
        target = out or root / "exercises"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(course / "exercises", target)
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=Path.cwd())
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    target = generate(args.root.resolve(), args.out)
    print(f"wrote {target}: {', '.join(assignments(args.root.resolve()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
