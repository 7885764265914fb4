"""The shipped evaluation set over the real OFAC SDN + UN lists: the issue's recall targets hold."""

from __future__ import annotations

from hisab.screen import DEFAULT_THRESHOLD, ScreenIndex, read_list
from hisab.screen.evaluate import evaluate, load_eval_set


def test_eval_set_shape():
    queries = load_eval_set()
    assert len(queries) >= 100
    assert {q.script for q in queries} == {"latin", "arabic", "cyrillic"}
    assert sum(not q.expected for q in queries) >= 30  # negatives sharing a surname


def test_recall_targets_on_real_lists(shared):
    sdn = read_list("ofac-sdn", shared("sanctions/ofac_sdn_2021.csv"))
    un = read_list("un-sc", shared("sanctions/un_sc_consolidated_2026-02-27.xml"))
    index = ScreenIndex(sdn.entities + un.entities)

    def match(query, schema):
        return [(f"{h.entity.list_kind}:{h.entity.list_id}", h.score)
                for h in index.search(query, schema=schema).hits]

    stats = evaluate(match, load_eval_set(), DEFAULT_THRESHOLD)
    assert stats["all"]["recall_at_1"] >= 0.95
    assert stats["arabic"]["recall_at_1"] >= 0.90
    assert stats["cyrillic"]["recall_at_1"] == 1.0

    hit = index.search("ООО Евро Полис", schema="Organization").hits[0]
    assert hit.entity.list_id == "23564" and hit.match
    hit = index.search("ماهر الأسد", birth_date="1967-12-08").hits[0]
    assert hit.entity.list_id == "12725" and "transliteration" in hit.explanation
