"""Arabic and Latin names: normalisation, parsing, transliteration, cross-script keys and similarity.

Everything else in hisab (records, linkage, screening) compares names through these functions, so that
"محمد عبد الرحمن الأحمد", "محمد عبدالرحمن الاحمد" and "Mohammad Abdulrahman Al-Ahmad" are recognised as one
name, and so are "Maher al-Assad", "Mahir al-Asad" and "ماهر الأسد".
"""

from hisab.names.arabic import normalize_arabic
from hisab.names.duck import register_duckdb
from hisab.names.errors import NamesInputError
from hisab.names.key import name_key
from hisab.names.latin import normalize_latin
from hisab.names.parse import NameParts, parse_name
from hisab.names.similarity import DEFAULT_THRESHOLD, name_form, name_similarity, name_similarity_batch
from hisab.names.translit import transliterate

__all__ = [
    "DEFAULT_THRESHOLD",
    "NameParts",
    "NamesInputError",
    "name_form",
    "name_key",
    "name_similarity",
    "name_similarity_batch",
    "normalize_arabic",
    "normalize_latin",
    "parse_name",
    "register_duckdb",
    "transliterate",
]
