"""Benchmark: event photos checked and re-encoded per second (the closing-report pipeline).

    python -m bench.photos [--photos 40] [--size 4000x3000]

Generates phone-like test photos in memory (a JPEG with EXIF and GPS, noise so that it does not
compress to nothing, 4000 x 3000 by default like a 12 MP phone camera), then runs each through
`photo_prepare` exactly as an upload is: size check, filetype sniff, Pillow header and verify(),
decode, orientation, resize to 1600 px, re-encode without metadata. One process, one core.

It prints photos per second, the median and slowest photo, and the bytes before and after; and
checks that no output carries EXIF. Nothing is written to disk or the database. The numbers are
for comparing commits on one machine, not a capacity plan.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
    import django

    django.setup()


def make_photo(width: int, height: int, seed: int) -> bytes:
    """A fictional phone photo: coloured noise, EXIF with a phone and a place."""
    from PIL import Image

    rng = random.Random(seed)
    # Small noise scaled up keeps generation fast but still gives the encoder real work.
    tile = Image.frombytes(
        "RGB", (width // 8, height // 8), rng.randbytes((width // 8) * (height // 8) * 3)
    )
    image = tile.resize((width, height), Image.Resampling.BILINEAR)
    exif = Image.Exif()
    exif[0x010F] = "BenchPhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (33.0, 41.0, 30.0), 3: "E", 4: (73.0, 3.0, 15.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    _setup()
    from PIL import Image

    from awaaz.activities.services.reports import photo_prepare

    print(f"Generating {args.photos} test photos of {width} x {height} ...", flush=True)
    photos = [make_photo(width, height, seed) for seed in range(args.photos)]
    photo_prepare(photos[0])  # warm-up: imports, codec tables
    timings: list[float] = []
    bytes_in = bytes_out = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for data in photos:
        t0 = time.perf_counter()
        prepared = photo_prepare(data)
        timings.append(time.perf_counter() - t0)
        bytes_in += len(data)
        bytes_out += len(prepared.data)
        with Image.open(io.BytesIO(prepared.data)) as check:
            if len(check.getexif()):
                print("FAIL: a re-encoded photo still carries EXIF", file=sys.stderr)
                return 1
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rate = len(photos) / sum(timings)
    print(f"photos processed per second (one core): {rate:.1f} by wall clock, ", end="")
    print(f"{len(photos) / cpu:.1f} by CPU time")
    print(
        f"per photo: median {statistics.median(timings) * 1000:.0f} ms, "
        f"slowest {max(timings) * 1000:.0f} ms"
    )
    print(
        f"bytes: {bytes_in / len(photos) / 1024:.0f} KB in, "
        f"{bytes_out / len(photos) / 1024:.0f} KB out (average); "
        f"wall {wall:.1f} s, CPU {cpu:.1f} s; no EXIF left in any output"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
