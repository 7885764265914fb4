"""Victim records: readers, column mappings, normalisation, import and export."""

from hisab.records.dates import FuzzyDate, parse_date
from hisab.records.importer import ImportResult, import_file
from hisab.records.mapping import Mapping, builtin_mappings, load_mapping

__all__ = ["FuzzyDate", "ImportResult", "Mapping", "builtin_mappings", "import_file", "load_mapping",
           "parse_date"]
