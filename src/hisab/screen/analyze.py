"""Turning a name into comparable tokens, whatever its script.

Arabic and Cyrillic go through `hisab.names` (its cross-script skeletons are built for Syrian names);
every other non-Latin script (Greek, Hebrew, Armenian…) is first romanised with ICU's `Any-Latin`. A
Cyrillic name also gets an ICU romanisation as a second form. Each token keeps the word as written, a
literal form (lower-case ASCII) and its consonant skeleton: equal skeletons across scripts mean
"transliteration", equal skeletons in one script mean "spelling variant".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from hisab.names import normalize_arabic, normalize_latin, transliterate
from hisab.names.key import name_skeletons
from hisab.screen.orgwords import OrgWord, lookup
from hisab.screen.orgwords import arabic_org_word as arabic_org_word  # re-exported: the table moved there
from hisab.screen.ruwords import ru_lookup

MAX_QUERY_CHARS = 500
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
# Legal forms and filler words of organisation names: they count little either way (OOO = LLC = Ltd).
ORG_STOP = frozenset(
    "ltd llc limited inc co company corp corporation ooo zao oao pao pjsc jsc ojsc cjsc sa sarl gmbh ag plc "
    "fze fzc fzco liability the of and for de la group holding holdings trading establishment est in on to "
    "from with affairs".split()
)
# Legal forms proper: one name's form is another's (TAMAYOZ LLC is also EXCELLENCE LIMITED LIABILITY COMPANY,
# "ООО" is LLC), so an unmatched legal form pairs with the other name's unmatched one (`score._align`).
LEGAL_FORMS = frozenset(
    "ltd llc limited inc co company corp corporation ooo zao oao pao pjsc jsc ojsc cjsc sa sarl sal gmbh ag "
    "plc fze fzc fzco liability".split()
)


@dataclass(frozen=True, eq=False)
class Token:
    """One word (or compound) of a name. Compared by identity: scoring caches token pairs, and hashing
    every field on each lookup would cost more than the comparison it saves."""

    word: str
    literal: str
    skeleton: str
    script: str
    spellings: tuple[str, ...] = ()
    alts: tuple[str, ...] = ()
    translated: bool = False  # an Arabic or Russian organisation word carried by its English equivalents
    tail: bool = False  # a second word of one translated word ("estate" of "real estate"): weighs as a filler


@dataclass(frozen=True)
class AnalysedName:
    text: str
    script: str
    tokens: tuple[Token, ...]
    key: str

    @property
    def skeletons(self) -> tuple[str, ...]:
        return tuple(t.skeleton for t in self.tokens)

    @cached_property
    def core(self) -> str:
        """The key without organisation fillers and legal forms: "شركة ماين فارما" and MAINPHARMA, one
        name written in two words or one, agree on it when their keys (with "company") do not."""
        return "".join(t.skeleton for t in self.tokens if t.literal not in ORG_STOP and not t.tail)


def script_of(text: str) -> str:
    if _ARABIC.search(text):
        return "arabic"
    if _CYRILLIC.search(text):
        return "cyrillic"
    if any(ch.isalpha() and ord(ch) > 0x24F for ch in text):
        return "other"
    return "latin"


@lru_cache(maxsize=4)
def _icu(rule: str):
    import icu

    return icu.Transliterator.createInstance(rule)


# How Russian writes Arabic names: Дж for j, Х for both h/ḥ and kh, soft and hard signs silent.
_RU_ARABIC = {"дж": "j", "Дж": "J", "ДЖ": "J", "х": "h", "Х": "H", "в": "w", "В": "W",
              "ь": "", "ъ": "", "Ь": "", "Ъ": ""}
_RU_ARABIC_RE = re.compile("|".join(sorted(_RU_ARABIC, key=len, reverse=True)))


def _bgn(text: str) -> str:
    """BGN/PCGN romanisation without its disambiguation marks: the middle dot of "Khay·at" (Хайат) and
    the apostrophe of the soft sign ("al'-Imam") would split one word in two or glue an article on."""
    out = _icu("Russian-Latin/BGN; Latin-ASCII").transliterate(text)
    return out.replace("\u00b7", "").replace("'", "").replace('"', "")


def romanise(text: str) -> list[str]:
    """Latin forms of a non-Latin, non-Arabic name (ICU). Cyrillic: BGN/PCGN romanisation, and the same
    after undoing Russian conventions for Arabic names (Джамиль Хасан → Jamil Hasan). Hebrew: vav both
    as a vowel and as 'v'."""
    if _CYRILLIC.search(text):
        arabic_style = _RU_ARABIC_RE.sub(lambda m: _RU_ARABIC[m.group(0)], text)
        # Russian writes Arabic th (ث) as С (Бусейна for Bouthaina), and dh (ذ) as З, which the lists
        # spell dh or th (аз-Захаб for al-Thahab, Зу-ль-Фикар for Dhu al-Fiqar).
        return [_bgn(text), _bgn(arabic_style), _bgn(arabic_style.replace("с", "th").replace("С", "Th")),
                _bgn(arabic_style.replace("з", "dh").replace("З", "Dh")),
                _bgn(arabic_style.replace("з", "th").replace("З", "Th"))]
    out = _icu("Any-Latin; Latin-ASCII").transliterate(text)
    forms = [out]
    if _HEBREW.search(text):
        forms.append(_icu("Any-Latin; Latin-ASCII").transliterate(text.replace("\u05d5", "v")))
    return forms


# How many Latin spellings of an Arabic word check a skeleton match (`score._checked`). They are the
# transliterator's best guesses; since its vowels no longer decide a check (`score._spelling_sim`), a few
# suffice, and each one costs index build time for the lists' Arabic names.
SPELLINGS = 4


@lru_cache(maxsize=50_000)
def _arabic_spellings(word: str) -> tuple[str, ...]:
    """Latin spellings of an Arabic word (hisab.names), to check a skeleton match against spelling."""
    try:
        return tuple(dict.fromkeys(_literal(s) for s in transliterate(word, SPELLINGS)))
    except ValueError:
        return ()


# The Arabic article before a "sun letter" takes that letter's sound: as-Sunna, ash-Sham, ad-Din,
# an-Nusra, at-Tawhid, ar-Rashid (Russian ас-Сунна, аш-Шам, ад-Дин…), where lists mostly write al-Sunna.
# Only the hyphenated form is read as an article, so that the names Assad or Azzam stay whole.
_ASSIMILATED = re.compile(r"\b([Aa])(sh|th|dh|ts|[tdsznr])-(?=\2)", re.IGNORECASE)


def deassimilate(text: str) -> str:
    """'Katibat at-Tawhid' → 'Katibat al-Tawhid', so that spellings compare stem to stem."""
    return _ASSIMILATED.sub(lambda m: m.group(1) + "l-", text)


def _literal(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return bare.replace("'", "").replace("-", "").replace(" ", "")


@lru_cache(maxsize=100_000)
def _word_skeleton(word: str) -> str:
    digits = _DIGITS.findall(word)
    if digits:
        return "#" + "".join(digits)
    try:
        return "".join(name_skeletons(word))
    except ValueError:
        return ""


def _foreign_alts(skeleton: str, spellings: tuple[str, ...]) -> tuple[str, ...]:
    """The skeleton of an Arabic word's most likely Latin spelling, when it differs from the Arabic
    skeleton. Arabic writes the sound of a foreign name, not its spelling: جوزيف is "Joseph", whose s
    sounds z, so the Arabic skeleton (gzf) misses the list's (gsf) though the transliterator's first guess
    is right. Only the first guess, and only for skeletons of three consonants or more (shorter ones collide
    too often); the match is still checked against the spellings (`score._checked`)."""
    if len(skeleton) < 3 or not spellings:
        return ()
    alt = _word_skeleton(spellings[0])
    return (alt,) if alt and alt != skeleton and len(alt) >= 3 else ()


def _number_forms(word: str) -> tuple[str, ...]:
    """The English word's other grammatical number (hotel/hotels, refinery/refineries): lists use either,
    and a vocabulary cannot list both for every word."""
    if len(word) < 4 or not word.isalpha():
        return ()
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    if word.endswith("s"):
        return () if word.endswith(("ss", "us", "is")) else (word[:-1],)
    return (word[:-1] + "ies",) if word.endswith("y") and word[-2] not in "aeiou" else (word + "s",)


def _translated(word: str, entry: OrgWord, own_skeletons: tuple[str, ...], own_spellings: tuple[str, ...],
                script: str) -> list[Token]:
    """Tokens of a word found in an organisation vocabulary (`orgwords`, `ruwords`): its first English
    equivalent is the token's literal form (so that ORG_STOP weighs legal forms and fillers little, as in
    Latin names, and any other word counts in full), the other one-word equivalents and each one's other
    number (hotel/hotels) are alternatives, and an equivalent of several words ("real estate") gives one
    token per word, the later ones weighing as fillers when unmatched: they are still one word of the
    name. `own_skeletons`/`own_spellings`: the word's transliteration, kept as a further alternative in
    organisation names (lists translate some words and transliterate others: AL-NUSRAH FRONT beside JABHAT
    AL-NUSRA, BANK beside ROSSISKAYA FINANSOVAYA); the token then keeps the word's `script`."""
    head, *tail = entry.english[0].split()
    words = [head, *(e for e in entry.english[1:] if " " not in e)]
    if entry.kind != "place":  # Hama is no plural of Hamas
        words += [n for w in words for n in _number_forms(w)]
    spellings = tuple(dict.fromkeys(words))
    skeletons = tuple(dict.fromkeys(s for s in map(_word_skeleton, spellings) if s))
    if not skeletons:
        return []
    own = tuple(sk for sk in own_skeletons if sk not in skeletons)
    tok_script = "latin"
    if own:
        skeletons += own
        spellings += own_spellings
        tok_script = script
    tokens = [Token(word, head, skeletons[0], tok_script, spellings, skeletons[1:], True)]
    tokens += [Token(word, w, _word_skeleton(w), "latin", (w,), (), True, True) for w in tail if _word_skeleton(w)]
    return tokens


def analyse(text: str, script: str | None = None, org: bool = False) -> AnalysedName:
    """Tokens of one name: `hisab.names` skeletons of the whole name (so that compounds such as
    عبد الرحمن / Abdul Rahman / Abdulrahman and articles such as "AL ASSAD" are handled as it handles
    them), each paired with the written word(s) it came from. Numbers are kept as tokens of their own.
    `org`: the name is an organisation's, so every Arabic word of the organisation vocabulary is
    translated; otherwise (people, or not known) only legal-form words are (`orgwords`)."""
    script = script or script_of(text)
    words = [w for w in _WORD.findall(text) if _word_skeleton(w)]
    if _DIGITS.search(text):
        skeletons = [_word_skeleton(w) for w in words]
    else:
        try:
            skeletons = name_skeletons(text)
        except ValueError:
            skeletons = []
    tokens = []
    i = 0
    for n, sk in enumerate(skeletons):
        left = len(skeletons) - n - 1
        group = words[i:i + 1]
        i += 1
        built = "".join(_word_skeleton(w) for w in group)
        while i < len(words) - left and built != sk and len(built) < len(sk):
            group.append(words[i])
            built += _word_skeleton(words[i])
            i += 1
        if n == len(skeletons) - 1 and i < len(words):
            group += words[i:]
        word = " ".join(group) or sk
        entry = lookup(word, org) if script == "arabic" and len(group) == 1 else None
        # The transliteration alternative needs three consonants, as for `_foreign_alts`: shorter Arabic
        # skeletons collide with too many list words.
        own = ((sk,), _arabic_spellings(word)) if org and len(sk) >= 3 else ((), ())
        if entry is not None and (translated := _translated(word, entry, *own, "arabic")):
            tokens += translated
            continue
        if script == "arabic":
            lit = normalize_arabic(word).replace(" ", "")
            spellings = _arabic_spellings(word) if _ARABIC.search(word) else (_literal(word),)
        else:
            lit = _literal(deassimilate(word))
            spellings = (lit,) if lit.isascii() and script != "hebrew" else ()
        alts = _foreign_alts(sk, spellings) if script == "arabic" and len(group) == 1 else ()
        tokens.append(Token(word, lit, sk, script, spellings, alts))
    key = "".join(t.skeleton for t in tokens)
    return AnalysedName(text, script, tuple(tokens), key)


def query_forms(text: str, org: bool = False) -> list[AnalysedName]:
    """All analysed forms of a query: the name itself, plus romanisations for scripts hisab.names lacks.
    `org`: analysed as an organisation name (`analyse`); only Arabic-script forms differ."""
    script = script_of(text)
    forms = []
    if script == "other":
        # ICU romanises Hebrew without vowels (משה → msh): no spelling to check, only skeletons.
        label = "hebrew" if _HEBREW.search(text) else "other"
        forms = [analyse(r, label) for r in romanise(text)]
    elif script == "cyrillic":
        forms = _cyrillic_forms(text)
        if org and (translated := russian_org_form(text)) is not None:
            forms = [translated, *forms]
    else:
        forms = [analyse(text, script, org)]
    unique = {f.skeletons: f for f in forms if f.tokens}
    return list(unique.values())


def _cyrillic_forms(text: str) -> list[AnalysedName]:
    return _merge([analyse(normalize_latin(text), "cyrillic")] + [analyse(r, "cyrillic") for r in romanise(text)])


def russian_org_form(text: str) -> AnalysedName | None:
    """A Russian organisation name with the words of the Russian vocabulary (`ruwords`) translated and the
    others romanised as usual, word by word; None when no word is in the vocabulary. Each translated word
    keeps its romanisation as an alternative (`_translated`)."""
    tokens: list[Token] = []
    found = False
    for word in _WORD.findall(text):
        forms = _cyrillic_forms(word)
        own = forms[0].tokens if forms else ()
        entry = ru_lookup(word) if _CYRILLIC.search(word) else None
        if entry is not None:
            skeletons = tuple(a for t in own for a in (t.skeleton, *t.alts)) if len(own) == 1 else ()
            spellings = tuple(s for t in own for s in t.spellings) if len(own) == 1 else ()
            if translated := _translated(word, entry, skeletons, spellings, "cyrillic"):
                tokens += translated
                found = True
                continue
        tokens += own
    if not found or not tokens:
        return None
    return AnalysedName(text, "cyrillic", tuple(tokens), "".join(t.skeleton for t in tokens))


def construct_state(form: AnalysedName) -> AnalysedName:
    """The same form with the other ending of each non-final word ending in ta marbuta, for comparing
    with organisation names. Before another noun (construct state) Arabic sounds ة as -at, and
    transliterations follow either the sound or the spelling: Katibat / Khatiba al-Tawhid, Jabhat /
    Jabha al-Nusra, Hay'at / Haya Tahrir al-Sham; Russian mostly writes -ат (Катибат, Джабхат). A
    word ending in -at gets the skeleton without the t, one ending in -a or -ah the skeleton with it.
    Only organisation names: in people's names a final -at is a letter of the name (Rifaat, Medhat)."""
    tokens = list(form.tokens)
    changed = False
    for i, tok in enumerate(tokens[:-1]):
        lit = tok.literal
        if tok.translated or not lit.isascii() or len(lit) < 4:  # a translation has no construct state
            continue
        extra = []
        for sk in (tok.skeleton, *tok.alts):
            if lit.endswith(("at", "et")) and sk.endswith("t") and len(sk) >= 3:
                extra.append(sk[:-1])
            elif lit.endswith(("a", "ah", "eh")) and not sk.endswith("t") and len(sk) >= 2:
                extra.append(sk + "t")
        extra = [e for e in dict.fromkeys(extra) if e not in (tok.skeleton, *tok.alts)]
        if extra:
            tokens[i] = Token(tok.word, lit, tok.skeleton, tok.script, tok.spellings, (*tok.alts, *extra))
            changed = True
    return AnalysedName(form.text, form.script, tuple(tokens), form.key) if changed else form


def _merge(forms: list[AnalysedName]) -> list[AnalysedName]:
    """Fold romanisations with the same word count into one form whose tokens carry every skeleton and
    spelling, so that each word can match under the romanisation that suits it (Khisham / Ikhtiyar)."""
    first = forms[0]
    same = [f for f in forms if len(f.tokens) == len(first.tokens)]
    merged = []
    for i, tok in enumerate(first.tokens):
        skeletons = tuple(dict.fromkeys(f.tokens[i].skeleton for f in same))
        spellings = tuple(dict.fromkeys(s for f in same for s in f.tokens[i].spellings))
        merged.append(Token(tok.word, tok.literal, tok.skeleton, tok.script, spellings, skeletons[1:]))
    key = "".join(t.skeleton for t in merged)
    return [AnalysedName(first.text, first.script, tuple(merged), key)] + [f for f in forms if f not in same]


def normalised_forms(text: str) -> dict[str, str]:
    """What the log records about a query: its script, normalised text and cross-script key."""
    script = script_of(text)
    norm = normalize_arabic(text) if script == "arabic" else normalize_latin(text) if script != "other" else ""
    forms = query_forms(text)
    return {"script": script, "normalised": norm, "key": forms[0].key if forms else ""}
