"""Benchmark: time and peak memory to de-duplicate 10,000 and 100,000 synthetic articles.

    .venv/bin/python -m bench.dedup                 # 10,000 and 100,000
    .venv/bin/python -m bench.dedup --sizes 20000   # any sizes

Each size runs in a fresh child process, so "peak memory" is that process's maximum resident
set size (generated corpus included), not a share of an earlier run. The corpus is generated
here, with a fixed seed: incidents in 150 districts over one year; each reported by one to four
articles — an English original, English rewrites (a tenth of the words changed, a different
headline) and Urdu versions whose victim age may be off by one. Texts are about 1.5 KB, built
from a large pseudo-word vocabulary plus boilerplate sentences that many real reports share
("police have registered a case"). Because the truth is known, the run also prints pairwise
precision and recall of the clusters, and the precision of the clusters the machine is sure
of (the uncertain ones go to a person's review screen). Targets (issue 6): ≤ 60 s and ≤ 2 GB
at 100,000. "dedup s" is wall-clock time and "CPU s" the process's CPU time, which a busy
machine does not inflate. Nothing here asserts a time; the numbers are for people to compare.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations

from awaaz.evidence.dedup import ExtractedRecord, Victim, cluster_articles

BOILERPLATE = [
    "Police said a case had been registered and an investigation was under way.",
    "The victim was shifted to the district headquarters hospital for a medical examination.",
    "The suspect fled after the incident and raids were being conducted to arrest him.",
    "The family staged a protest outside the police station demanding justice.",
    "The regional police officer took notice of the incident and sought a report.",
]
URDU_LETTERS = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہیے"
LATIN = "abcdefghijklmnoprstuwyz"


def _vocabulary(rng: random.Random, letters: str, size: int) -> list[str]:
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(size)]


def generate(n: int, seed: int = 6) -> tuple[list[ExtractedRecord], dict[str, int]]:
    """n articles and the true incident of each."""
    rng = random.Random(seed)
    english = _vocabulary(rng, LATIN, 20000)
    urdu = _vocabulary(rng, URDU_LETTERS, 20000)
    districts = [f"district-{k}" for k in range(150)]
    start = datetime.date(2025, 1, 1)
    records: list[ExtractedRecord] = []
    truth: dict[str, int] = {}
    incident = 0
    while len(records) < n:
        incident += 1
        district = rng.choice(districts)
        day = start + datetime.timedelta(days=rng.randrange(365))
        gender = rng.choice(["female", "female", "male", "male", "transgender"])
        age = rng.randint(4, 40)
        offence = rng.choice(["rape", "sodomy", "gang_rape", "attempted_rape", "sexual_assault"])
        words = [rng.choice(english) for _ in range(220)]
        body = " ".join(words)
        copies = rng.choices([1, 2, 3, 4], weights=[55, 25, 12, 8])[0]
        for copy in range(copies):
            if len(records) >= n:
                break
            art_id = f"a{len(records)}"
            shift = datetime.timedelta(days=rng.randint(0, 2) if copy else 0)
            victim_age = age
            if copy and rng.random() < 0.5:
                language = "ur"
                text = " ".join(rng.choice(urdu) for _ in range(200))
                victim_age = age + rng.choice([-1, 0, 1])
            else:
                language = "en"
                edited = list(words)
                for _ in range(len(edited) // 10 if copy else 0):
                    edited[rng.randrange(len(edited))] = rng.choice(english)
                text = " ".join(edited) if copy else body
            text = f"{rng.choice(BOILERPLATE)} {text} {rng.choice(BOILERPLATE)}"
            records.append(
                ExtractedRecord(
                    id=art_id,
                    title=" ".join(rng.choice(english) for _ in range(8)),
                    text=text,
                    language=language,
                    date=day + shift,
                    district=district,
                    victims=(Victim(gender=gender, age=victim_age),),
                    offence_types=(offence,),
                )
            )
            truth[art_id] = incident
    return records, truth


def pair_scores(clusters: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against the true incidents."""

    def pairs(groups: dict[object, list[str]]) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for members in groups.values():
            out.update(combinations(sorted(members), 2))
        return out

    predicted: dict[object, list[str]] = defaultdict(list)
    actual: dict[object, list[str]] = defaultdict(list)
    for art_id, cluster_id in clusters.items():
        predicted[cluster_id].append(art_id)
        actual[truth[art_id]].append(art_id)
    p, a = pairs(predicted), pairs(actual)
    both = len(p & a)
    return (both / len(p) if p else 1.0), (both / len(a) if a else 1.0)


def run_one(n: int) -> dict[str, float]:
    t0 = time.perf_counter()
    records, truth = generate(n)
    generated = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    clusters = cluster_articles(records)
    elapsed, cpu = time.perf_counter() - t1, time.process_time() - c1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pair_scores({k: c.id for k, c in clusters.items()}, truth)
    # The same, counting only clusters the machine is sure of (the rest go to a person).
    sure = {k: (c.id if not c.uncertain else f"alone-{k}") for k, c in clusters.items()}
    sure_precision, _ = pair_scores(sure, truth)
    distinct = {id(c): c for c in clusters.values()}.values()
    return {
        "articles": n,
        "generate_s": round(generated, 1),
        "dedup_s": round(elapsed, 1),
        "cpu_s": round(cpu, 1),
        "peak_mb": round(peak_mb),
        "clusters": len(distinct),
        "uncertain": sum(1 for c in distinct if c.uncertain),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "sure_precision": round(sure_precision, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    print("De-duplication (MinHash/LSH + structured fields), one process per size")
    header = (
        f"{'articles':>9} {'dedup s':>8} {'CPU s':>6} {'peak MB':>8} {'clusters':>9} "
        f"{'uncertain':>9} {'precision':>9} {'recall':>7} {'precision (sure)':>16}"
    )
    print(header)
    rows = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.dedup", "--one", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['articles']:>9,} {row['dedup_s']:>8} {row['cpu_s']:>6} {row['peak_mb']:>8} "
            f"{row['clusters']:>9,} {row['uncertain']:>9,} {row['precision']:>9} "
            f"{row['recall']:>7} {row['sure_precision']:>16}"
        )
    if len(rows) >= 2 and rows[0]["dedup_s"]:
        first, last = rows[0], rows[-1]
        print(
            f"growth {first['articles']:,} -> {last['articles']:,}: "
            f"time x{last['dedup_s'] / first['dedup_s']:.1f} "
            f"(CPU x{last['cpu_s'] / first['cpu_s']:.1f}), "
            f"memory x{last['peak_mb'] / first['peak_mb']:.1f} "
            f"(articles x{last['articles'] / first['articles']:.0f}); "
            "targets at 100,000: <= 60 s, <= 2048 MB"
        )


if __name__ == "__main__":
    main()
