"""Load and cross-check the course data: shipped files plus an instructor's own folders.

Shipped files are read through :mod:`importlib.resources`, so the kit works from a wheel as well
as from a checkout. An instructor adds or overrides objects with folders laid out like
``kit/data`` (``domains/``, ``offerings/``, ``scenarios/``), given as ``data_dirs`` or in the
``KIT_DATA_DIR`` environment variable (several separated by ``os.pathsep``). All problems are
collected and raised together as one :class:`~kit.errors.DataError`, each as
``FILE: field: what is wrong``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kit.errors import DataError, UnknownIdError, did_you_mean
from kit.models import KINDS, REQUIRED_DOMAINS, Domain, Offering, Scenario

ENV_VAR = "KIT_DATA_DIR"
FOLDERS = {"domain": "domains", "offering": "offerings", "scenario": "scenarios"}
MAX_FILE_BYTES = 5 * 1024 * 1024

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, eq=False)  # hashed by identity: engine caches key on it
class Catalog:
    """Every domain, offering and scenario the course can use, by id."""

    domains: dict[str, Domain]
    offerings: dict[str, Offering]
    scenarios: dict[str, Scenario]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def domain(self, domain_id: str) -> Domain:
        return _lookup(self.domains, "domain", domain_id)

    def offering(self, offering_id: str) -> Offering:
        return _lookup(self.offerings, "offering", offering_id)

    def scenario(self, scenario_id: str) -> Scenario:
        return _lookup(self.scenarios, "scenario", scenario_id)

    def offering_for(self, scenario: Scenario) -> Offering:
        return self.offering(scenario.offering)


def _lookup(table: dict[str, Any], kind: str, key: str) -> Any:
    if not isinstance(key, str):
        raise UnknownIdError(kind, repr(key), table)
    try:
        return table[key]
    except KeyError:
        raise UnknownIdError(kind, key, table) from None


# --------------------------------------------------------------------------- reading files


def read_yaml(path: Path | str, text: str | None = None) -> Any:
    """Parse one YAML file, turning every way it can be unreadable into a one-line DataError."""
    name = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise DataError([f"{name}: file not found"]) from None
        except IsADirectoryError:
            raise DataError([f"{name}: is a folder, not a YAML file"]) from None
        except OSError as exc:
            raise DataError([f"{name}: cannot read file ({exc.strerror})"]) from None
        if len(raw) > MAX_FILE_BYTES:
            raise DataError([f"{name}: file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"])
        if b"\x00" in raw:
            offset = raw.index(b"\x00")
            raise DataError([f"{name}: binary data (NUL byte at offset {offset}), "
                             "not a YAML text file"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError([f"{name}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                             f"{exc.start}); save the file as UTF-8"]) from None
    if not text.strip():
        raise DataError([f"{name}: file is empty"])
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = (exc.problem or str(exc)).strip()
        raise DataError([f"{name}: {where}YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise DataError([f"{name}: YAML syntax error: {str(exc).splitlines()[0]}"]) from None
    return data


def _field_path(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _describe(err: dict[str, Any]) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "missing (required field)"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see docs/data-format.md)"
    if kind in ("too_short",):
        ctx = err.get("ctx", {})
        return f"needs at least {ctx.get('min_length')} items, has {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        return f"{err.get('input')!r} is not a valid id (lower case letters, digits, '_' or '-')"
    if kind == "literal_error":
        return f"{err.get('input')!r} is not allowed: {msg.split(': ', 1)[-1]}"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    text = msg[0].lower() + msg[1:] if msg else kind
    got = err.get("input")
    if isinstance(got, str | int | float | bool) or got is None:
        shown = repr(got) if len(repr(got)) <= 60 else repr(got)[:57] + "..."
        if shown not in text:
            text += f", got {shown}"
    elif isinstance(got, dict | list):
        text += f", got a {'mapping' if isinstance(got, dict) else 'list'}"
    return text


def parse_object(kind: str, data: Any, source: str) -> Any:
    """Validate parsed YAML as a ``kind`` model; raise DataError listing every problem."""
    model = KINDS[kind]
    if not isinstance(data, dict):
        raise DataError([f"{source}: (top level): expected a mapping of fields for a {kind}, "
                         f"got {type(data).__name__}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(f"{source}: {_field_path(e['loc'])}: {_describe(e)}"
                        for e in exc.errors()) from None


def guess_kind(path: Path, data: Any) -> str | None:
    """Tell a domain, offering or scenario file apart, by folder first and fields second."""
    for kind, folder in FOLDERS.items():
        if path.parent.name == folder:
            return kind
    if isinstance(data, dict):
        if "pains" in data or "target_domain" in data:
            return "scenario"
        if "features" in data:
            return "offering"
        if "vocabulary" in data or "kpis" in data:
            return "domain"
    return None


# --------------------------------------------------------------------------- catalog


def _shipped_files(kind: str) -> list[tuple[str, str]]:
    root = resources.files("kit") / "data" / FOLDERS[kind]
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            out.append((f"kit/data/{FOLDERS[kind]}/{entry.name}", entry.read_text("utf-8")))
    return out


def _dir_files(base: Path, kind: str) -> list[tuple[str, str | None]]:
    folder = base / FOLDERS[kind]
    if not folder.is_dir():
        return []
    return [(str(p), None) for p in sorted(folder.iterdir())
            if p.suffix in (".yaml", ".yml") and p.is_file()]


def data_dirs_from_env() -> tuple[Path, ...]:
    raw = os.environ.get(ENV_VAR, "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p.strip())


def load_catalog(data_dirs: Iterable[Path | str] | None = None, *,
                 include_env: bool = True) -> Catalog:
    """Load shipped data, then each extra folder in order; later objects override earlier ones.

    Cached: notebooks and the engine call this often and the files rarely change while a
    kernel runs. Call :func:`clear_cache` after editing a file.
    """
    dirs = tuple(Path(d) for d in (data_dirs or ()))
    if include_env:
        from kit.course import find_course
        course = find_course()
        course_dirs = (course.data_dir,) if course and course.data_dir.is_dir() else ()
        dirs = course_dirs + data_dirs_from_env() + dirs
    return _load_catalog(tuple(p.resolve() for p in dirs))


def clear_cache() -> None:
    _load_catalog.cache_clear()


@lru_cache(maxsize=8)
def _load_catalog(dirs: tuple[Path, ...]) -> Catalog:
    problems: list[str] = []
    for d in dirs:
        if not d.is_dir():
            problems.append(f"{d}: data folder not found (from --data-dir or {ENV_VAR})")
    tables: dict[str, dict[str, Any]] = {k: {} for k in KINDS}
    sources: dict[tuple[str, str], str] = {}
    layers: list[list[tuple[str, list[tuple[str, str | None]]]]] = [
        [(kind, _shipped_files(kind)) for kind in KINDS]  # type: ignore[misc]
    ]
    layers += [[(kind, _dir_files(d, kind)) for kind in KINDS] for d in dirs if d.is_dir()]
    for layer in layers:
        seen_in_layer: dict[tuple[str, str], str] = {}
        for kind, files in layer:
            for source, text in files:
                try:
                    obj = parse_object(kind, read_yaml(source, text), source)
                except DataError as exc:
                    problems.extend(exc.problems)
                    continue
                key = (kind, obj.id)
                if key in seen_in_layer:
                    problems.append(f"{source}: id: duplicate {kind} id {obj.id!r} "
                                    f"(also in {seen_in_layer[key]})")
                    continue
                seen_in_layer[key] = source
                tables[kind][obj.id] = obj
                sources[key] = source
    catalog = Catalog(tables["domain"], tables["offering"], tables["scenario"], sources)
    problems += cross_check(catalog)
    if problems:
        raise DataError(problems)
    return catalog


def cross_check(catalog: Catalog, only: Iterable[tuple[str, Any, str]] | None = None) -> list[str]:
    """Check references between objects: domains exist, offerings exist, distractors are off-domain."""
    problems: list[str] = []
    domains = catalog.domains
    if only is None:
        missing = [d for d in REQUIRED_DOMAINS if d not in domains]
        if missing:
            problems.append("kit/data/domains: missing required domain(s): " + ", ".join(missing))
        items: list[tuple[str, Any, str]] = [
            (kind, obj, catalog.sources.get((kind, obj.id), obj.id))
            for kind, table in (("domain", catalog.domains), ("offering", catalog.offerings),
                                ("scenario", catalog.scenarios))
            for obj in table.values()
        ]
    else:
        items = list(only)

    def check_domain(src: str, fieldname: str, value: str) -> None:
        if value not in domains:
            problems.append(f"{src}: {fieldname}: unknown domain {value!r}"
                            f"{did_you_mean(value, domains)}")

    for kind, obj, src in items:
        if kind == "domain":
            for i, term in enumerate(obj.vocabulary):
                for j, other in enumerate(term.ambiguous_with):
                    check_domain(src, f"vocabulary[{i}].ambiguous_with[{j}]", other)
        elif kind == "offering":
            check_domain(src, "domain", obj.domain)
        elif kind == "scenario":
            check_domain(src, "target_domain", obj.target_domain)
            if obj.offering not in catalog.offerings:
                problems.append(f"{src}: offering: unknown offering {obj.offering!r}"
                                f"{did_you_mean(obj.offering, catalog.offerings)}")
            for i, d in enumerate(obj.distractors):
                check_domain(src, f"distractors[{i}].domain", d.domain)
                if d.domain == obj.target_domain:
                    problems.append(f"{src}: distractors[{i}].domain: {d.domain!r} is the target "
                                    "domain; a distractor must pull the conversation elsewhere")
    return problems


def validate_files(paths: Iterable[Path | str], catalog: Catalog | None = None) -> list[str]:
    """Validate files of any kind against the loaded catalog; return problem lines (empty = ok)."""
    problems: list[str] = []
    parsed: list[tuple[str, Any, str]] = []
    try:
        base = catalog or load_catalog()
    except DataError as exc:
        return exc.problems
    for raw_path in paths:
        path = Path(raw_path)
        try:
            data = read_yaml(path)
            kind = guess_kind(path, data)
            if kind is None:
                problems.append(f"{path}: (top level): cannot tell whether this is a domain, "
                                "offering or scenario (expected fields such as 'pains', "
                                "'features' or 'vocabulary')")
                continue
            parsed.append((kind, parse_object(kind, data, str(path)), str(path)))
        except DataError as exc:
            problems.extend(exc.problems)
    merged = Catalog(dict(base.domains), dict(base.offerings), dict(base.scenarios))
    seen: dict[tuple[str, str], str] = {}
    for kind, obj, src in parsed:
        key = (kind, obj.id)
        if key in seen:
            problems.append(f"{src}: id: duplicate {kind} id {obj.id!r} (also in {seen[key]})")
        seen[key] = src
        getattr(merged, FOLDERS[kind])[obj.id] = obj
    problems += cross_check(merged, parsed)
    return problems
