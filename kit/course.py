"""A workshop course's own settings: ``kit-course.yaml`` at the root of a course folder.

``python -m kit workshop new`` writes it. Anything run inside the folder (a lesson, an exercise,
nbgrader's autograde, ``kit grade``) finds it by walking up from the working directory, so the
instructor's offering and scenarios are used without editing a single notebook:

- ``data_dir``: the instructor's domains/, offerings/, scenarios/ (added to the catalog);
- ``scenarios.practice``: the prospect lessons practise on (in place of the shipped example);
- ``scenarios.question-plan`` / ``scenarios.feature-to-outcome``: the exercises' prospects;
- ``certification_pool``: the scenarios certification variants are drawn from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import DataError

COURSE_FILE = "kit-course.yaml"
ENV_VAR = "KIT_COURSE"
SHIPPED_PRACTICE = ("harbor-foods",)


class CourseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = "Focused business conversations"
    offering: str
    data_dir: str = "data"
    scenarios: dict[str, str] = Field(default_factory=dict)
    certification_pool: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Course:
    root: Path
    settings: CourseFile
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return (self.root / self.settings.data_dir).resolve()

    def scenario_for(self, role: str, default: str) -> str:
        return self.settings.scenarios.get(role, default)


def find_course(start: Path | str | None = None) -> Course | None:
    """The course whose ``kit-course.yaml`` is in ``start`` (default: the working directory) or
    a parent folder; ``$KIT_COURSE`` names one directly."""
    env = os.environ.get(ENV_VAR)
    if env:
        return load_course(Path(env))
    if start is None:
        # Every analysed question asks for the catalog, and so for the course: walking up the
        # folders each time cost a fifth of the engine's time. The answer only changes when the
        # working directory does or a file appears in it (which changes its mtime).
        cwd = os.getcwd()
        try:
            stamp = os.stat(cwd).st_mtime_ns
        except OSError:
            stamp = 0
        root = _cached_course_root(cwd, stamp)
    else:
        root = _course_root(start)  # an explicit folder (the CLI's --course): rare, never cached
    return load_course(root) if root else None


def _course_root(start: Path | str) -> Path | None:
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / COURSE_FILE).is_file():
            return folder
    return None


@lru_cache(maxsize=32)
def _cached_course_root(cwd: str, stamp: int) -> Path | None:
    return _course_root(cwd)


@lru_cache(maxsize=8)
def load_course(root: Path) -> Course:
    from kit.catalog import read_yaml
    root = Path(root).resolve()
    if root.is_file():
        root = root.parent
    path = root / COURSE_FILE
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError([f"{path}: (top level): expected a mapping of settings"])
    try:
        return Course(root, CourseFile.model_validate(data))
    except ValidationError as exc:
        raise DataError(f"{path}: {'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}"
                        for e in exc.errors()) from None


def practice_scenario(requested: str) -> str:
    """The scenario a lesson practises on: the course's own when one is configured."""
    course = find_course()
    if course and requested in SHIPPED_PRACTICE:
        return course.scenario_for("practice", requested)
    return requested
