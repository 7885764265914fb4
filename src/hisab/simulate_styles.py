"""How each simulated list looks: its columns, script, formats, coverage and the noise of its clerks.

Kept apart from `simulate.py` (which draws the conflict) because this is the part users extend: a new list
style is a new `ListStyle` row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

# name_en, name_ar, OCHA admin-1 P-code, share of deaths, three towns (en, ar)
GOVERNORATES = [
    ("Damascus", "دمشق", "SY01", 0.05, [("Jobar", "جوبر"), ("Qaboun", "القابون"), ("Yarmouk", "اليرموك")]),
    ("Aleppo", "حلب", "SY02", 0.19, [("Aleppo", "حلب"), ("Al-Bab", "الباب"), ("Azaz", "اعزاز")]),
    ("Rural Damascus", "ريف دمشق", "SY03", 0.20, [("Douma", "دوما"), ("Daraya", "داريا"), ("Zamalka", "زملكا")]),
    ("Homs", "حمص", "SY04", 0.11, [("Homs", "حمص"), ("Rastan", "الرستن"), ("Talbiseh", "تلبيسة")]),
    ("Hama", "حماة", "SY05", 0.07, [("Hama", "حماة"), ("Kafr Zita", "كفرزيتا"), ("Latamneh", "اللطامنة")]),
    ("Lattakia", "اللاذقية", "SY06", 0.02, [("Lattakia", "اللاذقية"), ("Jableh", "جبلة"), ("Salma", "سلمى")]),
    ("Idleb", "إدلب", "SY07", 0.14, [("Idleb", "إدلب"), ("Khan Shaykhun", "خان شيخون"), ("Saraqab", "سراقب")]),
    ("Al-Hasakeh", "الحسكة", "SY08", 0.02, [("Hasakeh", "الحسكة"), ("Qamishli", "القامشلي"),
                                           ("Ras al-Ain", "رأس العين")]),
    ("Deir-ez-Zor", "دير الزور", "SY09", 0.06, [("Deir ez-Zor", "دير الزور"), ("Mayadin", "الميادين"),
                                               ("Albu Kamal", "البوكمال")]),
    ("Tartous", "طرطوس", "SY10", 0.01, [("Tartous", "طرطوس"), ("Baniyas", "بانياس"), ("Safita", "صافيتا")]),
    ("Ar-Raqqa", "الرقة", "SY11", 0.05, [("Raqqa", "الرقة"), ("Tabqa", "الطبقة"), ("Tal Abyad", "تل أبيض")]),
    ("Dar'a", "درعا", "SY12", 0.07, [("Daraa", "درعا"), ("Inkhil", "انخل"), ("Busra al-Sham", "بصرى الشام")]),
    ("As-Sweida", "السويداء", "SY13", 0.005, [("Sweida", "السويداء"), ("Shahba", "شهبا"), ("Salkhad", "صلخد")]),
    ("Quneitra", "القنيطرة", "SY14", 0.005, [("Quneitra", "القنيطرة"), ("Khan Arnabah", "خان أرنبة"),
                                            ("Jubata al-Khashab", "جباتا الخشب")]),
]
# perpetrator -> share of deaths (the truth the simulator knows)
PERPETRATORS = {
    "Syrian government forces": 0.62, "Russian forces": 0.10, "ISIS": 0.09, "Armed opposition groups": 0.07,
    "International coalition": 0.04, "Other or unknown": 0.08,
}
PERP_LABELS = {
    "en": ["Regime forces", "Russian forces", "ISIS", "Armed opposition", "Coalition forces", "Unknown"],
    "ar": ["قوات النظام", "القوات الروسية", "داعش", "المعارضة المسلحة", "قوات التحالف", "غير معروف"],
}
CAUSES = {
    "en": [["Shelling", "Warplane shelling", "Shooting", "Torture", "Barrel bomb"], ["Warplane shelling"],
           ["Field execution", "Explosion", "Shooting"], ["Shelling", "Shooting"], ["Warplane shelling"],
           ["Explosion", "Shooting", "Shelling"]],
    "ar": [["قصف", "قصف طيران", "إطلاق نار", "تعذيب", "برميل متفجر"], ["قصف طيران"],
           ["إعدام ميداني", "انفجار", "إطلاق نار"], ["قصف", "إطلاق نار"], ["قصف طيران"],
           ["انفجار", "إطلاق نار", "قصف"]],
}
START = date(2011, 3, 15)
_HAMZA = str.maketrans("أإآ", "ااا")


@dataclass(frozen=True)
class ListStyle:
    """One documentation group's list: layout, script and habits."""

    name: str
    id_prefix: str
    script: str  # ar or en
    fmt: str  # csv or xlsx
    columns: list[tuple[str, str]]  # (role, header) after the record id column
    sex_style: str  # ar, mf, word, sexage
    date_style: str  # dmy, iso, iso00
    capture: float
    strong_governorates: list[int] = field(default_factory=list)
    air_strikes: bool = False
    follows: int | None = None
    # capture multiplier for hard-to-reach victims: lists built from remote sources rarely reach them,
    # a group with field documenters or a hospital registry reaches them as well as anyone else
    hard_reach: float = 0.3
    duplicates: float = 0.01
    drop_grandfather: float = 0.15

    def header(self) -> list[str]:
        return [self.id_header, *(h for _, h in self.columns)]

    @property
    def id_header(self) -> str:
        return "الرقم" if self.script == "ar" else "ID"

    def mapping(self, name: str) -> dict[str, Any]:
        columns = {"record_id": self.id_header}
        columns.update({role: header for role, header in self.columns})
        return {"name": name, "columns": columns, "constants": {"fate": "killed"},
                "date_order": "dmy", "description": f"simulated list {name} ({self.script}, {self.fmt})"}

    def render(self, rng: np.random.Generator, tokens, people: dict[str, np.ndarray], i: int) -> list[Any]:
        ar = self.script == "ar"
        gov = GOVERNORATES[people["gov"][i]]
        values = {
            "name": lambda: self._name(rng, tokens, people, i),
            "sex": lambda: self._sex(rng, people, i),
            "sex_age": lambda: self._sex_age(people, i),
            "age": lambda: self._age(rng, people, i),
            "date": lambda: self._date(rng, people, i),
            "governorate": lambda: gov[1 if ar else 0],
            "place": lambda: gov[4][people["town"][i]][1 if ar else 0],
            "cause": lambda: _pick_cause(self.script, people, i),
            "perpetrator": lambda: self._perpetrator(rng, people, i),
            "status": lambda: ("Civilian", "Combatant", "مدني", "عسكري")[2 * ar + int(people["combatant"][i])],
        }
        return [values[role]() for role, _ in self.columns]

    def _name(self, rng, tokens, people, i) -> str:
        parts = ["given", "father", "grandfather", "family"]
        if rng.random() < self.drop_grandfather:
            parts.remove("grandfather")
        if self.script == "ar":
            return " ".join(_arabic_variant(rng, tokens.arabic[people[p][i]]) for p in parts)
        return " ".join(_latin_variant(rng, tokens.latin[people[p][i]], p == "family") for p in parts)

    def _sex(self, rng, people, i) -> str:
        if rng.random() < 0.02:
            return ""
        female = int(people["sex"][i])
        return {"ar": ("ذكر", "أنثى"), "mf": ("m", "f"), "word": ("male", "female")}[self.sex_style][female]

    def _sex_age(self, people, i) -> str:
        return f"{'Child' if people['child'][i] else 'Adult'} - {'Female' if people['sex'][i] else 'Male'}"

    def _age(self, rng, people, i) -> str:
        u = rng.random()
        if u < 0.12:
            return ""
        age = int(people["age"][i])
        if u < 0.27:
            age = max(0, age + (1 if rng.random() < 0.5 else -1))
        return str(age)

    def _date(self, rng, people, i) -> str:
        day = START + timedelta(days=int(people["day"][i]))
        u = rng.random()
        if u < 0.02:
            return "0000-00-00" if self.date_style == "iso00" else ""
        if u < 0.05 and self.date_style == "iso00":
            return f"{day.year:04d}-{day.month:02d}-00"
        if u < 0.10:
            day += timedelta(days=1 if rng.random() < 0.5 else -1)
        if self.date_style == "dmy":
            return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
        return day.isoformat()

    def _perpetrator(self, rng, people, i) -> str:
        u = rng.random()
        if u < 0.05:
            return ""
        labels = PERP_LABELS[self.script]
        return labels[-1] if u < 0.10 else labels[int(people["perp"][i])]


def _pick_cause(script: str, people, i: int) -> str:
    options = CAUSES[script][int(people["perp"][i])]
    return options[int(people["cause"][i]) % len(options)]


def _arabic_variant(rng: np.random.Generator, token: str) -> str:
    """The spellings clerks produce: alef without hamza, ha for ta marbuta, ya for alef maqsura, compounds
    written apart, and the article dropped now and then."""
    u = rng.random()
    if u < 0.08:
        token = token.translate(_HAMZA)
    elif u < 0.12 and token.endswith("ة"):
        token = token[:-1] + "ه"
    elif u < 0.14 and token.endswith("ى"):
        token = token[:-1] + "ي"
    elif u < 0.30 and token.startswith("عبد") and len(token) > 4 and token[3] != " ":
        token = "عبد " + token[3:]
    elif u < 0.32 and token.startswith("ال") and len(token) > 4:
        token = token[2:]
    return token


def _latin_variant(rng: np.random.Generator, spellings: list[str], family: bool) -> str:
    """One of the token's known spellings, with the article written the ways lists write it."""
    spelling = spellings[0] if rng.random() < 0.6 else spellings[int(rng.integers(len(spellings)))]
    if family and spelling.startswith("al-"):
        stem = spelling[3:].capitalize()
        style = rng.random()
        return ("Al-" + stem if style < 0.45 else "al-" + stem if style < 0.6 else "Al " + stem
                if style < 0.75 else "El-" + stem if style < 0.85 else stem)
    return " ".join(w.capitalize() for w in spelling.split())


STYLES = [
    ListStyle("sn_martyrs", "SN", "ar", "csv",
              [("name", "الاسم الكامل"), ("sex", "الجنس"), ("age", "العمر"), ("date", "تاريخ الوفاة"),
               ("governorate", "المحافظة"), ("place", "المنطقة"), ("cause", "سبب الوفاة"),
               ("perpetrator", "الجهة المسؤولة")],
              "ar", "dmy", capture=0.55, strong_governorates=[1, 2, 6]),
    ListStyle("vd_fatalities", "VD", "en", "xlsx",
              [("name", "Name"), ("sex_age", "Sex"), ("date", "Date_of_Death"), ("governorate", "Province"),
               ("place", "Area"), ("cause", "Cause_of_Death"), ("status", "Status"),
               ("perpetrator", "Responsible")],
              "sexage", "iso00", capture=0.40, strong_governorates=[0, 2, 11], follows=0, drop_grandfather=0.35,
              hard_reach=1.0),
    ListStyle("gov_health", "GH", "ar", "csv",
              [("name", "name"), ("sex", "gender"), ("age", "age"), ("date", "date"),
               ("governorate", "governorate"), ("cause", "cause")],
              "mf", "iso00", capture=0.25, strong_governorates=[3, 4, 5, 9], hard_reach=1.0),
    ListStyle("intl_monitor", "IM", "en", "csv",
              [("name", "full_name"), ("sex", "sex"), ("age", "age_years"), ("date", "date_of_death"),
               ("place", "location"), ("governorate", "region"), ("perpetrator", "alleged_perpetrator")],
              "word", "dmy", capture=0.35, air_strikes=True, drop_grandfather=0.4),
]
