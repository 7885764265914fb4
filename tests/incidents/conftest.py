"""Fixtures of the incidents tests: a small synthetic gazetteer in the Syrian Archive format, and stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hisab.incidents.places import load_places
from hisab.store import open_store

# (id, english "place - sub-district - district", arabic, pcode, lat, lon, sa_loc_only, old_sa_name)
PLACES = [
    (0, "Aleppo - Jebel Saman - Jebel Saman", "حلب - جبل سمعان - جبل سمعان", "C1007", 36.206, 37.152, "FALSE", ""),
    (1, "Kafr Naha - Atareb - Jebel Saman", "كفر ناها - الأتارب - جبل سمعان", "C1034", 36.196, 36.853, "FALSE", ""),
    (2, "Duma (Duma) - Duma - Duma", "دوما - مركز دوما - دوما", "C2338", 33.571, 36.405, "FALSE", "دمشق : دوما البلد"),
    (3, "Duma (Hamra) - Hamra - Hama", "دوما - الحمرا - مركز حماة", "C3076", 35.33, 36.93, "FALSE", ""),
    (4, "Kafr Takharim - Kafr Takharim - Harim", "كفرتخاريم - كفرتخاريم - حارم", "C4157", 36.116, 36.515, "FALSE",
     "ادلب : كفرتخاريم"),
    (5, "Zamalka - Arbin - Rural Damascus", "زملكا - عربين - مركز ريف دمشق", "C2320", 33.527, 36.358, "FALSE",
     "دمشق : زملكا"),
    (6, "Arbin - Arbin - Rural Damascus", "عربين - عربين - مركز ريف دمشق", "C2321", 33.539, 36.366, "FALSE", ""),
    (7, "Damascus - Damascus - Damascus", "دمشق - مدينة دمشق - مدينة دمشق", "C1001", 33.517, 36.295, "FALSE", ""),
    (8, "DAMASCUS : Jobar", "مدينة دمشق : جوبر", "SY010000", 33.531, 36.331, "TRUE", "دمشق : جوبر"),
    (9, "Saraqab - Saraqab - Idleb", "سراقب - سراقب - مركز إدلب", "C3916", 35.861, 36.806, "FALSE", "ادلب : سراقب"),
]


def write_gazetteer(path: Path) -> Path:
    rows = []
    for pid, en, ar, code, lat, lon, only, old in PLACES:
        short = (ar.split(" : ")[-1] if only == "TRUE" else ar.split(" - ")[0])
        rows.append({"id": pid, "search_name_en": f"{en} --- ((({pid})))", "search_name_ar": f"{ar} --- ((({pid})))",
                     "search_name_ar_short": f"{short} ((({pid})))", "closest_geonames_post_code": code,
                     "old_sa_name": old, "lat": lat, "lon": lon, "sa_loc_only": only})
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def gazetteer_file(tmp_path: Path) -> Path:
    return write_gazetteer(tmp_path / "gazetteer.json")


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(f"sqlite:///{tmp_path / 'hisab.db'}")
    yield s
    s.dispose()


@pytest.fixture
def placed_store(store, gazetteer_file):
    """A fresh store with the synthetic gazetteer loaded."""
    load_places(store, gazetteer_file)
    return store


def cw_incident(code: str, **fields) -> dict:
    """One incident in the Syrian Archive CW database's shape (booleans as 'TRUE'/'FALSE' strings)."""
    row = {"incident_code": code, "un_title": "", "fr_title": "", "incident_date": "2013-08-21", "incident_time": "",
           "summary_ar": "", "summary_en": "A synthetic incident.", "title_en": f"Incident {code}", "title_ar": "",
           "location": "دمشق : زملكا", "latitude": "", "longitude": "", "weapons_used.0": "Chemical Weapons",
           "weapons_used.1": "", "collections.0": "Chemical weapons", "Unlawful_attacks": "TRUE",
           "Use_of_illegal_weapons": "TRUE", "armed_group": "", "confidence": 2, "staff": "", "weather": ""}
    row.update(fields)
    return row


def write_json(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


WHO_HEADER = ("Attack ID,Attack Date,Attack Time,Country / Territory,Certainty Level,Attack Type,Total Injured,"
              "Total Death,HC Facilities,HC Transport,HC Personnel,HC Supplies Assets,HC Warehouse Storage,HC Patients,"
              "HC Other,Type of Facility,Facility Other,HW Abduction,HW Arrest,HW Detention,Patient Abduction,"
              "Patient Arrest,Patient Detention")


def who_row(attack_id: str, date: str = "2021-03-21 09:00:00", types: str = "Violence with heavy weapons "
            "(requires more than one person to use such as firearms, tanks, missiles, bombs, mortars)",
            injured: str = "1", deaths: str = "0", certainty: str = "Confirmed",
            country: str = "Syrian Arab Republic") -> str:
    return (f'{attack_id},{date},Time Unknown,{country},{certainty},"{types}",{injured},{deaths},YES,NO,NO,NO,NO,NO,,'
            "Secondary,,0,0,0,0,0,0")


@pytest.fixture
def fx():
    """The helpers above, for test modules (conftest is not importable under --import-mode=importlib)."""
    from types import SimpleNamespace

    return SimpleNamespace(cw_incident=cw_incident, write_json=write_json, who_row=who_row, WHO_HEADER=WHO_HEADER)
