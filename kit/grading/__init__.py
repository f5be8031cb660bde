"""Grading for the course's nbgrader exercises and certification.

- :func:`check` is what test cells call (see :mod:`kit.grading.kernel`);
- :mod:`kit.grading.checks` holds the checks, pure functions on plain data;
- :mod:`kit.grading.exercises` derives exercise items and certification variants from the data;
- :mod:`kit.grading.trusted` is the nbgrader preprocessor that regrades outside the kernel.
"""

from kit.grading.exercises import (
    certification_variant,
    domain_mapping_items,
    staying_focused_transcript,
)
from kit.grading.kernel import check

__all__ = ["certification_variant", "check", "domain_mapping_items", "staying_focused_transcript"]
