"""Media type by content, never by file name: a `.mov` that is really an MP4 is recorded as MP4.

A table of leading-byte signatures covers the formats investigators meet (photos, video, audio, documents,
archives). Where none matches, exiftool's own file-type detection (if it ran) may refine the answer; the
result says which of the two decided.
"""

from __future__ import annotations

from pathlib import Path

OCTET = "application/octet-stream"

# (offset, signature, media type); checked in order, so more specific entries come first.
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"BM", "image/bmp"),
    (0, b"\x1aE\xdf\xa3", "video/x-matroska"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b".RMF", "application/vnd.rn-realmedia"),
    (0, b"FLV", "video/x-flv"),
    (0, b"0&\xb2u\x8ef\xcf\x11", "video/x-ms-asf"),
    (0, b"\x00\x00\x01\xba", "video/mpeg"),
    (0, b"\x00\x00\x01\xb3", "video/mpeg"),
)

RIFF_KINDS = {b"WEBP": "image/webp", b"AVI ": "video/x-msvideo", b"WAVE": "audio/wav"}

# ISO base media file format (MP4, MOV, HEIC…): the major brand after `ftyp` names the flavour.
BMFF_BRANDS = {
    b"qt  ": "video/quicktime",
    b"heic": "image/heic", b"heix": "image/heic", b"hevc": "image/heic", b"mif1": "image/heif",
    b"msf1": "image/heif", b"avif": "image/avif", b"avis": "image/avif",
    b"M4A ": "audio/mp4", b"M4B ": "audio/mp4", b"3gp4": "video/3gpp", b"3gp5": "video/3gpp",
    b"3gp6": "video/3gpp", b"3g2a": "video/3gpp2", b"crx ": "image/x-canon-cr3",
}
QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def sniff_bytes(head: bytes) -> str:
    """The media type named by a file's first bytes (at least 64 of them), or application/octet-stream."""
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] in RIFF_KINDS:
        return RIFF_KINDS[head[8:12]]
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return BMFF_BRANDS.get(head[8:12], "video/mp4")
    if len(head) >= 8 and head[4:8] in QUICKTIME_ATOMS:
        return "video/quicktime"
    for offset, signature, media_type in SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            if media_type == "video/x-matroska" and b"webm" in head[:64]:
                return "video/webm"
            return media_type
    if (head[:1] == b"\xff" and len(head) > 1 and head[1] & 0xE0 == 0xE0 and head[1] & 0x06
            and head[1] & 0x18 != 0x08):
        return "audio/mpeg"
    if head[:1] == b"\xff" and len(head) > 1 and head[1] & 0xF6 == 0xF0:
        return "audio/aac"
    if head and _looks_like_text(head):
        return _text_kind(head)
    return OCTET


def sniff_file(path: Path) -> str:
    """The media type of a file from its first 4 KiB."""
    with open(path, "rb") as handle:
        return sniff_bytes(handle.read(4096))


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample
    return True


def _text_kind(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<x:xmpmeta"):
        return "application/xml"
    if stripped.startswith(b"<!doctype html") or stripped.startswith(b"<html"):
        return "text/html"
    if stripped[:1] in (b"{", b"["):
        return "application/json"
    return "text/plain"


def top_level(media_type: str | None) -> str:
    """`image`, `video`, `audio`… the part before the slash."""
    return (media_type or OCTET).split("/", 1)[0]
