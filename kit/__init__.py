"""A Jupyter course kit for focused business conversations in sales.

The public API lives in submodules, imported on first use so that ``import kit`` stays instant
in a notebook: ``kit.scoring`` (analyse questions, score plans), ``kit.catalog`` (domains,
offerings, scenarios), ``kit.widgets`` and ``kit.charts`` (lessons), ``kit.grading``
(nbgrader), ``kit.roleplay`` (simulated prospect).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = ["catalog", "charts", "errors", "grading", "models", "roleplay", "scoring", "widgets"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"kit.{name}")
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
