"""Import speed: 1,000,000 simulated records into SQLite, end to end, with peak memory.

Target (foundation issue): >= 50,000 rows/s with peak RSS < 2 GiB on a 2-core machine. The anchor, measured
in the same run on the same files, is the floor of what any importer can do: Python's csv module feeding
sqlite3's executemany with the raw rows and nothing else (no hashing, no validation, no normalisation, no
raw JSON). Each measurement runs in a fresh process so that peak RSS is the import's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
TARGET_ROWS = 1_000_000

# Peak RSS from the kernel's high-water mark of this process's own memory (VmHWM). getrusage's ru_maxrss is
# no good here: Linux carries it over fork and exec, so a child reports its parent's peak.
PEAK = """
def PEAK():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

IMPORT = PEAK + """
import json, sys, time
from hisab.store import open_store
from hisab.records import import_file
db, files = sys.argv[1], json.loads(sys.argv[2])
store = open_store(db)
start = time.perf_counter()
rows = 0
for name, path, mapping in files:
    rows += import_file(store, path, name, mapping).records
elapsed = time.perf_counter() - start
print(json.dumps({"rows": rows, "seconds": elapsed, "peak_rss_mib": PEAK()}))
"""

ANCHOR_BODY = """
import csv, json, sqlite3, sys, time
db, files = sys.argv[1], json.loads(sys.argv[2])
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=NORMAL")
start = time.perf_counter()
rows = 0
for n, (name, path, _mapping) in enumerate(files):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        table = f"t{n}"
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
        sql = f"INSERT INTO {table} VALUES ({', '.join('?' * len(header))})"
        batch = []
        for row in reader:
            batch.append(row)
            if len(batch) == 5000:
                conn.executemany(sql, batch); rows += len(batch); batch.clear()
        conn.executemany(sql, batch); rows += len(batch)
conn.commit()
elapsed = time.perf_counter() - start
print(json.dumps({"rows": rows, "seconds": elapsed, "peak_rss_mib": PEAK()}))
"""
ANCHOR = PEAK + ANCHOR_BODY


def simulated_lists(target: int) -> list[tuple[str, str, str]]:
    """Simulated lists holding about `target` records, made once and kept in benchmarks/_work."""
    from hisab.simulate import simulate

    victims = int(target / 1.40)  # the four default lists hold about 1.40 records per victim
    folder = WORK / f"import_{victims}"
    done = folder / "truth.json"
    if not done.exists():
        simulate(victims, 4, 20261124, folder, xlsx=False)
    lists = json.loads(done.read_text("utf-8"))["lists"]
    return [(name, str(folder / f"{name}.csv"), str(folder / f"{name}.mapping.yaml")) for name in lists]


def measure(script: str, files: list[tuple[str, str, str]], db: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, db, json.dumps(files)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict]:
    target = 100_000 if quick else TARGET_ROWS
    started = time.perf_counter()
    files = simulated_lists(target)
    simulate_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        ours = measure(IMPORT, files, f"sqlite:///{tmp}/hisab.db")
        anchor = measure(ANCHOR, files, f"{tmp}/anchor.db")
    rate = ours["rows"] / ours["seconds"]
    anchor_rate = anchor["rows"] / anchor["seconds"]
    name = "import"
    note = f"{ours['rows']:,} simulated records in 4 CSV lists (simulated once in {simulate_seconds:.0f} s)"
    return [
        {"benchmark": name, "metric": "rows/s (hash + validate + normalise + raw JSON + insert)",
         "value": round(rate), "unit": "rows/s", "target": ">= 50000", "anchor": "csv + sqlite3 raw rows",
         "ratio": rate / anchor_rate, "ok": rate >= 50_000 if not quick else None, "note": note},
        {"benchmark": name, "metric": "seconds", "value": round(ours["seconds"], 2), "unit": "s", "target": None,
         "anchor": None, "ratio": None, "ok": None, "note": note},
        {"benchmark": name, "metric": "peak RSS", "value": round(ours["peak_rss_mib"]), "unit": "MiB",
         "target": "< 2048", "anchor": "csv + sqlite3 raw rows",
         "ratio": ours["peak_rss_mib"] / anchor["peak_rss_mib"],
         "ok": ours["peak_rss_mib"] < 2048 if not quick else None, "note": note},
        {"benchmark": name, "metric": "anchor rows/s", "value": round(anchor_rate), "unit": "rows/s",
         "target": None, "anchor": None, "ratio": None, "ok": None, "note": "csv.reader + sqlite3 executemany"},
    ]
