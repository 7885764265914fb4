"""Acceptance: resized and re-encoded copies (image and video) are near-duplicates; different ones are not."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import av
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env

from hisab.evidence import add, similar
from hisab.evidence.perceptual import compare, image_hash, video_hash


def scene(seed: int, width=320, height=240, shift=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    image = np.zeros((height, width, 3), dtype=np.float64)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, 90)
        colour = rng.uniform(0, 255, 3)
        mask = ((x - cx - shift) ** 2 + (y - cy) ** 2) < r * r
        image[mask] = colour
    image += (x / width * 60)[..., None]
    return np.clip(image, 0, 255).astype(np.uint8)


def write_video(path: Path, seed: int, seconds: int = 6, size=(320, 240), codec="mpeg4", fps=10) -> None:
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for i in range(seconds * fps):
            frame = Image.fromarray(scene(seed + i // fps, shift=i % fps)).resize(size)
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def jpeg(array: np.ndarray, quality: int, scale: float = 1.0) -> bytes:
    image = Image.fromarray(array)
    if scale != 1.0:
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_images(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "original.jpg").write_bytes(jpeg(scene(1), 95))
    (drop / "resized.jpg").write_bytes(jpeg(scene(1), 95, scale=0.4))
    (drop / "reencoded.jpg").write_bytes(jpeg(scene(1), 25))
    (drop / "other.jpg").write_bytes(jpeg(scene(2), 95))
    store, vault = make_env(tmp_path)
    ids = {i.original_filename: i.id for i in add(store, vault, [drop]).items}
    found = {m.item["original_filename"] for m in similar(store, str(ids["original.jpg"]))}
    assert found == {"resized.jpg", "reencoded.jpg"}
    assert {m.item["original_filename"] for m in similar(store, str(ids["other.jpg"]))} == set()


def test_videos(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    write_video(drop / "original.mp4", seed=10)
    write_video(drop / "smaller.mp4", seed=10, size=(160, 120))
    write_video(drop / "other.mp4", seed=50)
    original, smaller, other = (video_hash(drop / n) for n in ("original.mp4", "smaller.mp4", "other.mp4"))
    assert compare(original, smaller).similar
    assert not compare(original, other).similar
    store, vault = make_env(tmp_path)
    ids = {i.original_filename: i.id for i in add(store, vault, [drop]).items}
    assert {m.item["original_filename"] for m in similar(store, str(ids["original.mp4"]))} == {"smaller.mp4"}


def test_fixture_images_distinct_but_cross_format_copy_found(shared):
    folder = shared("c2pa-media-fixtures")
    a, png, p = (image_hash(folder / n) for n in ("A.jpg", "sample1.png", "P1000827.jpg"))
    assert compare(a, png).similar and not compare(a, p).similar
