"""``python -m kit workshop new``: a ready course folder for an instructor's own offering.

The folder holds the lessons, the nbgrader source (``solutions/``) and release (``exercises/``),
the instructor's offering and scenarios under ``data/``, and ``kit-course.yaml`` which tells
every lesson, exercise and grader in the folder which offering and prospects to use. Model
answers for the exercises are recomputed for the instructor's prospects, so ``nbgrader
validate`` passes on the new solutions. The folder is built beside the target and renamed into
place at the end: a failure leaves nothing half-written.
"""

from __future__ import annotations

import ast
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import yaml

from kit.catalog import Catalog, load_catalog, parse_object, read_yaml
from kit.course import COURSE_FILE
from kit.errors import DataError, UsageError
from kit.models import Offering, Scenario

ASSIGNMENTS = ("domain-mapping", "feature-to-outcome", "question-plan", "staying-focused",
               "certification")


def source_root() -> Path:
    """The course repository this kit runs from (lessons/ and solutions/ live there)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "solutions").is_dir() or not (root / "lessons").is_dir():
        raise UsageError(f"{root}: workshop new needs the course repository (lessons/ and "
                         "solutions/); run it from a checkout of the course")
    return root


def _read_offering(path: Path) -> tuple[Offering, str]:
    data = read_yaml(path)
    return parse_object("offering", data, str(path)), path.read_text("utf-8")


def _read_scenarios(folder: Path) -> list[tuple[Scenario, str, str]]:
    if not folder.is_dir():
        raise UsageError(f"{folder}: scenarios folder not found")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        raise UsageError(f"{folder}: no scenario files (*.yaml) in the folder")
    out, problems = [], []
    for p in files:
        try:
            out.append((parse_object("scenario", read_yaml(p), str(p)), p.read_text("utf-8"),
                        p.name))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return out


def _default_scenarios(offering: Offering) -> list[tuple[str, str]]:
    """Shipped prospects of the offering's domain, re-pointed at the instructor's offering."""
    shipped = load_catalog(include_env=False)
    out = []
    for s in sorted(shipped.scenarios.values(), key=lambda s: s.id):
        if s.target_domain == offering.domain:
            data = s.model_dump(mode="json")
            data["offering"] = offering.id
            out.append((s.id, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))
    if not out:
        raise UsageError(f"no shipped scenario targets {offering.domain!r}; write your own and "
                         "pass them with --scenarios DIR")
    return out


def _model_answer_functions(root: Path) -> dict[str, Any]:
    """Load plan_for() and rewrites_for() from the certification's model answer (instructor-only
    source), so model answers for new prospects come from the same code as the certification's."""
    nb = nbformat.read(root / "solutions" / "certification" / "certification.ipynb", as_version=4)
    cell = next(c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "answer-plan")
    tree = ast.parse(cell.source)
    keep = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom | ast.FunctionDef)
            or (isinstance(n, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper()
                                                  for t in n.targets))]
    ns: dict[str, Any] = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "model-answers", "exec"), ns)
    return ns


def _cell(nb: Any, grade_id: str) -> Any:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _solution(source: str) -> str:
    return f"### BEGIN SOLUTION\n{source}\n### END SOLUTION"


def _literal(name: str, values: list[Any]) -> str:
    return f"{name} = " + json.dumps(values, indent=4, ensure_ascii=False)


def _adapt_solutions(course: Path, catalog: Catalog, roles: dict[str, str],
                     model: dict[str, Any]) -> None:
    from kit.grading.exercises import domain_mapping_items

    def edit(name: str, fn: Any) -> None:
        path = course / "solutions" / name / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        fn(nb)
        nbformat.write(nb, path)

    def question_plan(nb: Any) -> None:
        s = catalog.scenario(roles["question-plan"])
        _cell(nb, "setup-scenario").source = f'SCENARIO_ID = "{s.id}"'
        plan = model["plan_for"](s, [p.id for p in s.pains[:2]])
        _cell(nb, "answer-plan").source = _solution(_literal("question_plan", plan))

    def feature_to_outcome(nb: Any) -> None:
        s = catalog.scenario(roles["feature-to-outcome"])
        _cell(nb, "setup-scenario").source = f'SCENARIO_ID = "{s.id}"'
        features = [f.feature for f in catalog.offering_for(s).features[:5]]
        _cell(nb, "answer-rewrites").source = _solution(
            _literal("rewrites", model["rewrites_for"](s, features)))

    def domain_mapping(nb: Any) -> None:
        items = domain_mapping_items(catalog)
        for grade_id, var, rows in (("answer-pains", "pain_domains", items.pains),
                                    ("answer-features", "feature_domains", items.features),
                                    ("answer-questions", "question_domains", items.questions),
                                    ("answer-prospects", "prospect_offerings", items.prospects)):
            _cell(nb, grade_id).source = _solution(_literal(var, [v for _, v in rows]))

    edit("question-plan", question_plan)
    edit("feature-to-outcome", feature_to_outcome)
    edit("domain-mapping", domain_mapping)


README = """# {title}

A workshop course for **{offering}** ({domain}), made with `python -m kit workshop new`.

- `kit-course.yaml`: the offering, the prospects each exercise uses, the certification pool.
- `data/`: your offering and scenarios (edit them; `python -m kit scenarios validate data/*/*.yaml`).
- `lessons/`: open with `jupyter lab lessons/00-start-here.ipynb` from this folder.
- `solutions/` (yours) and `exercises/` (release these to learners): regenerate the release with
  `nbgrader generate_assignment NAME --force` after editing a solution.
- Grade a cohort: put submissions in `submitted/LEARNER/ASSIGNMENT/` (or `nbgrader collect`), then
  `python -m kit grade ASSIGNMENT --course .`; reports land in `reports/ASSIGNMENT/`.
"""


def new_course(dest: Path | str, offering_file: Path | str,
               scenarios_dir: Path | str | None = None, *, title: str | None = None) -> Path:
    """Create the course folder ``dest``; see the module docstring."""
    from kit.grading.release import nbgrader

    dest = Path(dest).resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"{dest}: already exists and is not empty; choose a new folder")
    root = source_root()
    offering, offering_text = _read_offering(Path(offering_file))
    if scenarios_dir is not None:
        scenarios = [(s.id, text) for s, text, _ in _read_scenarios(Path(scenarios_dir))]
    else:
        scenarios = _default_scenarios(offering)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        data = staging / "data"
        (data / "offerings").mkdir(parents=True)
        (data / "scenarios").mkdir()
        (data / "offerings" / f"{offering.id}.yaml").write_text(offering_text, encoding="utf-8")
        for sid, text in scenarios:
            (data / "scenarios" / f"{sid}.yaml").write_text(text, encoding="utf-8")
        catalog = load_catalog([data], include_env=False)  # cross-checks: ids, domains
        ours = sorted(sid for sid, _ in scenarios)
        first = ours[0]
        roles = {"practice": first, "question-plan": first, "feature-to-outcome": first}
        settings = {"title": title or f"Focused business conversations for {offering.name}",
                    "offering": offering.id, "data_dir": "data", "scenarios": roles,
                    "certification_pool": ours}
        (staging / COURSE_FILE).write_text(
            "# Settings every lesson, exercise and grader in this folder reads.\n"
            + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        shutil.copytree(root / "lessons", staging / "lessons",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copytree(root / "solutions", staging / "solutions",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        shutil.copy(root / "nbgrader_config.py", staging / "nbgrader_config.py")
        _adapt_solutions(staging, catalog, roles, _model_answer_functions(root))
        for name in ASSIGNMENTS:
            p = nbgrader("generate_assignment", name, "--force", "--create", cwd=staging)
            if p.returncode:
                tail = (p.stdout + p.stderr).strip().splitlines()[-1:]
                raise UsageError(f"nbgrader generate_assignment {name} failed: {' '.join(tail)}")
        (staging / "README.md").write_text(README.format(
            title=settings["title"], offering=offering.name, domain=offering.domain),
            encoding="utf-8")
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest
