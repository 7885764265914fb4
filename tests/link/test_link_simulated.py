"""End to end on `hisab simulate` lists: import, link the store, score against the simulator's truth."""

from __future__ import annotations

import pytest

from hisab.link import LinkInputError, link_store, store_scores


@pytest.fixture(scope="module")
def simulated(tmp_path_factory, sim_store_maker):
    return sim_store_maker(tmp_path_factory.mktemp("sim"), 400, 21)


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
