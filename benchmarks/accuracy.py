"""Accuracy of the engine against the labelled corpus in tests/data/.

Prints, for each split (dev: tuned on; holdout: never tuned on), per-label accuracy and
macro-F1, a confusion matrix, and per-class precision and recall; then every labelled plan's
score and whether good > mediocre > poor holds. Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from kit.scoring import analyze_question, score_plan

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
LABELS = ("domain", "orientation", "form", "stage")


def load_questions(split: str) -> list[dict]:
    with open(DATA / f"questions-{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_plans(split: str) -> list[dict]:
    with open(DATA / f"plans-{split}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def key(value: object) -> str:
    return "none" if value is None else str(value)


def f1_report(gold: list[str], pred: list[str]) -> dict:
    classes = sorted(set(gold) | set(pred))
    per = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    gold_classes = [c for c in classes if per[c]["support"]]
    macro = sum(per[c]["f1"] for c in gold_classes) / len(gold_classes) if gold_classes else 0.0
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"accuracy": acc, "macro_f1": macro, "per_class": per, "classes": classes}


def evaluate(rows: list[dict]) -> dict:
    preds = [analyze_question(r["question"]).to_dict() for r in rows]
    out = {}
    for label in LABELS:
        gold = [key(r[label]) for r in rows]
        pred = [key(p[label]) for p in preds]
        rep = f1_report(gold, pred)
        rep["confusion"] = Counter(zip(gold, pred, strict=True))
        rep["errors"] = [(r["question"], g, p) for r, g, p in zip(rows, gold, pred, strict=True)
                         if g != p]
        out[label] = rep
    return out


def print_report(split: str, rows: list[dict], rep: dict, verbose: bool) -> None:
    print(f"\n=== {split}: {len(rows)} questions ===")
    print(f"{'label':12} {'accuracy':>9} {'macro-F1':>9}")
    for label in LABELS:
        print(f"{label:12} {rep[label]['accuracy']:9.3f} {rep[label]['macro_f1']:9.3f}")
    for label in LABELS:
        r = rep[label]
        classes = r["classes"]
        print(f"\n-- {split} {label}: confusion (rows gold, columns predicted)")
        w = max(6, *(len(c) for c in classes))
        print(" " * w + " " + " ".join(c[:7].rjust(7) for c in classes))
        for g in classes:
            print(g.rjust(w) + " " + " ".join(str(r["confusion"].get((g, p), 0)).rjust(7)
                                               for p in classes))
        print(f"{'class':>{w}} precision recall  f1  support")
        for c in classes:
            pc = r["per_class"][c]
            print(f"{c:>{w}} {pc['precision']:9.2f} {pc['recall']:6.2f} {pc['f1']:4.2f} "
                  f"{pc['support']:7d}")
        if verbose:
            for q, g, p in r["errors"]:
                print(f"   [{label}] gold={g} pred={p}: {q}")


def plans_report(split: str) -> bool:
    plans = load_plans(split)
    print(f"\n=== {split}: {len(plans)} plans ===")
    by_label = defaultdict(list)
    ok = True
    for p in plans:
        s = score_plan(p["questions"], domain=p["domain"])
        by_label[p["label"]].append(s.score)
        expect = {"good": True, "poor": False}.get(p["label"])
        mark = "" if expect is None or expect == s.passed else "   <-- WRONG"
        ok &= not mark
        comps = " ".join(f"{k[:4]}={v:g}" for k, v in s.components.items())
        print(f"{p['label']:9} {s.score:5.1f} {'pass' if s.passed else 'fail'}  {p['id']:40} "
              f"{comps}{mark}")
    lo = {k: min(v) for k, v in by_label.items()}
    hi = {k: max(v) for k, v in by_label.items()}
    order = (lo.get("good", 100) > hi.get("mediocre", 0) and lo.get("mediocre", 100) > hi.get("poor", 0))
    print(f"good pass, poor fail: {'yes' if ok else 'NO'}; good > mediocre > poor (every pair): "
          f"{'yes' if order else 'NO'}")
    return ok and order


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", choices=("dev", "holdout", "both"), default="both")
    ap.add_argument("--errors", action="store_true", help="list every mislabelled question")
    args = ap.parse_args()
    splits = ("dev", "holdout") if args.split == "both" else (args.split,)
    for split in splits:
        rows = load_questions(split)
        print_report(split, rows, evaluate(rows), args.errors)
    for split in splits:
        plans_report(split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
