"""The photo pipeline: what is stored is a fresh, small JPEG with nothing hidden in it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from awaaz.activities.services.reports import (
    PHOTO_LONGEST_SIDE,
    ReportError,
    photo_prepare,
)
from awaaz.activities.tests.reports_support import jpeg_with_gps, png_bytes


def _code(data: bytes) -> str:
    with pytest.raises(ReportError) as caught:
        photo_prepare(data)
    return str(caught.value.code)


def test_the_source_photo_really_carries_gps() -> None:
    # Guards the test below: the upload does have a place and a phone in it.
    with Image.open(io.BytesIO(jpeg_with_gps())) as source:
        exif = source.getexif()
        assert exif[0x010F] == "FictionalPhoneMaker"
        assert exif.get_ifd(0x8825)[2] == (33.0, 41.0, 30.0)


def test_exif_and_gps_are_gone_and_the_photo_is_resized() -> None:
    prepared = photo_prepare(jpeg_with_gps())
    with Image.open(io.BytesIO(prepared.data)) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == PHOTO_LONGEST_SIDE
        assert stored.size == (1600, 1200)
        assert len(stored.getexif()) == 0
        assert "exif" not in stored.info
        assert "icc_profile" not in stored.info
    assert b"FictionalPhoneMaker" not in prepared.data
    assert b"Exif" not in prepared.data


def test_a_small_png_with_transparency_becomes_a_jpeg_of_the_same_size() -> None:
    prepared = photo_prepare(png_bytes((40, 30), mode="RGBA"))
    assert (prepared.width, prepared.height) == (40, 30)
    assert prepared.data[:3] == b"\xff\xd8\xff"


def test_a_script_named_png_is_refused() -> None:
    script = b"#!/bin/sh\necho owned > /tmp/x\n<script>alert(1)</script>\n"
    assert _code(script) == "photo_not_image"


def test_a_png_header_followed_by_a_script_is_refused() -> None:
    fake = b"\x89PNG\r\n\x1a\n" + b"<?php system($_GET['c']); ?>" * 20
    assert _code(fake) == "photo_not_image"


def test_a_real_png_with_a_script_appended_is_stored_without_the_script() -> None:
    polyglot = png_bytes() + b"<script>alert(document.cookie)</script>"
    prepared = photo_prepare(polyglot)
    assert b"<script>" not in prepared.data


def test_a_gif_is_refused_even_though_it_is_an_image() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    assert _code(out.getvalue()) == "photo_not_image"


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    # 20,000 x 20,000 one-bit pixels: a few kilobytes on disk, 400 megapixels once decoded.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    assert len(out.getvalue()) < 200_000
    assert _code(out.getvalue()) == "photo_bomb"


def test_an_image_above_our_own_pixel_limit_is_refused() -> None:
    # 48 megapixels: under Pillow's own limit, above ours.
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")
    assert _code(out.getvalue()) == "photo_bomb"


def test_a_40_mb_photo_is_refused_with_its_size_in_the_message() -> None:
    huge = jpeg_with_gps((64, 64)) + b"\0" * (40 * 1024 * 1024)
    with pytest.raises(ReportError) as caught:
        photo_prepare(huge)
    assert caught.value.code == "photo_too_large"
    assert "40 MB" in caught.value.messages[0]
    assert "15 MB" in caught.value.messages[0]


def test_a_truncated_jpeg_is_refused() -> None:
    data = jpeg_with_gps((400, 300))
    assert _code(data[: len(data) // 3]) == "photo_not_image"


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_relaxed_pillow() -> None:
    import weasyprint  # noqa: F401 - importing it sets Pillow's LOAD_TRUNCATED_IMAGES
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = jpeg_with_gps((400, 300))
    assert _code(data[: len(data) // 3]) == "photo_not_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it
