"""Cohort reports: grades CSV, an LMS CSV, a self-contained HTML page with charts, certificates.

Everything written here is a function of the gradebook and the submissions (and the date the
instructor grades on), so running ``kit grade`` twice writes the same files.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import shutil
from collections import Counter
from html import escape
from pathlib import Path

from kit.cohort import LearnerResult

COMPONENTS = ("focus", "orientation", "stages", "quality", "length")


def _figure(width: float = 6.4, height: float = 3.4):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot(1, 1, 1)


def _save(fig, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def score_chart(rows: list[LearnerResult], pass_ratio: float, path: Path) -> bytes:
    graded = [r for r in rows if r.status == "graded"]
    fig, ax = _figure()
    top = max((r.max_score for r in rows), default=1) or 1
    values = [100 * r.score / top for r in graded]
    ax.hist(values, bins=[i * 10 for i in range(11)], color="#4c78a8", edgecolor="white")
    auto = max((r.auto_max for r in rows), default=top) or top
    line = 100 * pass_ratio * auto / top  # passing is judged on the autograded points
    ax.axvline(line, color="#e45756", linestyle="--",
               label=f"pass ({pass_ratio:.0%} of {auto:g} autograded points)")
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Score distribution", xlabel="score (% of points)", ylabel="learners",
           xlim=(0, 100))
    ax.legend(loc="upper left")
    return _save(fig, path)


def component_chart(rows: list[LearnerResult], path: Path) -> bytes | None:
    with_plan = [r for r in rows if r.components]
    if not with_plan:
        return None
    means = [sum(r.components.get(c, 0) for r in with_plan) / len(with_plan) for c in COMPONENTS]
    fig, ax = _figure()
    ax.bar(COMPONENTS, means, color="#72b7b2")
    ax.set(title="Cohort average per rubric component", ylabel="average (0 to 100)", ylim=(0, 100))
    for i, v in enumerate(means):
        ax.text(i, v + 2, f"{v:.0f}", ha="center")
    return _save(fig, path)


def drift_chart(rows: list[LearnerResult], path: Path) -> bytes | None:
    counts = Counter(d for r in rows for d in r.drift_domains)
    fig, ax = _figure()
    if counts:
        names, values = zip(*counts.most_common(8), strict=True)
        ax.barh(list(reversed(names)), list(reversed(values)), color="#f58518")
    else:
        ax.text(0.5, 0.5, "no learner drifted out of the target domain", ha="center",
                va="center", transform=ax.transAxes)
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Where learners drift: off-domain questions", xlabel="questions")
    return _save(fig, path)


def verification_id(course: str, assignment: str, learner: str, score: float, date: str) -> str:
    digest = hashlib.sha256(f"{course}|{assignment}|{learner}|{score:g}|{date}".encode()).hexdigest()
    return "-".join(digest[i:i + 4].upper() for i in range(0, 16, 4))


def certificate(path: Path, *, learner: str, course: str, assignment: str, score: float,
                max_score: float, date: str, verification: str) -> None:
    from fpdf import FPDF
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_creation_date(dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc))
    pdf.set_title(f"Certificate: {course}")
    pdf.add_page()
    pdf.set_draw_color(76, 120, 168)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", "B", 30)
    pdf.ln(30)
    pdf.cell(0, 16, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 12, "awarded to", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 26)
    pdf.cell(0, 16, _latin1(learner), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.multi_cell(0, 10, _latin1(f"for passing the {assignment} of\n{course}"), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 12, f"Score: {score:g} of {max_score:g} points   Date: {date}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Courier", "", 12)
    pdf.cell(0, 12, f"Verification id: {verification}", align="C")
    pdf.output(str(path))


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _img(data: bytes | None, alt: str) -> str:
    if not data:
        return ""
    return (f'<img alt="{escape(alt)}" style="max-width:48%" '
            f'src="data:image/png;base64,{base64.b64encode(data).decode()}">')


def write_reports(course_dir: Path, assignment: str, rows: list[LearnerResult], *,
                  course_title: str, date: str, pass_ratio: float = 0.7) -> Path:
    """Write reports/ASSIGNMENT/: grades.csv, lms.csv, report.html, charts, certificates."""
    final = course_dir / "reports" / assignment
    out = final.with_name(f".{assignment}.writing")  # swapped in at the end: never half-written
    if out.exists():
        shutil.rmtree(out)
    (out / "certificates").mkdir(parents=True)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["learner", "score", "max_score", "passed", "status",
                                           "reason"])
        w.writeheader()
        for r in rows:
            w.writerow(r.row())
    with open(out / "lms.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student_id", "assignment", "points", "points_possible", "percent",
                    "passed", "graded_on"])
        for r in rows:
            pct = round(100 * r.score / r.max_score, 1) if r.max_score else 0.0
            w.writerow([r.learner, assignment, r.score, r.max_score, pct,
                        "yes" if r.passed else "no", date])
    charts = {
        "score-distribution.png": score_chart(rows, pass_ratio, out / "score-distribution.png"),
        "components.png": component_chart(rows, out / "components.png"),
        "drift-domains.png": drift_chart(rows, out / "drift-domains.png"),
    }
    for r in rows:
        if r.passed:
            vid = verification_id(course_title, assignment, r.learner, r.score, date)
            name = f"{r.learner}.pdf"
            certificate(out / "certificates" / name, learner=r.learner, course=course_title,
                        assignment=assignment, score=r.score, max_score=r.max_score, date=date,
                        verification=vid)
            r.certificate = vid
    graded = [r for r in rows if r.status == "graded"]
    avg = sum(r.score for r in graded) / len(graded) if graded else 0.0
    body = "".join(
        f"<tr><td>{escape(r.learner)}</td><td>{r.score:g} / {r.max_score:g}</td>"
        f"<td>{'yes' if r.passed else 'no'}</td><td>{escape(r.status)}</td>"
        f"<td>{'' if r.plan_score is None else f'{r.plan_score:g}'}</td>"
        f"<td>{escape(', '.join(sorted(set(r.drift_domains))))}</td>"
        f"<td>{escape(r.reason)}</td><td><code>{escape(r.certificate or '')}</code></td></tr>"
        for r in rows)
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(assignment)}: cohort report</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}</style></head><body>
<h1>{escape(course_title)}: {escape(assignment)}</h1>
<p>Graded on {escape(date)}. {len(rows)} learners, {len(graded)} graded,
{sum(r.passed for r in rows)} passed, {sum(r.status == 'error' for r in rows)} with errors.
Average score {avg:.1f}.</p>
<div>{''.join(_img(data, name) for name, data in charts.items())}</div>
<h2>Learners</h2>
<table><tr><th>learner</th><th>score</th><th>passed</th><th>status</th><th>plan score</th>
<th>drifted into</th><th>reason</th><th>certificate id</th></tr>{body}</table>
<p>Feedback for each learner: <code>feedback/LEARNER/{escape(assignment)}/</code>.</p>
</body></html>
"""
    (out / "report.html").write_text(html, encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    out.rename(final)
    return final
