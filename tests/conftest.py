"""Shared fixtures: run the CLI as a user would, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_kit(*args: str, input: bytes | str | None = None, env: dict | None = None,
            timeout: float = 120) -> Result:
    """Run ``python -m kit ARGS`` and capture everything, without a shell."""
    full_env = {k: v for k, v in os.environ.items() if k != "KIT_DATA_DIR"}
    full_env.update(env or {})
    data = input.encode("utf-8") if isinstance(input, str) else input
    p = subprocess.run([sys.executable, "-m", "kit", *args], input=data, capture_output=True,
                       env=full_env, cwd=ROOT, timeout=timeout)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


@pytest.fixture
def kit_cli():
    return run_kit


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch):
    monkeypatch.delenv("KIT_DATA_DIR", raising=False)
    from kit.catalog import clear_cache
    clear_cache()
    yield
    clear_cache()
