"""Synthetic victim lists for the linkage tests (no real names: tokens are common words of each script)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

GIVEN = ["محمد", "أحمد", "علي", "حسن", "خالد", "عمر", "يوسف", "إبراهيم", "سامر", "مازن", "باسل", "رامي",
         "طارق", "وليد", "نادر", "فادي", "ماهر", "زياد", "بلال", "عادل", "كريم", "جمال", "هاني", "سليم"]
FEMALE = ["فاطمة", "مريم", "زينب", "سارة", "هدى", "ليلى", "رنا", "سلمى", "نور", "آمنة", "دعاء", "هبة"]
FAMILY = ["النجار", "الحداد", "الخطيب", "العطار", "الشامي", "الحلبي", "المصري", "السيد", "الزين", "القاسم",
          "الأحمد", "العلي", "الحسن", "البكري", "الصالح", "الجابر", "الخليل", "الدباغ", "الرفاعي", "السقا",
          "الطحان", "العمري", "الفارس", "القباني", "الكردي", "المحمد", "النوري", "الهاشمي", "اليوسف", "الرشيد"]


def _variant(name: str, rng: np.random.Generator) -> str:
    """A spelling variant of the kind lists show: hamza dropped, ta marbuta as ha, no space in compounds."""
    r = rng.random()
    if r < 0.3:
        return name.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if r < 0.45:
        return name.replace("ة", "ه")
    return name


def make_lists(n_families: int = 120, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two deduplicated lists of victims, with siblings (same father, grandfather, family), and a truth.

    Returns (records, truth): records has unique_id, source_dataset, name, age, sex; truth maps
    unique_id to person.
    """
    rng = np.random.default_rng(seed)
    people = []
    for f in range(n_families):
        family = FAMILY[f % len(FAMILY)]
        father, grand = GIVEN[rng.integers(len(GIVEN))], GIVEN[rng.integers(len(GIVEN))]
        kids = rng.choice(len(GIVEN) + len(FEMALE), size=int(rng.integers(1, 4)), replace=False)
        for k in kids:
            male = k < len(GIVEN)
            given = GIVEN[k] if male else FEMALE[k - len(GIVEN)]
            people.append((given, father, grand, family, int(rng.integers(1, 80)), "male" if male else "female"))
    rows = []
    for pid, (given, father, grand, family, age, sex) in enumerate(people):
        rows.append((f"A{pid}", "list_a", f"{given} {father} {grand} {family}", age, sex, pid))
        if rng.random() < 0.7:
            drift = int(rng.choice([0, 1, 1, -1]))
            parts = [given, father, grand, family] if rng.random() < 0.85 else [given, father, family]
            name = " ".join(_variant(p, rng) for p in parts)
            rows.append((f"B{pid}", "list_b", name, age + drift, sex, pid))
    frame = pd.DataFrame(rows, columns=["unique_id", "source_dataset", "name", "age", "sex", "person"])
    truth = pd.Series(frame["person"].to_numpy(), index=frame["unique_id"])
    return frame.drop(columns="person"), truth


@pytest.fixture(scope="session")
def two_lists() -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_lists()


@pytest.fixture(scope="session")
def linked_two(two_lists):
    from hisab.link import link_records

    records, _ = two_lists
    return link_records(records, seed=1)


@pytest.fixture(scope="session")
def list_maker():
    """The synthetic list generator, for tests that need other sizes or seeds."""
    return make_lists


def simulated_store(folder, victims: int, seed: int):
    """`hisab simulate` lists (4 lists, CSV) imported into a SQLite store in `folder`: (store, sim)."""
    from hisab.records import import_file
    from hisab.simulate import simulate
    from hisab.store import open_store

    sim = simulate(victims, 4, seed, folder / "lists", xlsx=False)
    store = open_store(f"sqlite:///{folder / 's.db'}")
    for f in sim.lists:
        import_file(store, f.path, f.name, f.mapping_path)
    return store, sim


@pytest.fixture(scope="session")
def sim_store_maker():
    """`simulated_store`, for tests that import simulated lists at their own size and seed."""
    return simulated_store
