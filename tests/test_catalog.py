"""The course data: every shipped file is valid, the counts hold, and mistakes are reported."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
import yaml

from kit import catalog as cat
from kit.errors import DataError, UnknownIdError
from kit.models import REQUIRED_DOMAINS, STAGES

DATA_ROOT = resources.files("kit") / "data"
SHIPPED = sorted(
    (folder, entry.name)
    for folder in ("domains", "offerings", "scenarios")
    for entry in (DATA_ROOT / folder).iterdir() if entry.name.endswith(".yaml")
)


@pytest.mark.parametrize(("folder", "name"), SHIPPED, ids=[f"{f}/{n}" for f, n in SHIPPED])
def test_every_shipped_file_validates(folder: str, name: str) -> None:
    """One common test per data file: a new file dropped into kit/data is tested automatically."""
    path = Path(str(DATA_ROOT / folder / name))
    assert cat.validate_files([path]) == []
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["id"] == path.stem, "the file name must be the object's id"


def test_counts_of_the_course_data() -> None:
    c = cat.load_catalog()
    assert set(REQUIRED_DOMAINS) <= set(c.domains)
    for d in c.domains.values():
        assert len(d.roles) >= 3 and len(d.goals) >= 5 and len(d.challenges) >= 5
        assert len(d.kpis) >= 5 and len(d.vocabulary) >= 40 and len(d.example_questions) >= 8
        assert {q.stage for q in d.example_questions} == set(STAGES)
        assert any(t.ambiguous_with and t.note for t in d.vocabulary), d.id
    assert len(c.offerings) >= 10
    assert len({o.domain for o in c.offerings.values()}) >= 8
    assert all(len(o.features) >= 4 for o in c.offerings.values())
    assert len(c.scenarios) >= 12
    assert len({s.target_domain for s in c.scenarios.values()}) >= 8
    assert len({s.industry for s in c.scenarios.values()}) >= 8
    for s in c.scenarios.values():
        assert len(s.pains) >= 3 and len(s.distractors) >= 2
        assert all(d.domain != s.target_domain for d in s.distractors)
        assert s.offering in c.offerings


def test_example_questions_are_recognised_by_the_engine() -> None:
    """The taxonomy teaches by example: its own examples must land in their own domain."""
    from kit.scoring import analyze_question
    c = cat.load_catalog()
    total = hits = 0
    for d in c.domains.values():
        for q in d.example_questions:
            a = analyze_question(q.text)
            total += 1
            hits += a.domain == d.id and a.orientation == "business"
    assert hits / total >= 0.9, f"only {hits}/{total} example questions land in their domain"


def test_lookup_of_unknown_id_suggests_the_near_miss() -> None:
    c = cat.load_catalog()
    with pytest.raises(UnknownIdError, match="did you mean 'harbor-foods'"):
        c.scenario("harbour-foods")
    with pytest.raises(UnknownIdError, match="did you mean 'supply_chain'"):
        c.domain("supplychain")


# --------------------------------------------------------------------------- overrides


def _write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _scenario(**changes: object) -> dict:
    base = yaml.safe_load((Path(str(DATA_ROOT)) / "scenarios" / "harbor-foods.yaml").read_text())
    base.update(changes)
    return base


def test_instructor_folder_adds_and_overrides(tmp_path: Path) -> None:
    _write(tmp_path / "scenarios" / "my-plant.yaml", _scenario(id="my-plant", title="My plant"))
    _write(tmp_path / "scenarios" / "harbor-foods.yaml", _scenario(title="Overridden title"))
    c = cat.load_catalog([tmp_path])
    assert c.scenario("my-plant").title == "My plant"
    assert c.scenario("harbor-foods").title == "Overridden title"
    assert c.sources[("scenario", "harbor-foods")].startswith(str(tmp_path))


def test_environment_variable_adds_a_folder(tmp_path: Path, monkeypatch) -> None:
    _write(tmp_path / "scenarios" / "env-plant.yaml", _scenario(id="env-plant"))
    monkeypatch.setenv(cat.ENV_VAR, str(tmp_path))
    assert "env-plant" in cat.load_catalog().scenarios


# --------------------------------------------------------------------------- bad input


def _problems(path: Path) -> list[str]:
    return cat.validate_files([path])


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    (msg,) = _problems(p)
    assert msg.startswith(f"{p}: line ") and "YAML syntax error" in msg


def test_unknown_domain_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    p = _write(tmp_path / "s.yaml", _scenario(id="s", target_domain="operaitons"))
    assert f"{p}: target_domain: unknown domain 'operaitons'; did you mean 'operations'?" \
        in _problems(p)


def test_missing_field_is_named(tmp_path: Path) -> None:
    data = _scenario(id="s")
    del data["pains"]
    p = _write(tmp_path / "s.yaml", data)
    assert f"{p}: pains: missing (required field)" in _problems(p)


def test_wrong_type_is_named(tmp_path: Path) -> None:
    p = _write(tmp_path / "s.yaml", _scenario(id="s", difficulty="hard"))
    (msg,) = _problems(p)
    assert msg.startswith(f"{p}: difficulty: ") and "'hard'" in msg


def test_nested_field_path_is_named(tmp_path: Path) -> None:
    data = _scenario(id="s")
    del data["pains"][1]["implication"]
    p = _write(tmp_path / "s.yaml", data)
    assert f"{p}: pains[1].implication: missing (required field)" in _problems(p)


def test_duplicate_ids_in_one_folder(tmp_path: Path) -> None:
    _write(tmp_path / "scenarios" / "a.yaml", _scenario(id="dup"))
    _write(tmp_path / "scenarios" / "b.yaml", _scenario(id="dup"))
    with pytest.raises(DataError) as info:
        cat.load_catalog([tmp_path])
    assert any("duplicate scenario id 'dup'" in p for p in info.value.problems)


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.yaml"
    p.write_text("\n  \n", encoding="utf-8")
    assert _problems(p) == [f"{p}: file is empty"]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("id: caf\xe9\n".encode("latin-1"))
    (msg,) = _problems(p)
    assert msg.startswith(f"{p}: not UTF-8 text (byte 0xe9")


def test_binary_junk(tmp_path: Path) -> None:
    p = tmp_path / "junk.yaml"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (msg,) = _problems(p)
    assert msg.startswith(f"{p}: binary data")


def test_top_level_list_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "scenarios" / "list.yaml"
    p.parent.mkdir()
    p.write_text("- a\n- b\n", encoding="utf-8")
    (msg,) = _problems(p)
    assert msg == f"{p}: (top level): expected a mapping of fields for a scenario, got list"


def test_distractor_in_target_domain_is_refused(tmp_path: Path) -> None:
    data = _scenario(id="s")
    data["distractors"][0]["domain"] = data["target_domain"]
    p = _write(tmp_path / "s.yaml", data)
    assert any("distractors[0].domain" in m and "target domain" in m for m in _problems(p))


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    data = _scenario(id="s", target_domain="nope", offering="nope-offering")
    del data["title"]
    p = _write(tmp_path / "s.yaml", data)
    problems = _problems(p)
    assert any(": title: missing" in m for m in problems)
    assert len(problems) == 1  # structure errors stop before cross-references are checked
    data["title"] = "x"
    _write(p, data)
    fields = Counter(m.split(": ")[1] for m in _problems(p))
    assert fields["target_domain"] == 1 and fields["offering"] == 1


def test_broken_instructor_folder_reports_every_file(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "scenarios" / "b.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DataError) as info:
        cat.load_catalog([tmp_path])
    assert len(info.value.problems) == 2
    assert all(str(tmp_path) in p for p in info.value.problems)


def test_missing_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data folder not found"):
        cat.load_catalog([tmp_path / "nowhere"])
