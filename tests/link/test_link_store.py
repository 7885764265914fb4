"""Linking the store: persons written, review decisions respected on every re-run, review and import."""

from __future__ import annotations

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from hisab.cli import _common
from hisab.cli.link import register
from hisab.link import (
    LinkInputError,
    decision_accuracy,
    import_decisions,
    link_store,
    pending_reviews,
    record_decision,
)
from hisab.records import import_file
from hisab.store import open_store
from hisab.store.models import LinkRun, MatchDecision, Person, Record


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, list_maker):
    records, _ = list_maker(n_families=60, seed=5)
    folder = tmp_path_factory.mktemp("link_store")
    for source, part in records.groupby("source_dataset"):
        path = folder / f"{source}.csv"
        part[["name", "age", "sex"]].to_csv(path, index=False)
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    for source in ("list_a", "list_b"):
        import_file(store, folder / f"{source}.csv", source)
    store.dispose()
    return url


@pytest.fixture
def store(store_url, tmp_path):
    import shutil

    src = store_url.removeprefix("sqlite:///")
    dst = tmp_path / "copy.db"
    shutil.copy(src, dst)
    return open_store(f"sqlite:///{dst}")


def _person_of(store):
    with store.session() as s:
        return dict(s.execute(select(Record.id, Record.person_id)).all())


def test_link_run_writes_persons_and_run(store):
    run = link_store(store, seed=1)
    persons = _person_of(store)
    assert all(p is not None for p in persons.values())
    with store.session() as s:
        n_persons = s.scalar(select(func.count()).select_from(Person))
        saved = s.get(LinkRun, run.id)
        assert saved.settings["comparisons"] and saved.model
    assert n_persons == len(set(persons.values())) < len(persons)
    assert run.summary["review_queue"]


def test_rerun_replaces_persons(store):
    link_store(store, seed=1)
    link_store(store, seed=1)
    with store.session() as s:
        n_persons = s.scalar(select(func.count()).select_from(Person))
    assert n_persons == len(set(_person_of(store).values()))


def _pair(store, linked: bool):
    """Two records from different lists that the last run put in the same person (or not)."""
    with store.session() as s:
        rows = s.execute(select(Record.id, Record.source_id, Record.person_id, Record.name)).all()
    by_person: dict[int, list] = {}
    for r in rows:
        by_person.setdefault(r.person_id, []).append(r)
    if linked:
        group = next(g for g in by_person.values() if len(g) == 2)
        return group[0].id, group[1].id
    singles = [g[0] for g in by_person.values() if len(g) == 1]
    return singles[0].id, singles[1].id


def test_cannot_link_survives_rerun(store):
    link_store(store, seed=1)
    a, b = _pair(store, linked=True)
    record_decision(store, a, b, "different", decided_by="tester")
    for _ in range(2):
        link_store(store, seed=1)
        persons = _person_of(store)
        assert persons[a] != persons[b]


def test_must_link_survives_rerun(store):
    link_store(store, seed=1)
    a, b = _pair(store, linked=False)
    record_decision(store, a, b, "same")
    for _ in range(2):
        link_store(store, seed=1)
        persons = _person_of(store)
        assert persons[a] == persons[b]
    assert decision_accuracy(store)["recall"] == 1.0


def test_link_unknown_source(store):
    with pytest.raises(LinkInputError, match="unknown source"):
        link_store(store, ["nope"])


def test_link_empty_store(tmp_path):
    with pytest.raises(LinkInputError, match="no records"):
        link_store(open_store(f"sqlite:///{tmp_path / 'empty.db'}"))


@pytest.mark.parametrize(("args", "message"), [
    ((1, 1, "same"), "itself"), ((1, 2, "maybe"), "same' or 'different"), ((1, 99999, "same"), "no record"),
])
def test_bad_decisions(store, args, message):
    with pytest.raises(LinkInputError, match=message):
        record_decision(store, *args)


def test_import_decisions_and_errors(store, tmp_path):
    good = tmp_path / "labels.csv"
    good.write_text("record_a,record_b,decision\n1,2,different\n3,4,same\n", encoding="utf-8")
    assert import_decisions(store, good, decided_by="team") == 2
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(MatchDecision).where(MatchDecision.origin == "import")) == 2
    head = "record_a,record_b,decision\n"
    cases = {"record_a,decision\n1,same\n": "missing column", head + "x,2,same\n": "row 2",
             head + "1,2,perhaps\n": "row 2", head + "1,999999,same\n": "row 2"}
    for i, (text, message) in enumerate(cases.items()):
        bad = tmp_path / f"bad{i}.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(LinkInputError, match=message):
            import_decisions(store, bad)
    with pytest.raises(LinkInputError, match="no such file"):
        import_decisions(store, tmp_path / "absent.csv")


def test_review_before_any_run(tmp_path):
    with pytest.raises(LinkInputError, match="no link run"):
        pending_reviews(open_store(f"sqlite:///{tmp_path / 'e.db'}"))


def test_review_cli_records_answers(store, monkeypatch):
    link_store(store, seed=1)
    items = pending_reviews(store, limit=3)
    assert items and all(set(i.weights) >= {"given", "family"} for i in items)
    app = typer.Typer()
    register(app)
    monkeypatch.setattr(_common, "open_store", lambda url=None: store)
    result = CliRunner().invoke(app, ["review", "--limit", "3", "--answers", "s,d,skip"])
    assert result.exit_code == 0, result.output
    assert "2 decision(s) saved" in result.output
    with store.session() as s:
        decisions = s.execute(select(MatchDecision.decision)).scalars().all()
    assert sorted(decisions) == ["different", "same"]
    # decided pairs are not presented again
    assert all((i.record_a["id"], i.record_b["id"]) not in
               {(x.record_a["id"], x.record_b["id"]) for x in items[:2]} for i in pending_reviews(store, 3))


def test_link_run_cli(store, monkeypatch):
    app = typer.Typer()
    register(app)
    monkeypatch.setattr(_common, "open_store", lambda url=None: store)
    result = CliRunner().invoke(app, ["link", "run", "--sources", "list_a,list_b", "--json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output[result.output.index("{"):])
    assert data["persons"] < data["records"]
    assert "review_queue" not in data


def test_one_to_one_store_run(store):
    run = link_store(store, ["list_a", "list_b"], seed=1, one_to_one=True)
    with store.session() as s:
        rows = s.execute(select(Record.person_id, Record.source_id)).all()
    per_person: dict[int, list[int]] = {}
    for person, source in rows:
        per_person.setdefault(person, []).append(source)
    assert all(len(v) == len(set(v)) for v in per_person.values())  # at most one record per list
    assert run.settings["link_type"] == "link_only"
