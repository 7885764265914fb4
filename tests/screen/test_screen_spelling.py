"""The spelling check of skeleton matches: an Arabic word's guessed vowels must not decide a hit, written
vowels still do; and the blind evaluation batch is well formed and disjoint from the other sets."""

from __future__ import annotations

from hisab.screen import ListEntity, ScreenIndex
from hisab.screen.analyze import Token
from hisab.screen.evaluate import BLIND2_SET, DEV_SET, HOLDOUT_SET, load_eval_set
from hisab.screen.score import MIN_TOKEN, SPELLING_FLOOR, _checked


def tok(word: str, skeleton: str, script: str, *spellings: str) -> Token:
    return Token(word, spellings[0] if script != "arabic" else word, skeleton, script, spellings)


def test_arabic_spellings_are_checked_on_consonants_too():
    # The transliterator's vowels (mushouh) differ from the list's (mshaweh): the consonants agree.
    arabic = tok("مشوح", "mshh", "arabic", "mushouh", "mashouh")
    listed = tok("MSHAWEH", "mshh", "latin", "mshaweh")
    assert _checked(arabic, listed, 1.0) == 1.0


def test_written_vowels_still_count_between_latin_spellings():
    # Two written spellings: their vowels are the writer's, so Tarek is not Turki.
    assert _checked(tok("Tarek", "trk", "latin", "tarek"), tok("TURKI", "trk", "latin", "turki"), 1.0) < MIN_TOKEN
    latin = tok("Mushouh", "mshh", "latin", "mushouh")
    assert _checked(latin, tok("MSHAWEH", "mshh", "latin", "mshaweh"), 1.0) < SPELLING_FLOOR


def test_short_skeletons_are_not_rescued_by_consonants():
    # Assad, Said and Sayed are all "sd": consonants alone cannot tell them apart.
    arabic = tok("سعيد", "sd", "arabic", "said", "saeed")
    assert _checked(arabic, tok("ASSAD", "sd", "latin", "assad"), 1.0) < MIN_TOKEN


def test_arabic_query_with_other_vowels_than_the_list_is_found():
    index = ScreenIndex([
        ListEntity("test", "1", "Organization", ["SYRIATEL"]),
        ListEntity("test", "2", "Organization", ["SURAMERICANA DE HOTELES LTDA."]),
    ])
    hits = index.search("سيريتل", schema="Organization").hits
    assert hits[0].entity.list_id == "1" and hits[0].match


def test_latin_query_sharing_only_consonants_with_a_listed_given_name_is_no_match():
    index = ScreenIndex([ListEntity("test", "1", "Person", ["Turki HAMSHAWI"])])
    hits = index.search("Tarek Hamshawi", schema="Person").hits
    assert not any(h.match for h in hits)


def test_blind2_set_shape():
    blind = load_eval_set(BLIND2_SET)
    arabic = [q for q in blind if q.script == "arabic" and q.expected]
    assert len(arabic) >= 20
    assert sum(not q.expected for q in blind) >= 5
    assert all(q.schema for q in blind) and {q.script for q in blind} == {"latin", "arabic", "cyrillic"}
    earlier = [q for name in (DEV_SET, HOLDOUT_SET) for q in load_eval_set(name)]
    assert not {x for q in blind for x in q.expected} & {x for q in earlier for x in q.expected}
    assert not {q.query for q in blind} & {q.query for q in earlier}
    assert not any(q.query.startswith("#") for q in blind)  # the header lines are notes, not queries
