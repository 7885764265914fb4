"""The Russian organisation vocabulary (`ruwords`, data/screen/org_words_ru.tsv) and the hisab-screen-7 classes
found on blind batch 4: Russian organisation names written with translated words find their English
listings in any inflection and word order, Russian people's names stay names, legal forms pair across
names, a name written in one word matches its two-word form, and a first consonant of another class keeps
a fuzzy family name from faking a person match. Entities are invented."""

from __future__ import annotations

import pytest

from hisab.screen import ListEntity, ScreenIndex, ScreenInputError
from hisab.screen.analyze import query_forms, russian_org_form
from hisab.screen.orgwords import KINDS
from hisab.screen.ruwords import load_ru_org_words, ru_lookup, stem


def org(list_id, names):
    return ListEntity("test", list_id, "Organization", names)


def test_table_loads():
    table = load_ru_org_words()
    assert len(table) >= 300
    assert {w.kind for w in table.values()} == set(KINDS)
    assert len({stem(lemma) for lemma in table}) == len(table)


@pytest.mark.parametrize("word, english", [
    ("Сирийская", "syrian"), ("сирийского", "syrian"), ("Сирии", "syria"), ("Сирия", "syria"),
    ("нефтяная", "oil"), ("нефтяной", "oil"), ("нефти", "oil"), ("компания", "company"), ("компании", "company"),
    ("компанией", "company"), ("Коммерческий", "commercial"), ("банка", "bank"), ("Министерство", "ministry"),
    ("обороны", "defense"), ("внутренних", "interior"), ("ООО", "llc"), ("ОАО", "jsc"), ("авиалинии", "airlines"),
    ("военно-воздушных", "air"), ("сил", "forces"), ("четвёртой", "fourth"), ("дивизии", "division"),
    ("Дамаска", "damascus"), ("недвижимости", "real estate"), ("научно-исследовательский", "research"),
])
def test_inflected_words_are_found_by_stem(word, english):
    entry = ru_lookup(word)
    assert entry is not None, word
    assert entry.english[0] == english or english in entry.english


def test_names_are_not_in_the_vocabulary():
    for word in ("Петров", "Владимир", "Сергеевич", "Хамад"):
        assert ru_lookup(word) is None


@pytest.fixture(scope="module")
def index():
    return ScreenIndex([
        org("1", ["SYRIAN TESTOIL PETROLEUM COMPANY"]),
        org("2", ["COMMERCIAL BANK OF TESTAVIA"]),
        org("3", ["MINISTRY OF DEFENSE OF TESTAVIA"]),
        org("4", ["TESTAVIA REPUBLICAN GUARD"]),
        org("5", ["QARNAWI REAL ESTATE BANK"]),
        ListEntity("test", "6", "Person", ["PETROV, Ivan"]),
        org("7", ["KHOLMOV TRADING LLC"]),
    ])


@pytest.mark.parametrize("query, expected", [
    ("Сирийская нефтяная компания Тестойл", "1"),
    ("Коммерческий банк Теставии", "2"),  # genitive of the invented country, romanised
    ("Министерство обороны Теставии", "3"),
    ("Республиканская гвардия Теставии", "4"),
    ("Банк недвижимости Карнави", "5"),  # word order and a two-word translation
    ("ООО «Холмов Трейдинг»", "7"),  # ООО pairs with LLC
])
def test_russian_organisation_names_find_english_listings(index, query, expected):
    for schema in ("Organization", None):
        hits = index.search(query, schema=schema).hits
        assert hits and hits[0].entity.list_id == expected and hits[0].match, (query, schema, hits[:1])
        assert "translation" in hits[0].explanation


def test_a_shared_word_alone_is_no_match(index):
    for query in ("Сирийская газовая компания", "Министерство транспорта Теставии"):
        assert not any(h.match for h in index.search(query, schema="Organization").hits), query


def test_russian_person_names_are_not_translated(index):
    assert russian_org_form("Иван Петров") is None
    for form in query_forms("Белов Сергей"):  # белый ("white") is in the table; a person is never translated
        assert not any(t.translated for t in form.tokens)
    hits = index.search("Иван Петров", schema="Person").hits
    assert hits and hits[0].entity.list_id == "6" and hits[0].match
    assert not any(t.translated for f in query_forms("Иван Петров", org=False) for t in f.tokens)


def test_a_russian_list_name_of_an_organisation_is_translated_too():
    idx = ScreenIndex([org("1", ["Коммерческий банк Теставии"])])
    hits = idx.search("COMMERCIAL BANK OF TESTAVIA").hits
    assert hits and hits[0].entity.list_id == "1" and hits[0].match


def test_legal_forms_pair_across_names():
    idx = ScreenIndex([org("1", ["TESTAYOZ LLC"])])
    hits = idx.search("شركة تستايز المحدودة المسؤولية", schema="Organization").hits
    assert hits and hits[0].match and "legal form" in hits[0].explanation


def test_a_name_in_one_word_matches_its_two_words():
    idx = ScreenIndex([org("1", ["KARINPHARMA"])])
    hits = idx.search("شركة كارين فارما", schema="Organization").hits
    assert hits and hits[0].entity.list_id == "1" and hits[0].match


def test_a_translations_other_number_matches():
    idx = ScreenIndex([org("1", ["QARNAWI HOTEL MANAGEMENT LLC"])])
    hits = idx.search("الشركة القرناوية لإدارة الفنادق", schema="Organization").hits
    assert hits and hits[0].match


def test_a_place_gets_no_plural():
    """حماة (Hama) must not read as "hamas", whose skeleton is that of Homs."""
    idx = ScreenIndex([org("1", ["HOMS TESTAWI COMPANY"])])
    assert not any(h.match for h in idx.search("شركة التستاوي حماة", schema="Organization").hits)


def test_a_family_name_with_another_first_consonant_is_no_match():
    idx = ScreenIndex([ListEntity("test", "1", "Person", ["Jorge VARGAS"])])
    assert not any(h.match for h in idx.search("جورج سركيس", schema="Person").hits)
    hits = idx.search("خورخي فارغاس", schema="Person").hits
    assert hits and hits[0].entity.list_id == "1"



@pytest.mark.parametrize("row, message", [
    ("банк\tbank\tword", "line 3: expected 4 tab-separated columns"),
    ("банк\tbank\tnoun\thand", "line 3: kind 'noun'"),
    ("Банк\tbank\tword\thand", "line 3: russian 'Банк' is not a lower-case Russian word"),
    ("четвёртый\tfourth\tword\thand", "is not a lower-case Russian word"),
    ("bank\tbank\tword\thand", "is not a lower-case Russian word"),
    ("банк\tбанк\tword\thand", "line 3: english 'банк' must be ASCII"),
    ("банк\tbank\tword\t", "line 3: source is empty"),
])
def test_malformed_rows_are_refused(word_table, row, message):
    with pytest.raises(ScreenInputError, match=message):
        load_ru_org_words(word_table("russian", [row]))


def test_duplicates_and_shared_stems_are_refused(word_table):
    with pytest.raises(ScreenInputError, match="line 4: 'банк' is listed twice"):
        load_ru_org_words(word_table("russian", ["банк\tbank\tword\thand", "банк\tbanks\tword\thand"]))
    with pytest.raises(ScreenInputError, match="'золото' and 'золотой' share the stem 'золот'"):
        load_ru_org_words(word_table("russian", ["золото\tgold\tword\thand", "золотой\tgolden\tword\thand"]))
    assert load_ru_org_words(word_table("russian", ["банк\tbank\tword\thand"]))["банк"].english == ("bank",)
