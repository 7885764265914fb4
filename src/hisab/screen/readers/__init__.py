"""Readers: one per list format, each turning a file into a `ListSnapshotData` of `ListEntity`s.

Every reader reads the whole file before returning, and raises `ScreenInputError` naming the file and
record on anything it cannot use, so that a bad file never reaches the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hisab.screen.readers.common import ListData
from hisab.screen.readers.csl import read_us_csl
from hisab.screen.readers.eu import read_eu_fsf
from hisab.screen.readers.ftm import read_ftm
from hisab.screen.readers.ofac import read_ofac_sdn
from hisab.screen.readers.ofac_xml import read_ofac_sdn_xml
from hisab.screen.readers.uk import read_uk_sl
from hisab.screen.readers.un import read_un_sc

# `ofac-sdn` reads sdn.csv (with its companions) or, given an XML file, SDN_ADVANCED.XML.
READERS: dict[str, Callable[[Path], ListData]] = {
    "ofac-sdn": read_ofac_sdn,
    "un-sc": read_un_sc,
    "eu-fsf": read_eu_fsf,
    "uk-sl": read_uk_sl,
    "us-csl": read_us_csl,
    "ftm": read_ftm,
}

__all__ = ["READERS", "ListData", "read_eu_fsf", "read_ftm", "read_ofac_sdn", "read_ofac_sdn_xml", "read_uk_sl",
           "read_un_sc", "read_us_csl"]
