"""Build src/hisab/data/simulate/name_tokens.csv, the simulator's name-token dictionary.

Input: ../shared/data/gaza-moh-arabic-names/dict_ar_en.csv (public domain, Unlicense-style: Arabic name
token -> English transliteration, one row per spelling). Output rows: arabic, latin spellings joined by "|",
kind (male / female / family) and a weight. Kinds are assigned by rule (family names start with ال or أبو;
female given names end in ة, or are in a short hand list) and a hand list of very common given names gets a
large weight, so that the synthetic conflict has realistic name frequencies (many Muhammads) without using
any real victim list. Run: .venv/bin/python tools/simulate_build_tokens.py
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared/data/gaza-moh-arabic-names/dict_ar_en.csv"
OUT = ROOT / "src/hisab/data/simulate/name_tokens.csv"
ARABIC = re.compile(r"^[\u0621-\u064A]{3,}$")
MALE_ENDING_IN_TA = {"أسامة", "اسامة", "حمزة", "عبيدة", "طلحة", "معاوية", "قتيبة", "عكرمة", "حذيفة", "عطية",
                     "خليفة", "جبلة", "عروة", "ربيعة", "صلاحة", "سلامة", "شحادة", "عبادة", "حمادة", "جمعة"}
FEMALE = {"مريم", "زينب", "هند", "سعاد", "نور", "آمال", "امال", "إيمان", "ايمان", "أمل", "امل", "منى", "رهف",
          "هيام", "سناء", "وفاء", "رجاء", "دعاء", "أسماء", "اسماء", "هبا", "رنا", "ريم", "سلمى", "ليلى", "هدى",
          "نجوى", "سلوى", "بشرى", "يسرى", "شيماء", "لمياء", "ولاء", "آلاء", "الاء", "إسراء", "اسراء", "غدير", "سحر",
          "عبير", "نسرين", "شيرين", "ياسمين", "جنى", "لين", "ميار", "روان", "رغد", "تسنيم", "بيسان", "ملك", "جود",
          "حنان", "سهام", "إلهام", "الهام", "وداد", "نوال", "أحلام", "احلام", "ابتسام", "سوزان", "كوثر", "رباب"}
COMMON_MALE = {"محمد": 60, "أحمد": 30, "احمد": 10, "محمود": 18, "علي": 16, "حسن": 12, "حسين": 10, "خالد": 12,
               "عمر": 12, "إبراهيم": 10, "ابراهيم": 6, "يوسف": 10, "مصطفى": 8, "عبدالله": 14, "عبدالرحمن": 8,
               "سامر": 5, "ياسر": 6, "مازن": 4, "وليد": 6, "فادي": 5, "عماد": 5, "رامي": 4, "سليمان": 6}
COMMON_FEMALE = {"فاطمة": 20, "مريم": 12, "زينب": 10, "آمنة": 6, "خديجة": 8, "نور": 8, "هدى": 6, "سارة": 8,
                 "رزان": 5, "ريم": 6, "أسماء": 6, "عائشة": 7, "حنان": 5, "سعاد": 4}


def kind_of(arabic: str) -> str:
    if arabic.startswith(("ال", "أبو", "ابو")) and len(arabic) > 4:
        return "family"
    feminine_ending = arabic.endswith(("ة", "ات")) or (arabic.endswith("ه") and not arabic.endswith("الله")
                                                          and arabic not in ("طه", "ابراهيه"))
    if arabic in FEMALE or (feminine_ending and arabic not in MALE_ENDING_IN_TA):
        return "female"
    return "male"


def main() -> None:
    spellings: dict[str, list[str]] = defaultdict(list)
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        for arabic, latin in csv.reader(fh):
            arabic, latin = arabic.strip(), latin.strip().lower()
            if ARABIC.match(arabic) and re.fullmatch(r"[a-z][a-z' -]+", latin) and latin not in spellings[arabic]:
                spellings[arabic].append(latin)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["arabic", "latin", "kind", "weight"])
        for arabic in sorted(spellings):
            kind = kind_of(arabic)
            # the hand-listed common names carry about half of all given names, as in real lists
            weight = 15 * (COMMON_MALE.get(arabic) or COMMON_FEMALE.get(arabic) or 0) or 1
            writer.writerow([arabic, "|".join(spellings[arabic]), kind, weight])


if __name__ == "__main__":
    main()
