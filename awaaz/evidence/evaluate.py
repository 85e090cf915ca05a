"""Measure the extractor on the gold set: per-field scores next to their targets (`make eval`).

The gold set (awaaz/evidence/tests/data/gold/gold.jsonl) holds one record per article:
`input` (the `awaaz extract` input line), `expected` (the output contract), `cluster` (articles
about one incident share it) and `split` ("dev": the records the rules were tuned on; "test":
the rest). Scores are given for all records and for each split, so that over-fitting shows.

How each score is counted (docs/codebook.md, "Extraction rules"):
* case report: precision, recall and F1 of `is_case_report` over all records;
* on the records that are case reports in both gold and prediction: each gold victim is paired
  with the predicted victim that agrees best (gender first, then age); a gold victim with no
  partner counts as wrong for gender, age and age group. Age within one year is counted over gold
  victims whose age is stated. District, PPC sections (as a set), FIR and arrest are per record;
  offences are micro-averaged over records;
* clusters: pairwise F1 over all pairs of records (same gold cluster vs same predicted cluster).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent / "tests" / "data" / "gold" / "gold.jsonl"

TARGETS: dict[str, float] = {
    "case_report_f1": 0.95,
    "victim_gender": 0.95,
    "age_within_1": 0.90,
    "district": 0.90,
    "offence_f1": 0.85,
    "ppc_exact": 0.90,
}
LABELS = {
    "case_report_precision": "case report precision",
    "case_report_recall": "case report recall",
    "case_report_f1": "case report F1",
    "victim_gender": "victim gender accuracy",
    "age_within_1": "age within one year",
    "age_group": "age group accuracy",
    "district": "district accuracy",
    "province": "province accuracy",
    "offence_f1": "offence micro-F1",
    "ppc_exact": "PPC sections exact",
    "fir": "FIR registered accuracy",
    "arrest": "arrest made accuracy",
    "relationship": "perpetrator relationship accuracy",
    "num_accused": "number of accused accuracy",
    "cluster_f1": "cluster pairwise F1",
}


def gold_load(path: Path = GOLD) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@dataclass
class _Ratio:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += int(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class Scores:
    records: int = 0
    values: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, str] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pair_victims(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any] | None]]:
    left = list(pred)
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any] | None]] = []
    for g in gold:

        def agreement(p: Mapping[str, Any], g: Mapping[str, Any] = g) -> tuple[int, int]:
            age_gap = (
                abs(p["age"] - g["age"])
                if p.get("age") is not None and g.get("age") is not None
                else 99
            )
            return (int(p.get("gender") == g.get("gender")), -age_gap)

        best = max(left, key=agreement, default=None)
        if best is not None:
            left.remove(best)
        pairs.append((g, best))
    return pairs


def score(
    rows: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]
) -> Scores:
    """Per-field scores of `predictions` ({id: output line}) against gold `rows`."""
    out = Scores(records=len(rows))
    tp = fp = fn = 0
    ratios = {k: _Ratio() for k in (
        "victim_gender", "age_within_1", "age_group", "district", "province", "ppc_exact",
        "fir", "arrest", "relationship", "num_accused",
    )}  # fmt: skip
    o_tp = o_fp = o_fn = 0
    for row in rows:
        rid = row["input"]["id"]
        gold, pred = row["expected"], predictions.get(rid) or {"is_case_report": False}
        g_case, p_case = bool(gold["is_case_report"]), bool(pred.get("is_case_report"))
        tp += g_case and p_case
        fp += p_case and not g_case
        fn += g_case and not p_case
        if g_case != p_case:
            out.misses.append(f"{rid}: is_case_report {p_case} (gold {g_case})")
        if not (g_case and p_case):
            continue
        for g, p in _pair_victims(gold["victims"], pred.get("victims") or []):
            ratios["victim_gender"].add(p is not None and p.get("gender") == g["gender"])
            ratios["age_group"].add(p is not None and p.get("age_group") == g["age_group"])
            if g.get("age") is not None:
                ratios["age_within_1"].add(
                    p is not None and p.get("age") is not None and abs(p["age"] - g["age"]) <= 1
                )
            if p is None or any(p.get(k) != g.get(k) for k in ("gender", "age", "age_group")):
                out.misses.append(f"{rid}: victim {p} (gold {g})")
        for key, name in (
            ("district", "district"),
            ("province", "province"),
            ("fir_registered", "fir"),
            ("arrest_made", "arrest"),
            ("perpetrator_relationship", "relationship"),
            ("num_accused", "num_accused"),
        ):
            ok = pred.get(key) == gold[key]
            ratios[name].add(ok)
            if not ok:
                out.misses.append(f"{rid}: {key} {pred.get(key)!r} (gold {gold[key]!r})")
        ppc_ok = set(pred.get("ppc_sections") or []) == set(gold["ppc_sections"])
        ratios["ppc_exact"].add(ppc_ok)
        if not ppc_ok:
            out.misses.append(
                f"{rid}: ppc {pred.get('ppc_sections')} (gold {gold['ppc_sections']})"
            )
        g_off, p_off = set(gold["offence_types"]), set(pred.get("offence_types") or [])
        o_tp, o_fp, o_fn = (
            o_tp + len(g_off & p_off),
            o_fp + len(p_off - g_off),
            o_fn + len(g_off - p_off),
        )
        if g_off != p_off:
            out.misses.append(f"{rid}: offences {sorted(p_off)} (gold {sorted(g_off)})")
    precision, recall, f1 = _f1(tp, fp, fn)
    out.values.update(case_report_precision=precision, case_report_recall=recall, case_report_f1=f1)
    out.counts["case_report_f1"] = f"tp {tp}, fp {fp}, fn {fn}"
    for name, ratio in ratios.items():
        out.values[name] = ratio.value
        out.counts[name] = f"{ratio.hits}/{ratio.total}"
    out.values["offence_f1"] = _f1(o_tp, o_fp, o_fn)[2]
    out.counts["offence_f1"] = f"tp {o_tp}, fp {o_fp}, fn {o_fn}"
    if all("cluster" in (predictions.get(r["input"]["id"]) or {}) for r in rows):
        c_tp = c_fp = c_fn = 0
        for a, b in combinations(rows, 2):
            same_gold = a["cluster"] == b["cluster"]
            same_pred = (
                predictions[a["input"]["id"]]["cluster"] == predictions[b["input"]["id"]]["cluster"]
            )
            c_tp += same_gold and same_pred
            c_fp += same_pred and not same_gold
            c_fn += same_gold and not same_pred
        out.values["cluster_f1"] = _f1(c_tp, c_fp, c_fn)[2]
        out.counts["cluster_f1"] = f"tp {c_tp}, fp {c_fp}, fn {c_fn} pairs"
    return out


def predict(
    rows: Iterable[Mapping[str, Any]], *, dedup: bool = True, index: Any = None
) -> dict[str, dict[str, Any]]:
    """Run the extractor (and, with `dedup`, the de-duplication) on the gold inputs."""
    from awaaz.evidence.extraction import extract
    from awaaz.evidence.management.commands.extract import clusters_for

    inputs = [dict(row["input"]) for row in rows]
    out = {a["id"]: extract(a, index=index).as_dict() for a in inputs}
    if dedup:
        for rid, cluster in clusters_for(inputs, out).items():
            out[rid]["cluster"] = cluster
    return out


def report(rows: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]) -> str:
    """The `make eval` table: all records, the dev split and the held-back test split."""
    splits = {
        "all": list(rows),
        "dev": [r for r in rows if r.get("split") == "dev"],
        "test": [r for r in rows if r.get("split") != "dev"],
    }
    scores = {name: score(part, predictions) for name, part in splits.items()}
    head = f"{'field':<36}{'target':>8}" + "".join(
        f"{name + ' (' + str(s.records) + ')':>14}" for name, s in scores.items()
    )
    lines = [head, "-" * len(head)]
    for key, label in LABELS.items():
        if key not in scores["all"].values:
            continue
        target = TARGETS.get(key)
        cells = ""
        for s in scores.values():
            value = s.values.get(key)
            cells += f"{'-' if value is None else f'{value:.3f}':>14}"
        flag = ""
        if target is not None:
            value = scores["all"].values.get(key)
            flag = "  ok" if value is not None and value >= target else "  BELOW TARGET"
        t = f"≥ {target:.2f}" if target is not None else ""
        lines.append(f"{label:<36}{t:>8}{cells}{flag}   [{scores['all'].counts.get(key, '')}]")
    return "\n".join(lines)
