"""Plain-text rendering helpers for the terminal: aligned tables and wrapped paragraphs."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 0) -> str:
    """Align ``rows`` under ``headers``; the last column is clipped to the terminal width."""
    cells = [[str(c) for c in headers]] + [[_one_line(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    total = max_width or shutil.get_terminal_size((120, 20)).columns
    fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
    widths[-1] = max(10, min(widths[-1], total - fixed))
    lines = []
    for n, row in enumerate(cells):
        parts = [c.ljust(w) if i < len(row) - 1 else _clip(c, w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, indent: str = "", width: int = 96) -> str:
    """Wrap a paragraph; continuation lines align under the text, not under a bullet."""
    return textwrap.fill(" ".join(str(text).split()), width=width, initial_indent=indent,
                         subsequent_indent=" " * len(indent))


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
