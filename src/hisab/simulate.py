"""A synthetic conflict with known truth: victims, the lists that documented them, and who killed them.

Every stage of hisab needs data whose answer is known: linkage (which records are one person), estimation
(how many died, including those on no list) and attribution (each party's share). `simulate` draws victims
with Arabic four-part names (from the shipped token dictionary), a date, a place, a cause and a perpetrator
grouped into incidents; then K lists record them the way documentation groups do: different columns,
formats and scripts (Arabic, or a Latin transliteration), capture probabilities that differ by list and by
victim (some victims are hard to reach), dependence between lists, and the variation seen between real
lists (hamza and alef forms, ta marbuta, spacing of compounds, transliteration spellings, a dropped
grandfather's name, a date a day off, a missing age, duplicates within a list). Same seed, same files.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from hisab.errors import UserError
from hisab.simulate_styles import GOVERNORATES, PERPETRATORS, STYLES, ListStyle

MAX_VICTIMS = 5_000_000
MAX_LISTS = 15
START, END = date(2011, 3, 15), date(2018, 12, 31)


@dataclass(frozen=True)
class ListFile:
    name: str
    path: Path
    mapping_path: Path
    records: int


@dataclass
class Simulation:
    """What was written, and the truth: the total and each perpetrator's count."""

    total: int
    by_perpetrator: dict[str, int]
    lists: list[ListFile] = field(default_factory=list)
    truth_path: Path | None = None
    victims_path: Path | None = None
    observed: int = 0


@dataclass
class _Tokens:
    arabic: list[str]
    latin: list[list[str]]
    index: dict[str, dict[str, np.ndarray]]  # kind -> {"ids", "p"}


def _load_tokens() -> _Tokens:
    text = (resources.files("hisab") / "data" / "simulate" / "name_tokens.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    arabic = [r["arabic"] for r in rows]
    latin = [r["latin"].split("|") for r in rows]
    index = {}
    for kind in ("male", "female", "family"):
        ids = np.array([i for i, r in enumerate(rows) if r["kind"] == kind])
        weights = np.array([float(rows[i]["weight"]) for i in ids])
        index[kind] = {"ids": ids, "p": weights / weights.sum()}
    return _Tokens(arabic, latin, index)


def simulate(
    victims: int, lists: int, seed: int, out_dir: str | Path, *, xlsx: bool = True,
) -> Simulation:
    """Write `lists` source files about a conflict with `victims` deaths into `out_dir`."""
    if not 1 <= victims <= MAX_VICTIMS:
        raise UserError(f"--victims must be between 1 and {MAX_VICTIMS:,}, got {victims}")
    if not 2 <= lists <= MAX_LISTS:
        raise UserError(f"--lists must be between 2 and {MAX_LISTS}, got {lists}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    tokens = _load_tokens()
    people = _draw_victims(rng, victims, tokens)
    captured = _draw_captures(rng, people, lists)
    sim = Simulation(total=victims, by_perpetrator={
        name: int((people["perp"] == i).sum()) for i, name in enumerate(PERPETRATORS)})
    perp_names = list(PERPETRATORS)
    truth_rows: list[tuple[str, str, int, str]] = []
    for k in range(lists):
        style = STYLES[k % len(STYLES)]
        name = style.name if k < len(STYLES) else f"{style.name}_{k // len(STYLES) + 1}"
        members = np.flatnonzero(captured[:, k])
        dup = members[rng.random(members.size) < style.duplicates]
        ids = rng.permutation(np.concatenate([members, dup]))
        rows = [style.render(rng, tokens, people, int(i)) for i in ids]
        record_ids = [f"{style.id_prefix}{n:07d}" for n in range(1, len(ids) + 1)]
        fmt = style.fmt if xlsx else "csv"
        path = out / f"{name}.{fmt}"
        _write_table(path, style.header(), [[rid, *row] for rid, row in zip(record_ids, rows, strict=True)], fmt)
        mapping_path = out / f"{name}.mapping.yaml"
        mapping_path.write_text(yaml.safe_dump(style.mapping(name), allow_unicode=True, sort_keys=False), "utf-8")
        sim.lists.append(ListFile(name, path, mapping_path, len(ids)))
        truth_rows.extend((name, rid, int(i) + 1, perp_names[people["perp"][i]])
                          for rid, i in zip(record_ids, ids, strict=True))
    sim.observed = int(captured.any(axis=1).sum())
    sim.truth_path = out / "truth.csv"
    _write_table(sim.truth_path, ["list", "record_id", "person_id", "perpetrator"], truth_rows, "csv")
    sim.victims_path = out / "victims.csv"
    _write_victims(sim.victims_path, people, tokens, captured)
    (out / "truth.json").write_text(json.dumps({
        "total": victims, "observed": sim.observed, "seed": seed, "lists": [f.name for f in sim.lists],
        "by_perpetrator": sim.by_perpetrator,
    }, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return sim


def _draw_victims(rng: np.random.Generator, n: int, tokens: _Tokens) -> dict[str, np.ndarray]:
    """Victims grouped into incidents: each incident has a day, a place, a perpetrator and a cause."""
    n_incidents = max(1, n // 6)
    days = (END - START).days
    # more deaths in 2012-2016 than at the start and the end
    incident_day = np.clip(rng.beta(2.2, 2.6, n_incidents) * days, 0, days).astype(int)
    incident_gov = rng.choice(len(GOVERNORATES), n_incidents, p=[g[3] for g in GOVERNORATES])
    incident_town = rng.integers(0, 3, n_incidents)
    incident_perp = rng.choice(len(PERPETRATORS), n_incidents, p=list(PERPETRATORS.values()))
    size_weight = rng.pareto(1.6, n_incidents) + 1
    incident = rng.choice(n_incidents, n, p=size_weight / size_weight.sum())
    sex = np.where(rng.random(n) < 0.74, 0, 1)  # 0 male, 1 female
    child = rng.random(n) < 0.22
    age = np.where(child, rng.integers(0, 18, n), np.clip(rng.normal(34, 14, n), 18, 95)).astype(int)
    combatant = (sex == 0) & ~child & (rng.random(n) < 0.18)
    male, female, family = (tokens.index[k] for k in ("male", "female", "family"))
    given = np.where(sex == 0, rng.choice(male["ids"], n, p=male["p"]), rng.choice(female["ids"], n, p=female["p"]))
    return {
        "given": given,
        "father": rng.choice(male["ids"], n, p=male["p"]),
        "grandfather": rng.choice(male["ids"], n, p=male["p"]),
        "family": rng.choice(family["ids"], n, p=family["p"]),
        "sex": sex, "age": age, "child": child, "combatant": combatant,
        "day": incident_day[incident], "gov": incident_gov[incident], "town": incident_town[incident],
        "perp": incident_perp[incident], "incident": incident,
        "cause": rng.integers(0, 1 << 16, n_incidents)[incident],
        "hard": rng.random(n) < 0.35,  # hard to reach: most lists rarely document them (ListStyle.hard_reach)
    }


def _draw_captures(rng: np.random.Generator, people: dict[str, np.ndarray], lists: int,
                   styles: list[ListStyle] | None = None) -> np.ndarray:
    """Who is on which list: heterogeneous victims, list-specific coverage, dependence between lists.

    Hard-to-reach victims are reached at each list's own rate (`ListStyle.hard_reach`): the lists built
    from remote sources (sn_martyrs, intl_monitor) capture them at 0.3 times their usual rate, while a
    group with field documenters (vd_fatalities) and a hospital registry (gov_health) reach them as well
    as anyone: victims that some networks miss are documented through other channels. A class that
    every list misses alike is nearly invisible in the lists and every estimation method then
    underestimates; `styles` lets the estimate benchmark build that case as a stress test.
    """
    styles = STYLES if styles is None else styles
    n = people["sex"].size
    captured = np.zeros((n, lists), dtype=bool)
    for k in range(lists):
        style = styles[k % len(styles)]
        p = np.full(n, style.capture)
        p *= np.where(people["hard"], style.hard_reach, 1.0)
        p *= np.where(np.isin(people["gov"], style.strong_governorates), 1.4, 1.0)
        if style.air_strikes:
            p *= np.where(np.isin(people["perp"], [1, 4]), 1.5, 1.0)
        if k > 0 and style.follows is not None and style.follows < k:
            on_previous = captured[:, style.follows]
            p *= np.where(on_previous, 1.6, 0.7)  # lists share informants: positive dependence
        captured[:, k] = rng.random(n) < np.clip(p, 0, 0.97)
    return captured


def _write_table(path: Path, header: list[str], rows: list, fmt: str) -> None:
    if fmt == "xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet("records")
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, row)
        book.close()
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _write_victims(path: Path, people: dict[str, np.ndarray], tokens: _Tokens, captured: np.ndarray) -> None:
    """The full truth, the undocumented included: one row per victim."""
    header = ["person_id", "name_ar", "sex", "age", "date_of_death", "governorate", "governorate_pcode",
              "perpetrator", "status", "incident", "lists"]
    perps = list(PERPETRATORS)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for i in range(people["sex"].size):
            name = " ".join(tokens.arabic[people[k][i]] for k in ("given", "father", "grandfather", "family"))
            gov = GOVERNORATES[people["gov"][i]]
            writer.writerow([
                i + 1, name, "female" if people["sex"][i] else "male", int(people["age"][i]),
                (START + timedelta(days=int(people["day"][i]))).isoformat(), gov[0], gov[2],
                perps[people["perp"][i]], "combatant" if people["combatant"][i] else "civilian",
                int(people["incident"][i]) + 1, "".join("1" if c else "0" for c in captured[i]),
            ])


__all__ = ["ListFile", "ListStyle", "Simulation", "simulate"]
