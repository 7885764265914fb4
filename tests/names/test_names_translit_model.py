"""The joint-sequence transliteration model: its builder (alignment, smoothing) and its decoder."""

from __future__ import annotations

import importlib.util
import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from hisab.names import transliterate
from hisab.names._g2p import MODEL_FILE, NAMES_FILE, BackoffModel, JointModel, spell_word
from hisab.names.translit import word_spellings

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "names_build_translit.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("names_build_translit", _TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Invented pairs (not from any data set): enough for the aligner to see which letter is which.
_PAIRS = [("بات", "bat"), ("تاب", "tab"), ("بيت", "bit"), ("تيب", "tib"), ("باب", "bab"), ("تات", "tat"),
          ("بتي", "bati"), ("شاب", "shab"), ("باش", "bash"), ("شيت", "shit")]


def test_alignment_one_chunk_per_letter(builder):
    aligned = builder.em_align(_PAIRS)
    assert len(aligned) == len(_PAIRS)
    for (word, latin), units in zip(_PAIRS, aligned, strict=True):
        assert [u.split("=")[0] for u in units] == list(word)
        assert "".join(u.split("=", 1)[1] for u in units) == latin
    assert "ش=sh" in aligned[_PAIRS.index(("شاب", "shab"))]


def test_kneser_ney_is_a_distribution(builder):
    seqs = [[0, 2, 3, 4, 1], [0, 2, 4, 1], [0, 3, 3, 2, 1], [0, 4, 2, 3, 1], [0, 2, 3, 1]]
    vocab = 5
    probs, bows = builder.kneser_ney(seqs, 3, vocab)
    model = BackoffModel(3, probs, bows)
    for history in [(0,), (0, 2), (2, 3), (3, 3), (4, 4), ()]:
        total = sum(math.exp(model.logp(history, u)) for u in range(vocab))
        assert total == pytest.approx(1.0, abs=1e-6), history


def test_build_is_deterministic(builder):
    assert builder.build(_PAIRS, builder.SETTINGS) == builder.build(list(_PAIRS), builder.SETTINGS)


def test_builder_files_round_trip(builder, tmp_path):
    model_path, names_path = tmp_path / "m.tsv.gz", tmp_path / "n.tsv.gz"
    builder.write_gz(model_path, builder.build(_PAIRS, builder.SETTINGS))
    builder.write_gz(names_path, builder.names_text({"bat": "c", "tab": "f"}))
    model = JointModel.load(model_path, names_path)
    assert model.spell("بات", 3)[0] == "bat"
    builder.write_gz(tmp_path / "again.gz", builder.build(_PAIRS, builder.SETTINGS))
    assert (tmp_path / "again.gz").read_bytes() == model_path.read_bytes()  # no timestamp in the gzip


def test_shipped_files_and_licences():
    assert MODEL_FILE.exists() and NAMES_FILE.exists()
    for f in ("LICENSE-faker.txt", "LICENSE-census-names.txt"):
        assert (MODEL_FILE.parent / f).exists()


def test_known_latin_names_only_rerank_what_the_model_spells():
    # The list of known names adds a bonus to spellings the model itself gives a probability; it never
    # brings in a spelling the model cannot produce. With a beam, a known name the beam let go is scored
    # by forced alignment, so the invariant is stated on scores, not on the bare model's top n. (Both
    # models also add the letter model's score.)
    bare = JointModel.load(MODEL_FILE)
    full = JointModel.load(MODEL_FILE, NAMES_FILE)
    word = "روبرتس"
    produced = bare.nbest(word)  # every spelling left in the bare model's beam, with its log-probability
    assert set(bare.spell(word, 10_000)) == set(produced)
    out = full.spell(word, 200)
    scores = []
    for spelling in out:
        model_score = produced.get(spelling)
        if model_score is None:
            assert spelling in full.known_names(word)
            model_score = full.forced(word, spelling)
            assert model_score is not None and model_score > -math.inf
        scores.append(model_score + full.bonus.get(spelling, 0.0))
    scores = (np.array(scores) + full.w_lm * full.letters.logp(out)).tolist()
    assert scores == sorted(scores, reverse=True)  # model score + bonus + letter model, nothing else
    assert out[0] in full.bonus
    assert out[:5] != bare.spell(word, 5)  # the list does change the ranking


def test_unknown_letter_uses_fallback():
    out = spell_word("پارك", 3)  # Persian pe: not in the training pairs
    assert out and all(s.startswith("p") for s in out)


def test_article_word_offers_bare_and_al_forms():
    out = word_spellings("الزبرنتي")  # invented word, not in the dictionary
    assert any(s.startswith("al-") for s in out)
    assert not out[0].startswith("al-")


def test_foreign_and_arabic_names():
    assert "roberts" in transliterate("روبرتس")[:3]
    assert transliterate("أحمد")[0] in {"ahmad", "ahmed"}
    assert all(s.isascii() and s == s.lower() for s in transliterate("كزبرنيتو"))


def _exhaustive(model: JointModel, word: str) -> dict[str, float]:
    """Every chunking of `word` scored unit by unit with the plain back-off model, summed by spelling."""
    found: dict[str, float] = {}
    keep = model.joint.order - 1
    paths = [(0.0, "", (model.start,))]
    for letter in word:
        paths = [(s + model.joint.logp(h, u), t + c, (*h, u)[-keep:])
                 for s, t, h in paths for u, c in model.by_letter[letter]]
    for s, t, h in paths:
        if t:
            s += model.joint.logp(h, model.end)
            found[t] = s if t not in found else float(np.logaddexp(found[t], s))
    return found


# Invented spelling variation: each letter has several chunks, so that words have many chunkings.
_CHUNKS = {"ب": ("b", "bb", "p"), "ا": ("a", "aa", "e"), "ي": ("i", "y", "ee"), "ت": ("t", "tt", "th")}
_VARIED = [(a + b + c, x + y + z) for a, b, c in itertools.product(_CHUNKS, repeat=3)
           for x, y, z in itertools.product(_CHUNKS[a], _CHUNKS[b], _CHUNKS[c])][::5]


@pytest.fixture(scope="module")
def varied(builder, tmp_path_factory):
    path = tmp_path_factory.mktemp("varied") / "m.tsv.gz"
    builder.write_gz(path, builder.build(_VARIED, builder.SETTINGS))
    return JointModel.load(path)


def test_search_adds_up_every_chunking(builder, varied):
    # With a beam wide enough to keep everything, the array search must give exactly the sum over all
    # chunkings that a plain enumeration gives, for free spelling (nbest) and for given spellings (forced).
    wide = JointModel(varied.units, varied.joint, {**builder.SETTINGS, "beam": 10**6})
    for word in ("بات", "تيبا", "ابيب"):
        expected = _exhaustive(wide, word)
        assert len(expected) > 20
        got = wide.nbest(word)
        assert got.keys() == expected.keys()
        assert all(got[t] == pytest.approx(expected[t], abs=1e-9) for t in expected)
        some = sorted(expected)[:: max(1, len(expected) // 7)]
        forced = wide.decoder.forced(word, [*some, "zzz"])
        assert forced.keys() == set(some)  # "zzz" cannot be spelt from these letters
        assert all(forced[t] == pytest.approx(expected[t], abs=1e-9) for t in some)


def test_narrow_beam_keeps_the_best(builder, varied):
    # A beam of one is greedy: its spelling is the best chunking's, letter by letter.
    narrow = JointModel(varied.units, varied.joint, {**builder.SETTINGS, "beam": 1})
    wide = JointModel(varied.units, varied.joint, {**builder.SETTINGS, "beam": 10**6})
    word = "تيبا"
    assert len(narrow.nbest(word)) == 1
    text, score = next(iter(narrow.nbest(word).items()))
    assert score <= wide.nbest(word)[text] + 1e-9  # one chunking's share of the total
    greedy, hist = "", (wide.start,)
    for letter in word:
        _, unit, chunk = max((wide.joint.logp(hist, u), u, c) for u, c in wide.by_letter[letter])
        greedy, hist = greedy + chunk, (*hist, unit)[-(wide.joint.order - 1):]
    assert text == greedy


def test_letter_model_scores_whole_names(builder, tmp_path):
    # The letter model scores all texts in one array pass; it must equal the plain back-off walk over
    # each text's letters (start symbol first, end symbol last), including letters it never saw.
    path = tmp_path / "m.tsv.gz"
    latin = ["bat", "tab", "bit", "tib", "bab", "tat", "bati", "shab", "bash", "shit", "abba", "tabitha"]
    builder.write_gz(path, builder.build(_PAIRS, builder.SETTINGS, latin))
    model = JointModel.load(path)
    assert model.letters is not None and model.w_lm == builder.SETTINGS["w_lm"]
    alphabet = sorted({ch for t in latin for ch in t})
    probs, bows = builder.kneser_ney([[0, *(alphabet.index(c) + 2 for c in t), 1] for t in sorted(latin)],
                                     builder.SETTINGS["lm_order"], len(alphabet) + 2)
    plain = BackoffModel(builder.SETTINGS["lm_order"], probs, bows)
    texts = ["bat", "tabitha", "s", "hatbabsi", "bqt"]  # q: not in the alphabet
    got = model.letters.logp(texts)
    for text, value in zip(texts, got, strict=True):
        seq = [0, *(alphabet.index(c) + 2 if c in alphabet else None for c in text), 1]
        expected = 0.0
        for i in range(1, len(seq)):
            if seq[i] is None:
                expected += plain.floor
                continue
            hist = tuple(x for x in seq[max(0, i - plain.order + 1) : i])
            expected += plain.logp(hist, seq[i]) if None not in hist else math.nan
        if not math.isnan(expected):
            assert value == pytest.approx(expected, abs=1e-2), text  # the file keeps 3 decimals
    assert got[0] > got[3]  # a seen name is likelier than a jumble of the same letters
