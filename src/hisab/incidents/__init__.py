"""Incidents and places: gazetteer and geocoding, taxonomy, incident import, sieges, victim links, maps.

Public surface (the CLI and the web app call these):
"""

from hisab.incidents.export import export_csv, export_geojson, to_geojson
from hisab.incidents.geocode import Candidate, GeocodeResult, PlaceIndex
from hisab.incidents.importer import ImportReport, import_incidents
from hisab.incidents.mapplot import draw_incident_map, draw_store_map
from hisab.incidents.places import find_place, index_from_store, load_places, place_entries, read_places
from hisab.incidents.query import IncidentRow, get_incident, incident_stats, list_incidents
from hisab.incidents.sieges import SiegeSpec, create_siege, list_sieges, record_siege_event, relink_sieges
from hisab.incidents.taxonomy import Taxonomy
from hisab.incidents.victims import decide_link, suggest_links

__all__ = [
    "Candidate", "GeocodeResult", "ImportReport", "IncidentRow", "PlaceIndex", "SiegeSpec", "Taxonomy",
    "create_siege", "decide_link", "draw_incident_map", "draw_store_map", "export_csv", "export_geojson", "find_place",
    "get_incident", "import_incidents", "incident_stats", "index_from_store", "list_incidents", "list_sieges",
    "load_places", "place_entries", "read_places", "record_siege_event", "relink_sieges", "suggest_links",
    "to_geojson",
]
