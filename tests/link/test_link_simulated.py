"""End to end on `hisab simulate` lists: import, link the store, score against the simulator's truth."""

from __future__ import annotations

import pytest

from hisab.link import LinkInputError, link_store, store_scores
from hisab.records import import_file
from hisab.simulate import simulate
from hisab.store import open_store


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sim")
    sim = simulate(400, 4, 21, folder / "lists", xlsx=False)
    store = open_store(f"sqlite:///{folder / 's.db'}")
    for f in sim.lists:
        import_file(store, f.path, f.name, f.mapping_path)
    return store, sim


def test_simulated_lists_link_accurately(simulated):
    store, sim = simulated
    with pytest.raises(LinkInputError, match="no person yet"):
        store_scores(store, sim.truth_path)
    link_store(store, seed=1)
    scores = store_scores(store, sim.truth_path)
    assert scores.f1 >= 0.95, scores


def test_store_scores_bad_truth(simulated, tmp_path):
    store, _ = simulated
    with pytest.raises(LinkInputError, match="no such file"):
        store_scores(store, tmp_path / "absent.csv")
    bad = tmp_path / "t.csv"
    bad.write_text("list,record\nx,1\n", encoding="utf-8")
    with pytest.raises(LinkInputError, match="missing column"):
        store_scores(store, bad)
