"""One exception tree for the kit.

Every error a user can cause is a :class:`KitError`. Each class carries the exit code the CLI
uses, so ``python -m kit`` can turn any of them into one line on stderr and exit 2 without a
traceback. Messages name the file, field or value at fault, because the reader is an instructor
editing YAML or a learner typing questions, not a developer with a debugger.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class KitError(Exception):
    """Base of every error the kit raises on purpose."""

    exit_code = 2


class UsageError(KitError):
    """A command or function was called with arguments that cannot work."""


class DataError(KitError, ValueError):
    """One or more data files (domains, offerings, scenarios, rubric) are invalid.

    ``problems`` holds one ``FILE: field: what is wrong`` line per problem, so the CLI can print
    all of them at once instead of making the author fix one mistake per run.
    """

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems) or ["unknown data problem"]
        super().__init__(self.problems[0] if len(self.problems) == 1 else
                         f"{len(self.problems)} problems:\n" + "\n".join(self.problems))


class UnknownIdError(KitError, LookupError, ValueError):
    """An id (domain, offering, scenario) that no loaded file defines."""

    def __init__(self, kind: str, value: str, known: Iterable[str]):
        self.kind, self.value = kind, value
        known = sorted(known)
        super().__init__(f"unknown {kind} {value!r}{did_you_mean(value, known)}")


class InputError(KitError, ValueError):
    """Text given to the engine (a question file, a plan) cannot be analysed."""


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for a near miss, or a short list of valid values."""
    known = sorted(set(known))
    close = difflib.get_close_matches(str(value), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if known and len(known) <= 12:
        return "; expected one of: " + ", ".join(known)
    return ""
