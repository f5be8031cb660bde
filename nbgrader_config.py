"""nbgrader configuration for the course: solutions/ is the source, exercises/ the release.

Autograding adds the kit's trusted regrade (kit.grading.trusted.TrustedGrades) right after the
notebook is executed, so grades are computed outside the learner's kernel; feedback hides hidden
tests; deleted test cells are put back.
"""

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    Execute,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from kit.grading.trusted import TrustedGrades

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "focused-conversations"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.TrustedGrades.sandbox_timeout = 30
c.OverwriteCells.add_missing_cells = True
c.Autograde.autograde_preprocessors = [
    Execute, TrustedGrades, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
    SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests]
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
