"""Benchmark: news articles extracted per second on one core (target: 200/s on 2 KB texts).

    python -m bench.extract [--articles 2000]

1. Migrates a fresh SQLite database in a temporary directory and loads the places reference
   data, then builds the gazetteer index once (untimed: a long-running extractor does it once).
2. Builds 2 KB articles from the gold set's inputs (English and Urdu), each padded to about
   2,048 characters with background paragraphs of the kind reports end with.
3. Timed: one process extracts every article in turn (`awaaz.evidence.extraction.extract`), as
   `awaaz extract` does line by line. The figure is articles per second on that one core, with
   the p50/p95 time per article, both in CPU time of that process
   (other work on the machine does not change them; wall-clock time is printed beside).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_PER_SECOND = 200
SIZE = 2048
PADDING_EN = (
    " The victim's family said they had been pressured by influential people of the area to "
    "reach a settlement and withdraw the case. Rights activists demanded a transparent "
    "investigation and asked the provincial government to ensure that the medical and DNA "
    "reports were completed without delay. The district police officer said a special team had "
    "been formed and the case would be pursued on merit."
)
PADDING_UR = (
    " متاثرہ خاندان کا کہنا ہے کہ علاقے کے بااثر افراد صلح کے لیے دباؤ ڈال رہے ہیں۔ "
    "سماجی تنظیموں نے واقعے کی شفاف تحقیقات کا مطالبہ کیا ہے جبکہ ڈی پی او کا کہنا ہے "
    "کہ خصوصی ٹیم تشکیل دے دی گئی ہے اور میڈیکل اور ڈی این اے رپورٹس جلد مکمل کی جائیں گی۔"
)


def articles(count: int) -> list[dict[str, Any]]:
    from awaaz.evidence.evaluate import gold_load

    base = [dict(r["input"]) for r in gold_load()]
    out: list[dict[str, Any]] = []
    while len(out) < count:
        for article in base:
            padding = PADDING_UR if article["language"] == "ur" else PADDING_EN
            text = article["text"]
            while len(text) < SIZE:
                text += padding
            out.append({**article, "id": f"{article['id']}-{len(out)}", "text": text[:SIZE]})
            if len(out) == count:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="awaaz-bench-extract-") as tmp:
        os.environ["AWAAZ_VAR_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from awaaz.evidence.extraction import extract
        from awaaz.places.gazetteer import build_index
        from awaaz.places.services import places_load

        call_command("migrate", verbosity=0)
        places_load()
        index = build_index()
        batch = articles(args.articles)
        for article in batch[:20]:  # warm the caches (compiled patterns, word cache)
            extract(article, index=index)
        times: list[float] = []
        started, cpu_started = time.perf_counter(), time.process_time()
        cases = 0
        for article in batch:
            t0 = time.process_time()
            cases += extract(article, index=index).is_case_report
            times.append(time.process_time() - t0)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    # CPU time of this one process: the machine may be busy with other work, and a per-core
    # figure should not depend on it (wall-clock time is printed too).
    rate = len(batch) / cpu
    times.sort()
    mean_size = statistics.mean(len(a["text"]) for a in batch)
    print(f"articles: {len(batch)} (mean {mean_size:.0f} characters; {cases} case reports)")
    print(f"extracted per second on one core: {rate:.0f} (target ≥ {TARGET_PER_SECOND})")
    print(f"wall-clock: {elapsed:.1f} s for {cpu:.1f} s of CPU ({os.getloadavg()[0]:.1f} load)")
    print(
        f"per article: p50 {1000 * times[len(times) // 2]:.2f} ms, "
        f"p95 {1000 * times[int(len(times) * 0.95)]:.2f} ms"
    )
    if rate < TARGET_PER_SECOND:
        print("below the target: compare with the previous commit on the same machine")
    return 0  # like the other benchmarks, a figure for people, not a gate for `make bench`


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
