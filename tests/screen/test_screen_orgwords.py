"""Arabic legal-form and organisation-type words are translated to the English words lists use, so an
Arabic organisation name finds its English listing without those words faking a match; a foreign name's
Arabic spelling also carries the skeleton of its likely Latin spelling; the third blind batch is well formed."""

from __future__ import annotations

from hisab.screen import ListEntity, ScreenIndex
from hisab.screen.analyze import analyse, arabic_org_word
from hisab.screen.evaluate import BLIND2_SET, BLIND3_SET, BLIND4_SET, DEV_SET, HOLDOUT_SET, load_eval_set


def test_arabic_org_words_with_article_or_preposition_are_translated():
    assert arabic_org_word("شركة") == ("company", "co")
    assert arabic_org_word("الشركة")[0] == "company"
    assert arabic_org_word("للصرافة") == ("exchange",)
    assert arabic_org_word("والصرافة") == ("exchange",)
    assert arabic_org_word("القابضة")[0] == "holding"
    assert arabic_org_word("بنك") == ("bank",)


def test_other_arabic_words_are_not_translated():
    for word in ("حمادة", "البستان", "شام", "لؤي"):
        assert arabic_org_word(word) == ()
    tokens = analyse("مجموعة حمادة الدولية").tokens
    assert [t.translated for t in tokens] == [True, False, True]
    assert tokens[0].literal == "group" and tokens[2].literal == "international"


def test_arabic_org_name_finds_its_english_listing():
    index = ScreenIndex([
        ListEntity("test", "1", "Organization", ["HAMADA INTERNATIONAL GROUP"]),
        ListEntity("test", "2", "Organization", ["TABARAK HOLDING COMPANY"]),
    ])
    hits = index.search("مجموعة حمادة الدولية", schema="Organization").hits
    assert hits and hits[0].entity.list_id == "1" and hits[0].match
    assert "translation" in hits[0].explanation
    hits = index.search("شركة تبارك القابضة", schema="Organization").hits
    assert hits and hits[0].entity.list_id == "2" and hits[0].match


def test_shared_legal_form_words_alone_are_no_match():
    index = ScreenIndex([ListEntity("test", "1", "Organization", ["AL-QAMAR HOLDING COMPANY"])])
    hits = index.search("شركة الزيتون القابضة", schema="Organization").hits
    assert not any(h.match for h in hits)


def test_foreign_name_in_arabic_script_finds_its_latin_spelling():
    index = ScreenIndex([ListEntity("test", "1", "Person", ["HADDAD, Joseph"])])
    hits = index.search("جوزيف حداد", schema="Person").hits
    assert hits and hits[0].match


def test_short_arabic_skeletons_get_no_foreign_alternative():
    # Two-consonant skeletons collide too often (Fawzi / Fais): no alternative skeleton is added.
    assert all(not t.alts for t in analyse("فوزي").tokens)


def test_blind3_set_shape():
    blind = load_eval_set(BLIND3_SET)
    arabic = [q for q in blind if q.script == "arabic" and q.expected]
    assert len(arabic) >= 20
    assert sum(q.schema == "Organization" and bool(q.expected) for q in blind) >= 20
    assert sum(not q.expected for q in blind) >= 5
    assert all(q.schema for q in blind) and {q.script for q in blind} == {"latin", "arabic", "cyrillic"}
    earlier = [q for name in (DEV_SET, HOLDOUT_SET, BLIND2_SET) for q in load_eval_set(name)]
    assert not {x for q in blind for x in q.expected} & {x for q in earlier for x in q.expected}
    assert not {q.query for q in blind} & {q.query for q in earlier}
    assert not any(q.query.startswith("#") for q in blind)


def test_blind4_set_shape():
    blind = load_eval_set(BLIND4_SET)
    assert sum(q.script == "arabic" and q.schema == "Organization" and bool(q.expected) for q in blind) >= 30
    assert sum(not q.expected for q in blind) >= 10
    assert {q.script for q in blind} == {"latin", "arabic", "cyrillic"}
    earlier = [q for name in (DEV_SET, HOLDOUT_SET, BLIND2_SET, BLIND3_SET) for q in load_eval_set(name)]
    assert not {x for q in blind for x in q.expected} & {x for q in earlier for x in q.expected}
    assert not {q.query for q in blind} & {q.query for q in earlier}
    # written with odd OFAC entry numbers only, so the dev set's additions (even numbers) never overlap
    assert all(int(x.split(":")[1]) % 2 for q in blind for x in q.expected if x.startswith("ofac-sdn:"))
