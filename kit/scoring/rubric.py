"""The scoring rubric: weights, pass mark and thresholds, from YAML an instructor can override."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kit.catalog import read_yaml
from kit.errors import DataError

COMPONENTS = ("focus", "orientation", "stages", "quality", "length")


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LengthRule(_M):
    ideal: tuple[int, int] = (11, 14)
    warn_below: int = Field(7, ge=1)
    warn_above: int = Field(18, ge=1)


class FocusRule(_M):
    general_credit: float = Field(0.5, ge=0, le=1)
    drift_run: int = Field(2, ge=1)
    drift_penalty: float = Field(8, ge=0, le=100)


class QualityRule(_M):
    open_target: float = Field(0.6, gt=0, le=1)
    flag_penalty: float = Field(12, ge=0, le=100)


class StageRule(_M):
    max_situation_share: float = Field(0.4, ge=0, le=1)


class Essentials(_M):
    min_questions: int = Field(7, ge=0)
    min_focus: float = Field(50, ge=0, le=100)
    deeper_stage: bool = True
    penalty: float = Field(15, ge=0, le=100)


class Rubric(_M):
    pass_mark: float = Field(70, ge=0, le=100)
    tiers: dict[str, float] = Field(default_factory=lambda: {"bronze": 70, "silver": 80, "gold": 90})
    weights: dict[str, float]
    length: LengthRule = LengthRule()
    focus: FocusRule = FocusRule()
    quality: QualityRule = QualityRule()
    stages: StageRule = StageRule()
    essentials: Essentials = Essentials()

    @model_validator(mode="after")
    def _known_weights(self) -> Rubric:
        unknown = sorted(set(self.weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"weights: unknown component(s) {', '.join(unknown)}; expected "
                             f"{', '.join(COMPONENTS)}")
        if any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise ValueError("weights: must be non-negative and not all zero")
        return self

    def weight(self, component: str) -> float:
        """The component's share of 100 points."""
        return 100.0 * self.weights.get(component, 0.0) / sum(self.weights.values())


def _parse(data: Any, source: str) -> Rubric:
    if not isinstance(data, dict):
        raise DataError([f"{source}: (top level): expected a mapping, got {type(data).__name__}"])
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        raise DataError(
            f"{source}: {'.'.join(str(p) for p in e['loc']) or '(top level)'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()) from None


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    text = (resources.files("kit") / "data" / "rubric.yaml").read_text("utf-8")
    return _parse(read_yaml("kit/data/rubric.yaml", text), "kit/data/rubric.yaml")


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """An override changes only what it names: ``weights: {focus: 50}`` keeps the other weights."""
    out = dict(base)
    for key, value in override.items():
        out[key] = (_deep_merge(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


def load_rubric(rubric: Rubric | str | Path | dict[str, Any] | None) -> Rubric:
    """Accept a Rubric, a YAML path, a dict of overrides, or None for the default."""
    if rubric is None:
        return default_rubric()
    if isinstance(rubric, Rubric):
        return rubric
    if isinstance(rubric, dict):
        return _parse(_deep_merge(default_rubric().model_dump(), rubric), "rubric")
    if isinstance(rubric, str | Path):
        data = read_yaml(Path(rubric))
        if isinstance(data, dict):
            data = _deep_merge(default_rubric().model_dump(), data)
        return _parse(data, str(rubric))
    raise TypeError(f"rubric must be a Rubric, a path or a dict, got {type(rubric).__name__}")
