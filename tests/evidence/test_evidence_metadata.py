"""Acceptance: capture times and GPS agree with exiftool's reference outputs; fallback coverage."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file

from pathlib import Path

import pytest
from evidence_expected import expected
from evidence_helpers import need_exiftool

from hisab.evidence.dates import derive_capture_time, normalise_datetime
from hisab.evidence.metadata import MetadataReader


def _agreement(folder: Path, use_exiftool: bool) -> tuple[int, int, int, int, list[str]]:
    exp = expected(folder / "expected_out")
    images = {p.name: p for p in (folder / "images").iterdir()}
    names = [n for n in exp if n in images]
    with MetadataReader(use_exiftool) as reader:
        metas = dict(zip(names, reader.read_many([images[n] for n in names]), strict=True))
    cap_ok = gps_ok = cap_total = gps_total = 0
    misses = []
    for name in names:
        want, meta = exp[name], metas[name]
        if want["capture"]:
            cap_total += 1
            if (meta.capture.value or "")[:19] == want["capture"]:
                cap_ok += 1
            else:
                misses.append(f"{name}: capture {meta.capture.value} != {want['capture']}")
        if want["gps"]:
            gps_total += 1
            if meta.gps and all(abs(a - b) < 5e-4 for a, b in zip(meta.gps, want["gps"], strict=True)):
                gps_ok += 1
            else:
                misses.append(f"{name}: gps {meta.gps} != {want['gps']}")
    return cap_ok, cap_total, gps_ok, gps_total, misses


def test_exiftool_agrees_with_reference(shared):
    need_exiftool()
    cap_ok, cap_total, gps_ok, gps_total, misses = _agreement(shared("exiftool-test-images"), True)
    assert cap_total >= 53 and cap_ok == cap_total, misses
    # Garmin.fit needs exiftool >= 13; Debian's 12.57 cannot read it.
    assert gps_ok >= gps_total - 1 and gps_ok >= 4, misses


def test_fallback_reads_photo_exif(shared):
    cap_ok, _cap_total, gps_ok, _gps_total, _ = _agreement(shared("exiftool-test-images"), False)
    assert cap_ok >= 30 and gps_ok >= 4


def test_fallback_says_what_is_missing(shared):
    with MetadataReader(use_exiftool=False) as reader:
        meta = reader.read_many([shared("exiftool-test-images/images/GPS.jpg")])[0]
    assert not meta.complete and "exiftool is not installed" in meta.missing
    assert meta.capture.value == "2002-07-13T15:58:28" and meta.gps == pytest.approx((54.98967, -1.91417), abs=1e-4)


def test_every_date_kept_and_rule_shown():
    tags = {"EXIF:ExifIFD:DateTimeOriginal": "2013:08:21 02:30:00", "EXIF:ExifIFD:OffsetTimeOriginal": "+03:00",
            "QuickTime:CreateDate": "2013:08:20 23:30:00", "MakerNotes:Pentax:DateTimeOriginal": "2013:08:21 02:30:34",
            "File:System:FileModifyDate": "2026:01:01 00:00:00+00:00"}
    from hisab.evidence.dates import date_tags

    kept = {d.tag for d in date_tags(tags)}
    assert kept == {"EXIF:ExifIFD:DateTimeOriginal", "QuickTime:CreateDate", "MakerNotes:Pentax:DateTimeOriginal",
                    "EXIF:ExifIFD:OffsetTimeOriginal"}
    capture = derive_capture_time(tags)
    assert (capture.value, capture.tag, capture.step, capture.time_zone) == (
        "2013-08-21T02:30:00", "EXIF:ExifIFD:DateTimeOriginal", 1, "+03:00")
    assert "QuickTime CreateDate" in capture.rule


@pytest.mark.parametrize("raw", ["0000:00:00 00:00:00", "", "2003", "not a date", "    "])
def test_unusable_dates_are_not_capture_times(raw):
    assert normalise_datetime(raw) is None
