"""Hand-written hard cases for hisab.names, each with the answer a careful human reader would give.

None is taken from the shared data sets: the names are common given names, public figures (Syrian
officials, Russian officers) and invented combinations.
"""

from __future__ import annotations

import pytest

from hisab.names import (
    name_key,
    name_similarity,
    normalize_arabic,
    normalize_latin,
    parse_name,
)

STRICT = [
    ("مُحَمَّد", "محمد"),  # harakat and shadda
    ("عَلِيّ", "علي"),
    ("مــحــمــد", "محمد"),  # tatweel
    ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
    ("ﻻمع", "لامع"),  # lam-alef ligature
    ("زینب", "زينب"),  # Persian yeh
    ("کمال", "كمال"),  # keheh
    ("أحمد", "أحمد"),  # strict keeps hamza forms
    ("سعيد\u200f \u200eالحسن", "سعيد الحسن"),  # bidi marks
    ("علي\u200cرضا", "عليرضا"),  # zero-width non-joiner
    ("١٢٣ ۴۵", "123 45"),  # Arabic-Indic and Persian digits
    ("  محمد   علي  ", "محمد علي"),  # spacing
    ("فاطمة", "فاطمة"),  # strict keeps ta marbuta
]

LOOSE = [
    ("أحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آمنة", "امنه"),
    ("ٱلحسن", "الحسن"),
    ("فاطمة", "فاطمه"),
    ("مصطفى", "مصطفي"),
    ("مؤمن", "مومن"),
    ("رائد", "رايد"),
    ("علاء", "علا"),
    ("عبد الرحمن", "عبدالرحمن"),
    ("عبدالرحمن", "عبدالرحمن"),
    ("أبو علي", "ابوعلي"),
    ("ابو بكر الصديق", "ابوبكر الصديق"),
    ("نور الدين", "نورالدين"),
    ("جاد الله", "جادالله"),
    ("عبد الله", "عبدالله"),
    ("عبدهللا", "عبدالله"),  # Allah as PDF extraction reverses it
    ("بالل", "بلال"),  # lam-alef read backwards (an unknown word repaired to a known one)
    ("عالء", "علا"),
    ("صالح الدين", "صلاحالدين"),  # ...but the compound it makes with الدين is repaired
    ("صالح", "صالح"),  # a known word is never "repaired" (it could be صلاح damaged, or Salih)
    ("محمد (أبو خالد)", "محمد ابوخالد"),  # bracketed nickname
    ("سيف الإسلام", "سيفالاسلام"),
    ("محمد-علي", "محمد علي"),
    ("مُحَمَّد عبد الرحمن الأحمد", "محمد عبدالرحمن الاحمد"),
]

LATIN = [
    ("Mohammad Abd al-Rahman Al-Ahmad", "mohamad abdalrahman alahmad"),
    ("Mohammed ash-Shami", "mohamed alshami"),  # sun letter: the article as it is said
    ("Ann Smith", "an smith"),  # not an article: Smith does not start with its n
    ("Ed Jones", "ed jones"),
    ("Abdulrahman", "abdalrahman"),
    ("Abdel Rahman", "abdalrahman"),
    ("Abd-ur-Rahman", "abdalrahman"),
    ("Abdullah", "abdalah"),
    ("Abd Allah", "abdalah"),
    ("Abu Bakr", "abubakr"),
    ("Abou Khalil", "abukhalil"),
    ("Abu al-Hasan", "abualhasan"),
    ("Nour Eddine", "nouraldin"),
    ("Nur ad-Din", "nuraldin"),
    ("Salahuddin", "salahaldin"),
    ("Sa'id", "said"),
    ("Saʿīd", "said"),
    ("Ja`far", "jafar"),
    ("HUSSEIN", "husein"),
    ("José Müller", "jose muler"),
    ("Ibn Khaldun", "bin khaldun"),
    ("Fatima bint Ali", "fatima bint ali"),
    ("el-Sayed", "alsayed"),
    ("Ash-Shami", "alshami"),
]

# Pairs that are the same name and must get the same key.
SAME_KEY = [
    ("محمد عبد الرحمن الأحمد", "محمد عبدالرحمن الاحمد"),
    ("محمد عبد الرحمن الأحمد", "Mohammad Abdulrahman Al-Ahmad"),
    ("Mohammad Abdulrahman Al-Ahmad", "Muhammad Abd al-Rahman al-Ahmad"),
    ("Maher al-Assad", "ماهر الأسد"),
    ("Mahir al-Asad", "ماهر الأسد"),
    ("Bashar al-Assad", "بشار الأسد"),
    ("Rami Makhlouf", "رامي مخلوف"),
    ("Ali Mamlouk", "علي مملوك"),
    ("Mohammed", "Muhammad"),
    ("Mohamed", "محمد"),
    ("Mhmd", "محمد"),
    ("Ahmed", "أحمد"),
    ("Ahmad", "احمد"),
    ("Youssef", "يوسف"),
    ("Yusuf", "Yousef"),
    ("Hussein", "حسين"),
    ("Husain", "Hussain"),
    ("Khaled", "خالد"),
    ("Khalid", "Khaled"),
    ("Fatima", "فاطمة"),
    ("Fatimah", "فاطمه"),
    ("Aisha", "عائشة"),
    ("Saleh", "صالح"),
    ("Salih", "Saleh"),
    ("Abdullah", "عبد الله"),
    ("Abdallah", "Abd Allah"),
    ("Abd al-Aziz", "عبد العزيز"),
    ("Abdel Aziz", "Abdulaziz"),
    ("Nour Eddine", "نور الدين"),
    ("Omar", "عمر"),
    ("Umar", "Omar"),
    ("Osama", "أسامة"),
    ("Usama", "Osama"),
    ("Qasim", "Kassem"),
    ("Jamal", "Gamal"),
    ("Ghassan", "غسان"),
    ("Shadi", "شادي"),
    ("Chadi", "Shadi"),
    ("Hisham", "هشام"),
    ("Zeinab", "زينب"),
    ("Mustafa", "مصطفى"),
    ("Mostafa", "Mustapha"),
    ("بلال", "بالل"),  # lam-alef read backwards by PDF extraction
    ("عبدالله", "عبدهللا"),
    ("Abu Ali", "أبو علي"),
    ("Abou Ali", "Abu Ali"),
    ("Sa'id", "سعيد"),
    ("محمد بن سلمان", "محمد سلمان"),  # bin is a particle
    ("Bashar Assad", "Bashar al-Assad"),  # the article is dropped at will
    ("الحلبي", "Halabi"),
    ("Ali", "علي"),  # ...but not the l of Ali or Alaa
    ("Alaa", "آلاء"),
    ("Albert", "ألبرت"),
    # Russian officers: Cyrillic and its Latin spellings.
    ("Sergei Shoigu", "Сергей Шойгу"),
    ("Sergey Shoygu", "Sergei Shoigu"),
    ("Aleksandr Dvornikov", "Alexander Dvornikov"),
    ("Александр Дворников", "Aleksandr Dvornikov"),
    ("Valery Gerasimov", "Валерий Герасимов"),
    ("Valeriy Gerasimov", "Valery Gerasimov"),
    ("Yevgeny Prigozhin", "Evgeniy Prigozhin"),
    ("Evgeny Prigozhin", "Yevgeniy Prigojin"),
    ("Sergei Surovikin", "Сергей Суровикин"),
]

DIFFERENT_KEY = [
    ("محمد", "أحمد"),
    ("Mohammad", "Ahmad"),
    ("خالد", "حامد"),
    ("Khaled", "Hamed"),
    ("Ali Hassan", "Ali Hussein Mahmoud"),
    ("بشار الأسد", "ماهر الأسد"),
    ("Sergei Shoigu", "Sergei Surovikin"),
    ("Rami Makhlouf", "Rami Mamlouk"),
    ("Nizar", "Nasser"),
]

# Different names that a consonant key cannot tell apart (they differ only in vowels or doubling). The key
# is for blocking and cross-script matching; these pairs must be separated by other fields.
KEY_LIMITS = [("سمير", "سامر"), ("عمر", "عمار"), ("Samir", "Samer"), ("حسن", "حسين")]

PARTS = [
    ("محمد أحمد علي الحسن", ("محمد", "أحمد", "علي", "الحسن")),
    ("محمد عبد الرحمن الأحمد", ("محمد", "عبد الرحمن", None, "الأحمد")),
    ("عبد الله محمد", ("عبد الله", None, None, "محمد")),
    ("أبو بكر عمر", ("أبو بكر", None, None, "عمر")),
    ("نور الدين محمود زنكي", ("نور الدين", "محمود", None, "زنكي")),
    ("Abd al-Rahman bin Khalid", ("Abd al-Rahman", None, None, "Khalid")),
    ("Mohammad Abdulrahman Al-Ahmad", ("Mohammad", "Abdulrahman", None, "Al-Ahmad")),
    ("Maher Hafez al-Assad", ("Maher", "Hafez", None, "al-Assad")),
    ("Ahmad Sami Hasan Mahmoud Al Khatib", ("Ahmad", "Sami", "Hasan", "Al Khatib")),
    ("Assad, Bashar", ("Bashar", None, None, "Assad")),
    ("Sami", ("Sami", None, None, None)),
    ("خالد بن الوليد", ("خالد", None, None, "الوليد")),
    # a sun-letter article spelling is an article only before its own consonant; otherwise a Latin name
    ("Ann Smith", ("Ann", None, None, "Smith")),
    ("Ed Jones", ("Ed", None, None, "Jones")),
    ("Ash Ketchum", ("Ash", None, None, "Ketchum")),
    ("Mohammed ash Shami", ("Mohammed", None, None, "ash Shami")),
    ("Gamal Abd an Nasser", ("Gamal", None, None, "Abd an Nasser")),
    ("Ahmad As Sayed Omar", ("Ahmad", "As Sayed", None, "Omar")),
]

SIMILAR = [  # (a, b, same person?)
    ("محمد علي حسن الخطيب", "محمد حسن الخطيب", True),  # dropped father
    ("Ahmad Sami Hasan", "Hasan Ahmad Sami", True),  # order
    ("محمد عبد الرحمن الأحمد", "Mohammad Abdulrahman Al-Ahmad", True),  # cross-script
    ("Maher al-Assad", "Mahir al-Asad", True),
    ("Sergei Shoigu", "Сергей Шойгу", True),
    ("Mohammad Ali", "Khaled Omar", False),
    ("محمد", "محمد علي حسن الخطيب", False),  # a bare given name is not a full match
    ("بشار حافظ الأسد", "رامي محمد مخلوف", False),
]


@pytest.mark.parametrize(("text", "expected"), STRICT)
def test_normalize_arabic_strict(text, expected):
    assert normalize_arabic(text, level="strict") == expected


@pytest.mark.parametrize(("text", "expected"), LOOSE)
def test_normalize_arabic_loose(text, expected):
    assert normalize_arabic(text) == expected


@pytest.mark.parametrize(("text", "expected"), LATIN)
def test_normalize_latin(text, expected):
    assert normalize_latin(text) == expected


@pytest.mark.parametrize(("a", "b"), SAME_KEY)
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_KEY)
def test_different_key(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.xfail(strict=True, reason="a consonant skeleton ignores vowels and doubling")
@pytest.mark.parametrize(("a", "b"), KEY_LIMITS)
def test_key_limits(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(("text", "expected"), PARTS)
def test_parse_name(text, expected):
    parts = parse_name(text)
    assert (parts.given, parts.father, parts.grandfather, parts.family) == expected


@pytest.mark.parametrize(("a", "b", "same"), SIMILAR)
def test_similarity(a, b, same):
    score = name_similarity(a, b)
    assert (score >= 0.8) is same, score


def test_at_least_100_hard_cases():
    total = sum(map(len, (STRICT, LOOSE, LATIN, SAME_KEY, DIFFERENT_KEY, PARTS, SIMILAR)))
    assert total >= 100
