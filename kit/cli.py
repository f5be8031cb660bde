"""``python -m kit``: browse the course data, analyse questions, score plans.

Exit codes are a contract (DESIGN.md): 0 when the command ran (a failing plan is still 0),
2 for bad usage or bad input with a one-line message on stderr naming the file, field or value.
No traceback ever reaches the user: :func:`main` turns every :class:`~kit.errors.KitError` and
click usage error into such a line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from kit import catalog as cat
from kit.errors import DataError, InputError, KitError
from kit.textfmt import table, wrap

MAX_LINE_CHARS = 2000
MAX_INPUT_BYTES = 64 * 1024 * 1024


class Context:
    def __init__(self, data_dirs: tuple[str, ...]):
        self.data_dirs = data_dirs

    def catalog(self) -> cat.Catalog:
        return cat.load_catalog(self.data_dirs)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", "data_dirs", multiple=True, type=click.Path(file_okay=False),
              help=f"Extra folder of domains/, offerings/, scenarios/ (also ${cat.ENV_VAR}).")
@click.version_option(package_name="kit", prog_name="kit")
@click.pass_context
def cli(ctx: click.Context, data_dirs: tuple[str, ...]) -> None:
    """Focused business conversations: course data, question analysis and plan scoring."""
    ctx.obj = Context(data_dirs)


# --------------------------------------------------------------------------- domains


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the taxonomy as JSON.")
@click.pass_obj
def domains(obj: Context, as_json: bool) -> None:
    """List the business domains of the taxonomy."""
    catalog = obj.catalog()
    if as_json:
        _emit_json([d.model_dump(mode="json") for d in catalog.domains.values()])
        return
    rows = [(d.id, d.name, len(d.vocabulary), ", ".join(k.name for k in d.kpis[:3]))
            for d in catalog.domains.values()]
    click.echo(table(("id", "name", "terms", "key numbers"), rows))


# --------------------------------------------------------------------------- scenarios


@cli.group()
def scenarios() -> None:
    """List, show and validate prospect scenarios."""


def scenario_json(catalog: cat.Catalog, scenario_id: str) -> dict[str, Any]:
    """A scenario with its offering expanded, as the ``scenarios list --json`` contract has it."""
    scenario = catalog.scenario(scenario_id)
    data = scenario.model_dump(mode="json")
    data["offering"] = catalog.offering_for(scenario).model_dump(mode="json")
    return data


@scenarios.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the scenarios as JSON.")
@click.pass_obj
def scenarios_list(obj: Context, as_json: bool) -> None:
    """List the prospect scenarios."""
    catalog = obj.catalog()
    if as_json:
        _emit_json([scenario_json(catalog, s) for s in catalog.scenarios])
        return
    rows = [(s.id, s.industry, s.target_domain, catalog.offering_for(s).name, s.title)
            for s in catalog.scenarios.values()]
    click.echo(table(("id", "industry", "domain", "offering", "title"), rows))


@scenarios.command("show")
@click.argument("scenario_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the scenario as JSON.")
@click.pass_obj
def scenarios_show(obj: Context, scenario_id: str, as_json: bool) -> None:
    """Show one scenario: the prospect, the offering, the pains and the distractions."""
    catalog = obj.catalog()
    if as_json:
        _emit_json(scenario_json(catalog, scenario_id))
        return
    s = catalog.scenario(scenario_id)
    offering = catalog.offering_for(s)
    out = [f"{s.title}  [{s.id}]",
           f"Industry: {s.industry}   Target domain: {s.target_domain}   Difficulty: {s.difficulty}",
           f"Company: {s.company.name} ({s.company.size})", wrap(s.company.situation, "  "),
           f"Contact: {s.contact.name}, {s.contact.role}"]
    if s.contact.persona:
        out.append(wrap(s.contact.persona, "  "))
    out.append(f"Offering: {offering.name} ({offering.domain}): {offering.summary}")
    for f in offering.features:
        out.append(wrap(f"{f.feature} -> {f.outcome}", "  - "))
    out.append("Pains (what the prospect admits when asked well):")
    for p in s.pains:
        out += [f"  {p.id}", wrap(f"problem: {p.problem}", "    "),
                wrap(f"implication: {p.implication}", "    "), wrap(f"value: {p.value}", "    ")]
    out.append("Distractors (where the conversation can drift):")
    out += [wrap(f"{d.domain}: {d.topic}", "  - ") for d in s.distractors]
    out.append("Qualification:")
    q = s.qualification
    out += [wrap(f"opportunity: {q.opportunity}", "  "), wrap(f"referral: {q.referral}", "  "),
            wrap(f"no lead: {q.no_lead}", "  ")]
    click.echo("\n".join(out))


@scenarios.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.pass_obj
def scenarios_validate(obj: Context, files: tuple[str, ...]) -> None:
    """Validate domain, offering or scenario YAML files; one line per problem."""
    problems = cat.validate_files(files, obj.catalog())
    if problems:
        for line in problems:
            click.echo(line, err=True)
        sys.exit(2)
    click.echo(f"{len(files)} file(s) valid")


# --------------------------------------------------------------------------- questions


def read_questions(source: str, *, max_lines: int | None = None) -> list[str]:
    """Read one question per line from a file or ``-`` (stdin); blank lines are skipped."""
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give a text file with one question per line") \
            from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: input is larger than {MAX_INPUT_BYTES // 2**20} MiB")
    if b"\x00" in raw:
        raise InputError(f"{name}: binary data (NUL byte at offset {raw.find(0)}); "
                         "expected text with one question per line")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                         f"{exc.start})") from None
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if len(line) > MAX_LINE_CHARS:
            raise InputError(f"{name}: line {number}: question is {len(line):,} characters long; "
                             f"the limit is {MAX_LINE_CHARS:,}")
        questions.append(line)
    if not questions:
        raise InputError(f"{name}: no questions (the input is empty or only blank lines)")
    if max_lines is not None and len(questions) > max_lines:
        raise InputError(f"{name}: {len(questions):,} questions; a plan has at most {max_lines}")
    return questions


@cli.command()
@click.argument("source", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
def analyze(source: str, as_json: bool) -> None:
    """Analyse questions (one per line): domain, orientation, form, stage, flags, evidence."""
    from kit.scoring import analyze_question

    questions = read_questions(source)
    results = [analyze_question(q) for q in questions]
    if as_json:
        out = sys.stdout
        for r in results:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        return
    rows = [(i, r.domain or "-", r.orientation, r.form, r.stage or "-",
             ",".join(r.flags) or "-", r.question) for i, r in enumerate(results, 1)]
    click.echo(table(("#", "domain", "orientation", "form", "stage", "flags", "question"), rows))


@cli.command()
@click.argument("source", metavar="FILE|-")
@click.option("--domain", "domain", required=True, metavar="ID",
              help="The target domain: the one your offering serves.")
@click.option("--rubric", "rubric", type=click.Path(dir_okay=False), default=None,
              help="A rubric YAML file overriding the default weights and pass mark.")
@click.option("--json", "as_json", is_flag=True, help="Print the score as one JSON object.")
@click.pass_obj
def score(obj: Context, source: str, domain: str, rubric: str | None, as_json: bool) -> None:
    """Score a question plan (one question per line) for a target domain."""
    from kit.scoring import MAX_PLAN_QUESTIONS, score_plan

    catalog = obj.catalog()
    catalog.domain(domain)
    questions = read_questions(source, max_lines=MAX_PLAN_QUESTIONS)
    result = score_plan(questions, domain=domain, rubric=rubric, catalog=catalog)
    if as_json:
        _emit_json(result.to_dict())
    else:
        click.echo(result.to_text())


@cli.command()
@click.argument("source", metavar="[FILE|-]", required=False)
@click.option("--scenario", "scenario_id", required=True, metavar="ID",
              help="The prospect to call (see 'scenarios list').")
@click.option("--minutes", default=30, show_default=True, type=click.IntRange(5, 240),
              help="The call's time budget.")
@click.option("--json", "as_json", is_flag=True, help="Print turns, verdict and pains as JSON.")
@click.pass_obj
def roleplay(obj: Context, source: str | None, scenario_id: str, minutes: int,
             as_json: bool) -> None:
    """Call a simulated prospect: a script (one question per line) or, without FILE, live."""
    from kit.roleplay import cli_main

    catalog = obj.catalog()
    catalog.scenario(scenario_id)
    lines = read_questions(source) if source else None
    code = cli_main(scenario_id, lines, as_json, catalog=catalog, minutes=minutes)
    if code:
        sys.exit(code)


@cli.group()
def workshop() -> None:
    """Set up a workshop course for your own offering."""


@workshop.command("new")
@click.argument("dest", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--offering", "offering_file", required=True, type=click.Path(dir_okay=False),
              help="Your offering's YAML file (see docs/data-format.md).")
@click.option("--scenarios", "scenarios_dir", type=click.Path(file_okay=False), default=None,
              help="A folder of your scenario YAML files (default: shipped ones in your domain).")
@click.option("--title", default=None, help="The course title on reports and certificates.")
def workshop_new(dest: str, offering_file: str, scenarios_dir: str | None,
                 title: str | None) -> None:
    """Create a ready course folder DIR for your offering: lessons, exercises, certification."""
    from kit.workshop import new_course

    path = new_course(Path(dest), Path(offering_file),
                      Path(scenarios_dir) if scenarios_dir else None, title=title)
    click.echo(f"created {path}\n  next: cd {path} && jupyter lab lessons/00-start-here.ipynb")


@cli.command()
@click.argument("assignment")
@click.option("--course", "course_dir", required=True, type=click.Path(file_okay=False),
              help="The course folder (with nbgrader_config.py and submitted/).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Submissions graded at once (default: the number of CPUs).")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
              help="The date on reports and certificates (default: today).")
@click.option("--pass-ratio", default=0.7, show_default=True, type=click.FloatRange(0, 1),
              help="Share of the autograded points needed to pass.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def grade(assignment: str, course_dir: str, workers: int | None, date: str | None,
          pass_ratio: float, quiet: bool) -> None:
    """Autograde a cohort in parallel; write grades, feedback, a report and certificates."""
    import datetime as dt

    from kit.cohort import autograde_cohort, collect_results
    from kit.course import find_course
    from kit.report import write_reports

    course = Path(course_dir).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise InputError(f"{course}: not a course folder (no nbgrader_config.py)")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"--date: {date!r} is not a date like 2026-11-26") from None
    date = date or dt.date.today().isoformat()
    os.chdir(course)  # the course's kit-course.yaml and data now apply, here and in the workers
    outcome = autograde_cohort(assignment, course, workers=workers, progress=not quiet)
    rows = collect_results(course, assignment, outcome, pass_ratio)
    found = find_course(course)
    title = found.settings.title if found else "Focused business conversations"
    out = write_reports(course, assignment, rows, course_title=title, date=date,
                        pass_ratio=pass_ratio)
    click.echo(table(("learner", "score", "passed", "status", "reason"),
                     [(r.learner, f"{r.score:g}/{r.max_score:g}", "yes" if r.passed else "no",
                       r.status, r.reason or "-") for r in rows]))
    click.echo(f"reports: {out}")


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every user error becomes one line on stderr and exit code 2."""
    try:
        cli.main(args=argv, prog_name="python -m kit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("kit: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"kit: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"kit: {exc.format_message()}", err=True)
        sys.exit(2)
    except DataError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        sys.exit(exc.exit_code)
    except KitError as exc:
        click.echo(f"kit: {exc}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line, and the trace on request
        if os.environ.get("KIT_DEBUG"):
            raise
        click.echo(f"kit: internal error: {type(exc).__name__}: {exc} (set KIT_DEBUG=1 for the "
                   "traceback, and please report it)", err=True)
        sys.exit(1)
    sys.exit(0)
