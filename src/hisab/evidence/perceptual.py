"""Perceptual hashes for near-duplicates: dHash for photos and for frames sampled from video.

dHash (the sign of horizontal gradients on a 9x8 greyscale thumbnail) survives recompression, resizing and
logo overlays better than pHash (evidence reference note, section 4). Video is sampled at about one frame
per second with PyAV (its wheel bundles FFmpeg); near-blank frames (fades, black) are skipped because their
hashes are noise. Two videos match on the share of one's frames that have a close frame in the other, so
trimmed clips and re-encodes are found.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, ImageOps

log = logging.getLogger(__name__)

THRESHOLD = 10  # bits of 64; distinct images measured here differ by >= 17
MIN_STD = 3.0  # greyscale standard deviation below which a frame is treated as blank
MAX_FRAMES = 240
FRAME_SHARE = 0.5


@dataclass(frozen=True)
class PerceptualHash:
    """`kind` is `image` (one hash) or `video` (one hash per sampled frame); hashes are 16 hex digits."""

    kind: str
    hashes: tuple[str, ...]

    def to_text(self) -> str:
        return f"dhash-{self.kind}:" + ",".join(self.hashes)

    @classmethod
    def from_text(cls, text: str | None) -> PerceptualHash | None:
        if not text or ":" not in text:
            return None
        prefix, _, body = text.partition(":")
        kind = prefix.removeprefix("dhash-")
        hashes = tuple(h for h in body.split(",") if h)
        return cls(kind, hashes) if hashes else None


def dhash(image: Image.Image) -> str | None:
    """The 64-bit dHash of an image as hex, or None for a blank image."""
    grey = ImageOps.exif_transpose(image).convert("L")
    if float(np.asarray(grey.resize((32, 32), Image.Resampling.BILINEAR), dtype=np.float32).std()) < MIN_STD:
        return None
    small = np.asarray(grey.resize((9, 8), Image.Resampling.LANCZOS), dtype=np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return f"{value:016x}"


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    with _PILLOW_FLAG:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


_PILLOW_FLAG = threading.Lock()


def image_hash(path: Path) -> PerceptualHash | None:
    """dHash of a photo; None where Pillow cannot decode it (truncated, not an image).

    Pillow's LOAD_TRUNCATED_IMAGES is process-wide and other libraries switch it on at import (WeasyPrint
    does): it is held off while the image is decoded, so that a truncated file is always reported.
    """
    try:
        with _truncated_images_refused(), Image.open(path) as image:
            image.draft("RGB", (256, 256))  # DCT-scaled JPEG decode: 4x faster, same hash
            value = dhash(image)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        log.info("no perceptual hash for %s: %s", path, exc)
        return None
    return PerceptualHash("image", (value,)) if value else None


def video_hash(path: Path, fps: float = 1.0) -> PerceptualHash | None:
    """dHashes of frames sampled about `fps` times a second; None where PyAV cannot decode any frame."""
    import av

    hashes: list[str] = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            next_time = 0.0
            for frame in container.decode(stream):
                t = float(frame.time) if frame.time is not None else next_time
                if t + 1e-6 < next_time:
                    continue
                next_time = t + 1.0 / fps
                value = dhash(frame.to_image())
                if value:
                    hashes.append(value)
                if len(hashes) >= MAX_FRAMES:
                    break
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        log.info("video decoding stopped for %s: %s", path, exc)
    return PerceptualHash("video", tuple(hashes)) if hashes else None


def hash_file(path: Path, media_type: str) -> PerceptualHash | None:
    kind = media_type.split("/", 1)[0]
    if kind == "image":
        return image_hash(path)
    if kind == "video":
        return video_hash(path)
    return None


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True)
class Similarity:
    """How close two hashed items are: best frame distance and share of frames matched."""

    distance: int
    share: float

    @property
    def similar(self) -> bool:
        return self.distance <= THRESHOLD and self.share >= FRAME_SHARE


def compare(a: PerceptualHash, b: PerceptualHash, threshold: int = THRESHOLD) -> Similarity:
    """Share of the shorter side's frames with a match within `threshold` bits on the other side."""
    short, long_ = (a.hashes, b.hashes) if len(a.hashes) <= len(b.hashes) else (b.hashes, a.hashes)
    long_values = np.array([int(h, 16) for h in long_], dtype=np.uint64)
    best_overall, matched = 64, 0
    for h in short:
        xor = np.bitwise_xor(long_values, np.uint64(int(h, 16)))
        best = int(min(int(x).bit_count() for x in xor))
        best_overall = min(best_overall, best)
        matched += best <= threshold
    return Similarity(best_overall, matched / len(short))
