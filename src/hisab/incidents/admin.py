"""The admin tables shipped with hisab: governorates (OCHA P-codes) and which governorate each district is in.

The Syrian Archive gazetteer names each community's sub-district and district but not its governorate;
the 61 districts' governorates come from `data/incidents/districts.csv`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hisab.incidents.textnorm import place_key


@dataclass(frozen=True)
class Governorate:
    """An admin-1 unit: OCHA P-code, English and Arabic names, other spellings."""

    pcode: str
    name_en: str
    name_ar: str
    aliases: tuple[str, ...]


DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "incidents"


def _data_rows(name: str) -> list[dict[str, str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def governorates() -> dict[str, Governorate]:
    """All 14 governorates by P-code."""
    out = {}
    for row in _data_rows("governorates.csv"):
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        out[row["pcode"]] = Governorate(row["pcode"], row["name_en"], row["name_ar"], aliases)
    return out


@lru_cache(maxsize=1)
def district_governorates() -> dict[str, str]:
    """District key (normalised English name) -> governorate P-code."""
    return {place_key(r["name_en"]): r["governorate_pcode"] for r in _data_rows("districts.csv")}


def governorate_of_district(district_en: str) -> str | None:
    """The governorate P-code of a district named as the Syrian Archive gazetteer names it."""
    return district_governorates().get(place_key(district_en))


def governorate_keys() -> dict[str, set[str]]:
    """Normalised name -> governorate P-codes it can mean ("دمشق" means Damascus or Rural Damascus)."""
    out: dict[str, set[str]] = {}
    for g in governorates().values():
        for name in (g.name_en, g.name_ar, *g.aliases):
            out.setdefault(place_key(name), set()).add(g.pcode)
    return out
