"""`awaaz extract [--dedup] < articles.jsonl > extracted.jsonl`: the extractor's fixed contract.

Each input line is a JSON object with `id`, `title`, `text`, `language` ("en"/"ur"), `date`,
`url`. Each output line has `id`, `is_case_report`, `victims` (`gender`, `age`, `age_group`),
`offence_types`, `perpetrator_relationship`, `num_accused`, `district`, `province`,
`ppc_sections`, `fir_registered`, `arrest_made` (docs/codebook.md, "Extraction rules"). Lines
are read and written one at a time; a line that cannot be read is reported on stderr with its
number and skipped. With `--dedup` the output also carries `cluster`, shared by articles about
the same incident; clustering needs every article, so with `--dedup` the lines are written at
the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from django.core.management.base import BaseCommand

from awaaz.evidence.extraction import extract

REQUIRED = ("id", "text")


def clusters_for(
    articles: Sequence[Mapping[str, Any]], extracted: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """{article id: cluster id}, by the de-duplication of awaaz/evidence/dedup.py (E3)."""
    from awaaz.evidence.dedup import cluster_articles

    records = []
    for article in articles:
        fields = extracted[str(article["id"])]
        records.append(
            {
                "id": str(article["id"]),
                "title": article.get("title") or "",
                "text": article.get("text") or "",
                "language": article.get("language") or "",
                "date": article.get("date"),
                "district": fields.get("district"),
                "victims": fields.get("victims") or [],
                "offence_types": fields.get("offence_types") or [],
            }
        )
    return {rid: cluster.id for rid, cluster in cluster_articles(records).items()}


def parse_line(line: str) -> dict[str, Any]:
    """One input line, or ValueError with a message fit for a person."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if not isinstance(data["text"], str) or not isinstance(data.get("title", ""), str | None):
        raise ValueError("title and text must be strings")
    return data


def run(
    stdin: TextIO, stdout: TextIO, stderr: TextIO, *, dedup: bool, index: Any = None
) -> tuple[int, int]:
    """Extract every line; returns (lines written, lines refused)."""
    written = refused = 0
    kept: list[dict[str, Any]] = []
    results: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            article = parse_line(line)
            result = extract(article, index=index).as_dict()
        except ValueError as error:
            stderr.write(f"line {number}: {error}\n")
            refused += 1
            continue
        if not dedup:
            stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            stdout.flush()
            written += 1
            continue
        article["id"] = result["id"]
        kept.append(article)
        results[result["id"]] = result
        order.append(result["id"])
    if dedup and kept:
        clusters = clusters_for(kept, results)
        for rid in order:
            results[rid]["cluster"] = clusters[rid]
            stdout.write(json.dumps(results[rid], ensure_ascii=False) + "\n")
            written += 1
    return written, refused


class Command(BaseCommand):
    help = "Read news articles (JSON lines) on stdin and write what they report on stdout."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dedup",
            action="store_true",
            help="add a `cluster` id shared by articles about the same incident",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The streams are the contract: JSON lines out, errors on stderr, nothing else.
        run(sys.stdin, sys.stdout, sys.stderr, dedup=options["dedup"])
