"""What hisab learns from a stored object's bytes: media type, metadata, C2PA verdict, perceptual hash.

Run on the vault copy (read-only, named by hash), never on the user's original, so nothing can be
modified and the file name cannot steer format detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hisab.evidence.mediatype import OCTET, sniff_file
from hisab.evidence.metadata import Metadata, MetadataReader
from hisab.evidence.perceptual import PerceptualHash, hash_file
from hisab.evidence.provenance import ProvenanceChecker, ProvenanceVerdict


@dataclass
class Analysis:
    media_type: str
    media_type_by: str
    metadata: Metadata
    provenance: ProvenanceVerdict
    perceptual: PerceptualHash | None
    warnings: list[str] = field(default_factory=list)

    def metadata_json(self) -> dict[str, Any]:
        return {**self.metadata.to_dict(), "media_type_by": self.media_type_by}


def analyse_many(paths: list[Path], *, reader: MetadataReader,
                 trust_anchors: list[Path] | None = None) -> list[Analysis]:
    """Analyse stored objects; metadata for all of them in one batch of an open MetadataReader."""
    if not paths:
        return []
    checker = ProvenanceChecker(trust_anchors)
    metas = reader.read_many(paths)
    out = []
    for path, meta in zip(paths, metas, strict=True):
        media_type, by = sniff_file(path), "signature"
        if media_type == OCTET and meta.mime_type:
            media_type, by = meta.mime_type, meta.tool
        analysis = Analysis(media_type, by, meta, checker.check(path, media_type), None)
        if meta.missing:
            analysis.warnings.append(meta.missing)
        for key, value in meta.tags.items():
            if key.endswith(("ExifTool:Warning", "ExifTool:Error")):
                analysis.warnings.append(f"exiftool: {value}")
        kind = media_type.split("/", 1)[0]
        if kind in ("image", "video"):
            analysis.perceptual = hash_file(path, media_type)
            if analysis.perceptual is None:
                analysis.warnings.append(
                    f"{kind} could not be decoded (truncated or damaged?): stored as is, without a "
                    "perceptual hash")
        out.append(analysis)
    return out
