"""The Arabic organisation vocabulary (`orgwords`, data/screen/org_words.tsv): it loads, translates words
with their article, prepositions and endings, lets Arabic organisation names find their English listings
whatever the word order, leaves people's names alone, and refuses a malformed table with a clear error."""

from __future__ import annotations

import pytest

from hisab.screen import ListEntity, ScreenIndex, ScreenInputError
from hisab.screen.analyze import analyse
from hisab.screen.orgwords import KINDS, load_org_words, lookup


def org(list_id, names):
    return ListEntity("test", list_id, "Organization", names)


def person(list_id, names):
    return ListEntity("test", list_id, "Person", names)


def test_table_loads():
    table = load_org_words()
    assert len(table) >= 300
    assert {w.kind for w in table.values()} == set(KINDS)
    assert {w.source for w in table.values()} == {"hand", "un-sc"}
    assert all(w.english and w.english == tuple(e.lower() for e in w.english) for w in table.values())


@pytest.mark.parametrize("word, english", [
    ("مصفاة", "refinery"), ("المصفاة", "refinery"), ("لمصفاة", "refinery"),
    ("العقاري", "real estate"), ("العقارية", "real estate"), ("المركزي", "central"), ("المركزية", "central"),
    ("الصناعي", "industrial"), ("الصناعية", "industrial"), ("للصناعات", "industries"),
    ("الزراعي", "agricultural"), ("التعاوني", "cooperative"), ("والتسليف", "credit"), ("للتوفير", "savings"),
    ("لمرفأ", "port"), ("بالنفط", "oil"), ("والغاز", "gas"), ("للاتصالات", "telecommunications"),
    ("للطيران", "airlines"), ("الجوية", "air"), ("البحري", "maritime"), ("للنقل", "transport"),
    ("والمقاولات", "contracting"), ("للتطوير", "development"), ("الاستثمارية", "investment"),
    ("للتأمين", "insurance"), ("والخدمات", "services"), ("المخابرات", "intelligence"), ("الجيش", "army"),
    ("القوات", "forces"), ("الفرقة", "division"), ("الرابعة", "fourth"), ("الأولى", "first"),
    ("الحرس", "guard"), ("الجمهوري", "republican"), ("وزارة", "ministry"), ("أولاد", "sons"),
    ("السورية", "syrian"), ("سورية", "syria"), ("سوريا", "syria"), ("دمشق", "damascus"), ("حلب", "aleppo"),
    ("اللاذقية", "latakia"), ("بانياس", "baniyas"), ("لبنان", "lebanon"), ("في", "in"),
    ("الشركة", "company"), ("للصرافة", "exchange"),
])
def test_translations_with_article_prepositions_and_endings(word, english):
    entry = lookup(word)
    assert entry is not None, word
    assert " ".join(entry.english[0].split()) == english or english in entry.english


def test_other_spellings_of_a_place_are_alternatives():
    assert {"latakia", "lattakia"} <= set(lookup("اللاذقية").english)
    assert {"tartus", "tartous"} <= set(lookup("طرطوس").english)
    assert lookup("حمادة") is None and lookup("التستاوي") is None


def test_content_words_only_in_organisation_names():
    """Only legal-form words are read in a name not known to be an organisation's."""
    assert lookup("المصري", org=False) is None and lookup("المصري").english[0] == "egyptian"
    assert lookup("الشركة", org=False).english[0] == "company"
    assert [t.translated for t in analyse("سامر المصري").tokens] == [False, False]
    assert [t.literal for t in analyse("مصرف سورية المركزي", org=True).tokens][::2] == ["bank", "central"]


@pytest.fixture(scope="module")
def index():
    return ScreenIndex([
        org("1", ["QARNAWI REFINERY COMPANY"]),
        org("2", ["QARNAWI REFINERY COMPANY - HOMS BRANCH"]),
        org("3", ["TESTAWI REAL ESTATE BANK"]),
        org("4", ["AGRICULTURAL COOPERATIVE BANK OF TARTUS"]),
        org("5", ["TARTOUS COMMERCIAL BANK"]),
        org("6", ["FIFTH TESTAWI DIVISION OF THE ARMY"]),
        person("7", ["Samer AL-MASRI"]),
        org("8", ["EGYPTIAN TESTAWI COMPANY"]),
        person("9", ["نافع البحري"]),
    ])


@pytest.mark.parametrize("query, expected", [
    ("شركة مصفاة القرناوي", "1"),
    ("مصفاة القرناوي", "1"),
    ("مصفاة القرناوي فرع حمص", "2"),  # the sub-entity named, not its parent
    ("المصرف العقاري التستاوي", "3"),
    ("مصرف التستاوي العقاري", "3"),
    ("المصرف الزراعي التعاوني في طرطوس", "4"),  # Arabic word order, "in" for "of"
    ("الفرقة الخامسة التستاوية في الجيش", "6"),
])
def test_arabic_organisation_names_find_english_listings(index, query, expected):
    for schema in ("Organization", None):
        hits = index.search(query, schema=schema).hits
        assert hits and hits[0].entity.list_id == expected and hits[0].match, (query, schema)
        assert "translation" in hits[0].explanation


def test_parent_scores_below_the_sub_entity(index):
    hits = index.search("مصفاة القرناوي فرع حمص", schema="Organization").hits
    assert hits[0].entity.list_id == "2" and hits[1].entity.list_id == "1"
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize("query", [
    "مصفاة طرطوس",  # a refinery query against a bank of the same city
    "مصرف القرناوي",  # a bank against a refinery of the same name
    "الفرقة الرابعة التستاوية في الجيش",  # another ordinal
    "شركة التستاوي للسياحة",
])
def test_a_shared_distinctive_word_alone_is_no_match(index, query):
    assert not any(h.match for h in index.search(query, schema="Organization").hits)


def test_people_keep_their_names(index):
    hits = index.search("سامر المصري").hits
    assert hits[0].entity.list_id == "7" and hits[0].match and hits[0].score == 1.0
    assert "transliteration" in hits[0].explanation
    hits = index.search("سامر المصري", schema="Person").hits
    assert hits[0].entity.list_id == "7" and hits[0].match
    listed = index.names[8][0][0]  # a person's Arabic list name is not translated either
    assert not any(t.translated for t in listed.tokens)
    hits = index.search("Nafi al-Bahri").hits
    assert hits and hits[0].entity.list_id == "9" and hits[0].match



@pytest.mark.parametrize("row, message", [
    ("مصفاه\trefinery\tword", "line 3: expected 4 tab-separated columns"),
    ("مصفاه\trefinery\tnoun\thand", "line 3: kind 'noun'"),
    ("مصفاة\trefinery\tword\thand", "line 3: arabic 'مصفاة' is not in fold_arabic form"),
    ("مصفاه\tمصفاة\tword\thand", "line 3: english 'مصفاة' must be ASCII"),
    ("مصفاه\trefinery||\tword\thand", "must be ASCII words"),
    ("مصفاه\trefinery\tword\t", "line 3: source is empty"),
])
def test_malformed_rows_are_refused(word_table, row, message):
    with pytest.raises(ScreenInputError, match=message):
        load_org_words(word_table("arabic", [row]))


def test_duplicates_and_missing_header_are_refused(word_table, tmp_path):
    with pytest.raises(ScreenInputError, match="line 4: 'مصفاه' is listed twice"):
        load_org_words(word_table("arabic", ["مصفاه\trefinery\tword\thand", "مصفاه\trefineries\tword\thand"]))
    path = tmp_path / "bare.tsv"
    path.write_text("مصفاه\trefinery\tword\thand\n", "utf-8")
    with pytest.raises(ScreenInputError, match="line 1: expected the header"):
        load_org_words(path)
    assert load_org_words(word_table("arabic", ["مصفاه\trefinery\tword\thand"]))["مصفاه"].english == ("refinery",)


def test_a_legal_entity_with_a_persons_name_is_also_read_as_written():
    """OFAC types every non-individual as LegalEntity, so a non-person entry may carry a person's name: the
    query as written is compared too, and a family name that is also a vocabulary word (البناء, "building")
    still finds its transliteration."""
    idx = ScreenIndex([ListEntity("test", "1", "LegalEntity", ["Nabil AL-BANNA"])])
    hits = idx.search("نبيل البناء").hits
    assert hits and hits[0].score == 1.0 and hits[0].match
