"""The lookups OFAC's SDN advanced XML resolves every record through: reference values, locations, dates.

The advanced format is normalised: a name part points to a name-part group, the group to a name-part
type, a script ID to a script, a nationality to a location and the location to a country. A reference
that points nowhere means a damaged or hand-edited file, so it is refused with the record it came from,
never guessed.
"""

from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import country_code


def local(tag: str) -> str:
    """The tag without its namespace: OFAC has published the schema under two namespaces so far."""
    return tag.rpartition("}")[2]


def strip_ns(el: ET.Element) -> None:
    """Drop namespaces in a record's subtree so that it can be searched with plain paths."""
    for node in el.iter():
        node.tag = local(node.tag)


@dataclass
class Location:
    address: str
    countries: list[str]


@dataclass
class Refs:
    """Reference value sets by (set element, ID) and the locations by ID, from the top of the file."""

    path: Path
    values: dict[tuple[str, str], tuple[str, dict[str, str]]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)

    def add_value_sets(self, el: ET.Element) -> None:
        for value_set in el:
            for value in value_set:
                if value.get("ID") is not None:
                    self.values[(value.tag, value.get("ID", ""))] = ((value.text or "").strip(), dict(value.attrib))

    def value(self, kind: str, ref: str | None, where: str) -> str:
        return self.entry(kind, ref, where)[0]

    def entry(self, kind: str, ref: str | None, where: str) -> tuple[str, dict[str, str]]:
        found = self.values.get((kind, ref or ""))
        if found is None:
            raise ScreenInputError(f"{self.path}: {where}: unknown {kind}ID {ref!r} (not in ReferenceValueSets)")
        return found

    def country(self, ref: str | None, where: str) -> str | None:
        name, attrs = self.entry("Country", ref, where)
        iso2 = attrs.get("ISO2", "").strip().lower()
        return iso2 if len(iso2) == 2 else country_code(name)

    def add_location(self, el: ET.Element) -> None:
        where = f"Location {el.get('ID')}"
        parts = [(v.text or "").strip() for v in el.iter("Value")]
        countries = [c for c in (self.country(lc.get("CountryID"), where) for lc in el.iter("LocationCountry")) if c]
        names = [self.value("Country", lc.get("CountryID"), where) for lc in el.iter("LocationCountry")]
        parts = [p for p in parts if p]
        address = ", ".join([*parts, *names]) if parts else ""
        self.locations[el.get("ID", "")] = Location(address, countries)

    def location(self, ref: str | None, where: str) -> Location:
        found = self.locations.get(ref or "")
        if found is None:
            raise ScreenInputError(f"{self.path}: {where}: unknown LocationID {ref!r} (not in Locations)")
        return found


def _ymd(el: ET.Element | None) -> date | None:
    if el is None or not (el.findtext("Year") or "").strip():
        return None
    try:
        year = int(el.findtext("Year") or "")
        month = int(el.findtext("Month") or 1)
        day = int(el.findtext("Day") or 1)
        return date(year, month, day)
    except ValueError:
        return None


def period_dates(period: ET.Element | None) -> list[str]:
    """ISO dates for a DatePeriod as the CSV's remarks would say it: an exact day, a month or a year
    (OFAC writes "DOB 1980" as 1 January to 31 December), or each year of a range up to 20 years."""
    if period is None:
        return []
    lo = _ymd(period.find("Start/From")) or _ymd(period.find("Start/To"))
    hi = _ymd(period.find("End/To")) or _ymd(period.find("End/From")) or lo
    if lo is None or hi is None:
        return []
    if lo == hi:
        return [lo.isoformat()]
    last_day = calendar.monthrange(hi.year, hi.month)[1]
    if (lo.year, lo.month) == (hi.year, hi.month) and lo.day == 1 and hi.day == last_day:
        return [f"{lo.year}-{lo.month:02d}"]
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and 0 <= hi.year - lo.year <= 20:
        return [str(y) for y in range(lo.year, hi.year + 1)]
    return [lo.isoformat(), hi.isoformat()]


def issue_date(el: ET.Element) -> str | None:
    d = _ymd(el)
    return d.isoformat() if d else None
