"""The simulator's hard-to-reach victims, as estimation sees them: each list reaches them at its own rate.

The coverage benchmark (benchmarks/bench_estimate.py) depends on this: when every list misses the same
victims alike, no method can see them; when some lists reach them, LCMCR's interval covers the truth.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from hisab import simulate as sim
from hisab.simulate_styles import STYLES


def _captures(seed: int, styles=None):
    rng = np.random.default_rng(seed)
    people = sim._draw_victims(rng, 4000, sim._load_tokens())
    return people["hard"], sim._draw_captures(rng, people, 4, styles)


def test_lists_reach_the_hard_class_at_their_own_rate():
    hard, cap = _captures(5)
    reach = {s.name: s.hard_reach for s in STYLES}
    assert min(reach.values()) < 0.5 and max(reach.values()) == 1.0  # some lists miss them, some do not
    for k, style in enumerate(STYLES[:4]):
        ratio = cap[hard, k].mean() / cap[~hard, k].mean()
        if style.follows is None:  # dependence on an earlier list changes the ratio for the others
            assert abs(ratio - style.hard_reach) < 0.15, (style.name, ratio)
    assert cap[hard].any(axis=1).mean() > 0.5  # most hard-to-reach victims are on some list


def test_styles_hook_builds_the_uniform_stress_case_and_keeps_the_stream():
    uniform = [replace(s, hard_reach=0.0) for s in STYLES]
    hard, cap = _captures(5, uniform)
    assert not cap[hard].any()  # reached by no list: invisible to every method
    hard_default, cap_default = _captures(5)
    assert (hard == hard_default).all() and (cap[~hard] == cap_default[~hard]).all()  # same random stream
