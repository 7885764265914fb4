"""The simulator: seeded, importable with its own mappings, and consistent with its truth."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from hisab.errors import UserError
from hisab.records import import_file
from hisab.records.fields import has_arabic
from hisab.simulate import simulate


def digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix != ".xlsx"}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    simulate(800, 4, 7, tmp_path / "a")
    simulate(800, 4, 7, tmp_path / "b")
    simulate(800, 4, 8, tmp_path / "c")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_lists_import_with_their_mappings_and_match_the_truth(sqlite_store, tmp_path):
    sim = simulate(2000, 4, 3, tmp_path)
    assert {f.path.suffix for f in sim.lists} == {".csv", ".xlsx"}
    for f in sim.lists:
        result = import_file(sqlite_store, f.path, f.name, f.mapping_path)
        assert result.records == f.records and result.rejected == 0
    with sim.truth_path.open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    assert len(truth) == sum(f.records for f in sim.lists)
    persons = {row["person_id"] for row in truth}
    assert len(persons) == sim.observed < sim.total == 2000
    meta = json.loads((tmp_path / "truth.json").read_text("utf-8"))
    assert meta["total"] == 2000 and sum(meta["by_perpetrator"].values()) == 2000
    pairs = [(row["list"], row["person_id"]) for row in truth]
    duplicates = len(pairs) - len(set(pairs))
    assert 0 < duplicates < 0.05 * len(pairs)  # a few people are recorded twice by the same list


def test_lists_differ_in_script_and_spelling(tmp_path):
    sim = simulate(3000, 4, 5, tmp_path)
    by_name = {f.name: f for f in sim.lists}
    with by_name["sn_martyrs"].path.open(encoding="utf-8") as fh:
        arabic = [row[1] for row in csv.reader(fh)][1:]
    with by_name["intl_monitor"].path.open(encoding="utf-8") as fh:
        latin = [row[1] for row in csv.reader(fh)][1:]
    assert all(has_arabic(n) for n in arabic) and not any(has_arabic(n) for n in latin)
    assert any(len(n.split()) == 3 for n in arabic) and any(len(n.split()) >= 4 for n in arabic)
    assert any("عبد " in n for n in arabic)  # compounds written apart


@pytest.mark.parametrize(("victims", "lists", "message"), [(0, 4, "--victims"), (10, 1, "--lists"),
                                                           (10, 16, "--lists")])
def test_bad_arguments(tmp_path, victims, lists, message):
    with pytest.raises(UserError, match=message):
        simulate(victims, lists, 1, tmp_path)
