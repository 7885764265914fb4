"""Perpetrator labels as lists write them ("قوات النظام", "Regime forces") mapped to actors of the registry.

The mapping is data (`data/actors/labels.yaml`, or the user's own file with the same shape) so a group can
add its list's vocabulary without code. A label mapped to an empty list is the list's own "unknown"; a
label that is not in the mapping at all is reported, never guessed.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from hisab.actors.errors import RegistryFileError

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")


def label_key(text: str) -> str:
    """The form labels are compared in: casefolded, Arabic letter variants folded, spaces collapsed."""
    folded = _DIACRITICS.sub("", text.casefold()).translate(_FOLD)
    return " ".join(folded.replace("-", " ").split())


def load_labels(path: str | Path | None = None) -> dict[str, list[str]]:
    """Label key -> actor refs (seed keys or FtM ids). Shipped file first, then the user's file on top."""
    shipped = (resources.files("hisab") / "data" / "actors" / "labels.yaml").read_text("utf-8")
    out = _parse(shipped, "labels.yaml")
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise RegistryFileError(f"{p}: no such label file")
        out.update(_parse(p.read_text("utf-8"), str(p)))
    return out


def _parse(text: str, where: str) -> dict[str, list[str]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryFileError(f"{where}: not valid YAML: {exc}") from None
    labels = doc.get("labels") if isinstance(doc, dict) else None
    if not isinstance(labels, dict):
        raise RegistryFileError(f"{where}: expected a mapping with a 'labels' mapping of label -> [actor keys]")
    out = {}
    for label, refs in labels.items():
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise RegistryFileError(f"{where}: label {label!r} must map to a list of actor keys; got {refs!r}")
        out[label_key(str(label))] = refs
    return out
