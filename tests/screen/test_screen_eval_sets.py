"""The blind batches of the evaluation set: shape, and no overlap with the sets written before them."""

from __future__ import annotations

from hisab.screen.evaluate import BLIND5_SET, EVAL_SETS, load_eval_set


def test_blind5_set_shape():
    blind = load_eval_set(BLIND5_SET)
    assert sum(q.script == "arabic" and q.schema == "Organization" and bool(q.expected) for q in blind) >= 25
    assert sum(q.script == "cyrillic" and q.schema == "Organization" and bool(q.expected) for q in blind) >= 8
    assert sum(not q.expected for q in blind) >= 10
    earlier = [q for name in EVAL_SETS[:EVAL_SETS.index(BLIND5_SET)] for q in load_eval_set(name)]
    assert not {x for q in blind for x in q.expected} & {x for q in earlier for x in q.expected}
    assert not {q.query for q in blind} & {q.query for q in earlier}
    # odd OFAC entry numbers only, so the dev set's additions (even numbers) never overlap
    assert all(int(x.split(":")[1]) % 2 for q in blind for x in q.expected if x.startswith("ofac-sdn:"))
