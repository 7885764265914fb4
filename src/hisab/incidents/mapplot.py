"""A map of incidents by type, drawn with matplotlib alone (no web tiles): the gazetteer's communities
sketch the country, governorate names mark the regions, incidents are coloured by type."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hisab.incidents.gazetteer import COMMUNITY, PlaceEntry
from hisab.incidents.query import IncidentRow

TYPE_COLOURS = {
    "chemical weapons": "#d62728", "attack on health care": "#1f77b4", "barrel bomb": "#ff7f0e",
    "other": "#7f7f7f",
}


def incident_type(r: IncidentRow) -> str:
    """The category a map colours an incident by."""
    if r.attack_types or r.origin == "who-ssa":
        return "attack on health care"
    if {"chemical", "chlorine", "sarin", "mustard"} & set(r.weapons):
        return "chemical weapons"
    if "barrel_bomb" in r.weapons:
        return "barrel bomb"
    return "other"


def draw_incident_map(rows: list[IncidentRow], places: list[PlaceEntry], path: Path,
                      title: str = "Incidents by type") -> dict[str, int]:
    """Write a PNG map to `path`; returns the number of incidents drawn per type."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 8), dpi=110)
    comm = [(p.lon, p.lat) for p in places if p.level == COMMUNITY and p.lat is not None and p.lon is not None]
    if comm:
        xs, ys = zip(*comm, strict=True)
        ax.scatter(xs, ys, s=1, c="#dddddd", zorder=1, linewidths=0)
    centres: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in places:
        if p.level == COMMUNITY and p.lat is not None and p.governorate_pcode:
            centres[p.governorate_pcode].append((p.lon, p.lat))  # type: ignore[arg-type]
    names = {p.governorate_pcode: p.name_en for p in places if p.level == 1}
    for gov, pts in centres.items():
        x = sum(a for a, _ in pts) / len(pts)
        y = sum(b for _, b in pts) / len(pts)
        ax.text(x, y, names.get(gov, gov), fontsize=7, color="#888888", ha="center", zorder=2)
    groups: dict[str, list[IncidentRow]] = defaultdict(list)
    for r in rows:
        if r.latitude is not None and r.longitude is not None:
            groups[incident_type(r)].append(r)
    for kind, items in sorted(groups.items()):
        ax.scatter([r.longitude for r in items], [r.latitude for r in items], s=28, alpha=0.75,
                   c=TYPE_COLOURS.get(kind, "#7f7f7f"), edgecolors="black", linewidths=0.3,
                   label=f"{kind} ({len(items)})", zorder=3)
    ax.set_aspect(1.2)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title)
    if groups:
        ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return {k: len(v) for k, v in groups.items()}


def draw_store_map(store, path: Path, *, origin: str | None = None,
                   title: str = "Incidents by type") -> dict[str, int]:
    """Draw the map of the store's incidents (what `make demo` calls); returns counts per type."""
    from hisab.incidents.places import place_entries
    from hisab.incidents.query import list_incidents

    return draw_incident_map(list_incidents(store, origin=origin), place_entries(store), path, title)
