"""The CLI contracts of DESIGN.md, run in a fresh process exactly as a user or a checker would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_kit

GOOD_PLAN = [
    "Walk me through how a shift on the bottling lines runs today.",
    "How do you track unplanned downtime on the fillers at the moment?",
    "What causes most of the stoppages on line 2?",
    "Which changeovers take longer than they should, and why?",
    "What happens to the shipping schedule when line 2 stops for an hour?",
    "How does the scrap from restarts affect your cost per case?",
    "What does the Saturday overtime to catch up cost the plant each month?",
    "How are late orders affecting your standing with the big retailers?",
    "If you could cut unplanned downtime in half, what would that mean for throughput?",
    "What would it be worth to catch a failing filler before it stops the line?",
    "How would earlier warning of stoppages help your shift supervisors?",
    "What would you do with the extra capacity on line 2?",
]


def _no_traceback(r) -> None:
    assert "Traceback" not in r.err and "Traceback" not in r.out


def test_help_lists_every_command() -> None:
    r = run_kit("--help")
    assert r.code == 0
    for cmd in ("domains", "scenarios", "analyze", "score"):
        assert cmd in r.out
    r = run_kit("scenarios", "--help")
    for cmd in ("list", "show", "validate"):
        assert cmd in r.out


def test_domains_json_contract() -> None:
    r = run_kit("domains", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert len(data) >= 10
    fields = {"id", "name", "description", "roles", "goals", "challenges", "kpis", "vocabulary",
              "example_questions"}
    assert all(fields <= set(d) for d in data)
    assert {d["id"] for d in data} >= {"accounting", "operations", "customer_service"}


def test_domains_table() -> None:
    r = run_kit("domains")
    assert r.code == 0 and "supply_chain" in r.out and "Supply Chain" in r.out


def test_scenarios_list_json_contract() -> None:
    r = run_kit("scenarios", "list", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert len(data) >= 12
    for s in data:
        assert {"id", "title", "industry", "contact", "target_domain", "offering", "pains",
                "distractors"} <= set(s)
        assert s["offering"]["name"] and s["offering"]["features"]
        assert {"feature", "outcome"} <= set(s["offering"]["features"][0])
    assert len({s["target_domain"] for s in data}) >= 8
    assert len({s["industry"] for s in data}) >= 8


def test_scenarios_show() -> None:
    r = run_kit("scenarios", "show", "harbor-foods")
    assert r.code == 0 and "Harbor Foods" in r.out and "Pains" in r.out
    r = run_kit("scenarios", "show", "harbour-foods")
    assert r.code == 2 and "did you mean 'harbor-foods'" in r.err and len(r.err.splitlines()) == 1
    _no_traceback(r)


def test_validate_good_and_broken_files(tmp_path: Path) -> None:
    good = ROOT / "kit" / "data" / "scenarios" / "harbor-foods.yaml"
    r = run_kit("scenarios", "validate", str(good))
    assert r.code == 0, r.err
    data = yaml.safe_load(good.read_text())
    data["target_domain"] = "opperations"
    del data["contact"]["role"]
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    r = run_kit("scenarios", "validate", str(good), str(bad))
    assert r.code == 2
    assert f"{bad}: contact.role: missing (required field)" in r.err
    _no_traceback(r)


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "file is empty"),
    (b"\xff\xfe\x00junk", "binary data"),
    (b"id: caf\xe9", "not UTF-8"),
    (b"title: [", "YAML syntax error"),
])
def test_validate_bad_files(tmp_path: Path, content: bytes, needle: str) -> None:
    p = tmp_path / "x.yaml"
    p.write_bytes(content)
    r = run_kit("scenarios", "validate", str(p))
    assert r.code == 2 and needle in r.err and str(p) in r.err
    assert len(r.err.strip().splitlines()) == 1
    _no_traceback(r)


def test_analyze_json_contract() -> None:
    r = run_kit("analyze", "--json", "-", input="How much does a late shipment cost you?\n\n"
                "Did you know our platform predicts failures?\n")
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert len(rows) == 2  # blank lines skipped
    for row in rows:
        assert {"question", "domain", "orientation", "form", "stage", "flags", "evidence"} <= set(row)
    assert rows[0]["orientation"] == "business" and rows[0]["form"] == "open"
    assert rows[0]["stage"] == "implication"
    assert rows[1]["orientation"] == "product" and rows[1]["domain"] is None


def test_analyze_table(tmp_path: Path) -> None:
    p = tmp_path / "q.txt"
    p.write_text("What is your current fill rate?\n", encoding="utf-8")
    r = run_kit("analyze", str(p))
    assert r.code == 0 and "supply_chain" in r.out and "closed" in r.out


def test_score_json_contract() -> None:
    r = run_kit("score", "--domain", "operations", "--json", "-", input="\n".join(GOOD_PLAN))
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert {"score", "passed", "components", "feedback", "questions"} <= set(data)
    assert data["passed"] is True and 0 <= data["score"] <= 100
    assert len(data["questions"]) == len(GOOD_PLAN)
    assert {"focus", "orientation", "stages", "quality", "length"} <= set(data["components"])


def test_failing_plan_still_exits_zero() -> None:
    r = run_kit("score", "--domain", "operations", "--json", "-",
                input="Did you know our dashboards show OEE live?\nWould you like a demo?\n")
    assert r.code == 0
    assert json.loads(r.out)["passed"] is False


def test_score_text_output() -> None:
    r = run_kit("score", "--domain", "operations", "-", input="\n".join(GOOD_PLAN))
    assert r.code == 0 and "Score:" in r.out and "Feedback:" in r.out


@pytest.mark.parametrize(("args", "needle"), [
    (("score", "--domain", "opperations", "-"), "did you mean 'operations'"),
    (("score", "-"), "--domain"),
    (("analyze", "/no/such/file.txt"), "/no/such/file.txt: file not found"),
    (("frobnicate",), "frobnicate"),
    (("scenarios", "show", "nope"), "unknown scenario 'nope'"),
])
def test_usage_errors_are_one_line_exit_2(args: tuple[str, ...], needle: str) -> None:
    r = run_kit(*args, input="How do you schedule maintenance?\n")
    assert r.code == 2, (r.out, r.err)
    assert needle in r.err and len(r.err.strip().splitlines()) == 1
    _no_traceback(r)


@pytest.mark.parametrize(("data", "needle"), [
    (b"", "no questions"),
    (b"\n   \n\t\n", "no questions"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (b"How is the close going \xe9t\xe9?\n", "not UTF-8"),
    (b"x" * (1024 * 1024) + b"\n", "line 1: question is 1,048,576 characters long"),
])
@pytest.mark.parametrize("command", [("analyze", "--json"), ("score", "--domain", "it")])
def test_bad_question_input(command: tuple[str, ...], data: bytes, needle: str) -> None:
    r = run_kit(*command, "-", input=data)
    assert r.code == 2 and needle in r.err, r.err
    assert r.err.startswith("kit: <stdin>: ") and len(r.err.strip().splitlines()) == 1
    _no_traceback(r)


def test_odd_but_valid_text_gets_a_sane_result() -> None:
    text = ("How do outages 😬 affect your help desk?\n"
            "ما هي أكبر مشكلة في المستودع؟\n"
            "<script>alert('x')</script> what slows the month-end close?\n")
    r = run_kit("analyze", "--json", "-", input=text)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert len(rows) == 3
    assert rows[0]["domain"] == "it"
    assert rows[2]["question"].startswith("<script>") and rows[2]["domain"] == "accounting"


def test_twenty_thousand_questions() -> None:
    lines = ["How do you plan safety stock for the top SKUs?"] * 20_000
    r = run_kit("analyze", "--json", "-", input="\n".join(lines), timeout=120)
    assert r.code == 0, r.err
    assert r.out.count("\n") == 20_000
    r = run_kit("score", "--domain", "supply_chain", "-", input="\n".join(lines))
    assert r.code == 2 and "20,000 questions; a plan has at most" in r.err


def test_broken_data_dir_is_reported(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "x.yaml").write_text("id: [", encoding="utf-8")
    r = run_kit("--data-dir", str(tmp_path), "scenarios", "list")
    assert r.code == 2 and "x.yaml" in r.err and "YAML syntax error" in r.err
    r = run_kit("scenarios", "list", env={"KIT_DATA_DIR": str(tmp_path)})
    assert r.code == 2 and "x.yaml" in r.err
    _no_traceback(r)


def test_roleplay_json_contract() -> None:
    script = "\n".join(GOOD_PLAN)
    r = run_kit("roleplay", "--scenario", "harbor-foods", "--json", "-", input=script)
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert {"turns", "verdict", "revealed_pains", "minutes_used"} <= set(data)
    assert data["verdict"] in {"opportunity", "referral", "no_lead"}
    assert {"question", "reply", "domain", "minutes", "interest"} <= set(data["turns"][0])
    again = run_kit("roleplay", "--scenario", "harbor-foods", "--json", "-", input=script)
    assert again.out == r.out  # deterministic


def test_roleplay_unknown_scenario() -> None:
    r = run_kit("roleplay", "--scenario", "harbour-foods", "-", input="Hi?\n")
    assert r.code == 2 and "did you mean 'harbor-foods'" in r.err
    _no_traceback(r)
