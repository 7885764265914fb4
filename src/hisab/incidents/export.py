"""Exports of incidents: CSV (one row per incident) and GeoJSON (points with their precision)."""

from __future__ import annotations

import csv
import json
from dataclasses import fields
from pathlib import Path

from hisab.incidents.query import IncidentRow

LIST_FIELDS = ("violation_types", "weapons", "attack_types", "targets")


def export_csv(rows: list[IncidentRow], path: Path) -> int:
    """Write incidents as CSV (lists joined with "; "). Returns the number of rows written."""
    names = [f.name for f in fields(IncidentRow)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=names)
        w.writeheader()
        for r in rows:
            d = r.to_dict()
            for k in LIST_FIELDS:
                d[k] = "; ".join(d[k])
            w.writerow(d)
    return len(rows)


def to_geojson(rows: list[IncidentRow]) -> dict:
    """A FeatureCollection of incidents that have a point; `geo_precision` says whether the point was
    reported or is the centre of the community/neighbourhood (no fake precision)."""
    feats = []
    for r in rows:
        if r.latitude is None or r.longitude is None:
            continue
        props = {k: v for k, v in r.to_dict().items() if k not in ("latitude", "longitude")}
        props = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in props.items()}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def export_geojson(rows: list[IncidentRow], path: Path) -> int:
    """Write the GeoJSON; returns the number of features (incidents without a point are left out)."""
    data = to_geojson(rows)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(data["features"])
