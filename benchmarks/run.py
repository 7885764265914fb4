"""Run the benchmarks: `make bench` (all) or `python benchmarks/run.py NAME...` (some).

Each `benchmarks/bench_<name>.py` exposes `run(quick: bool) -> list[dict]`, one dict per figure with the
keys `benchmark`, `metric`, `value`, `unit`, `target` (text such as ">= 50000", or None), `anchor` (what it
is compared with, measured in the same run, or None), `ratio` (value / anchor value, or None), `ok` (target
met: True/False, or None where there is no target) and `note`. This script prints one table and writes
`benchmarks/results.json`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def load(name: str):
    path = HERE / f"bench_{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    args = parser.parse_args()
    names = args.names or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    rows: list[dict] = []
    for name in names:
        started = time.perf_counter()
        rows.extend(load(name).run(quick=args.quick))
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    out = HERE / "results.json"
    previous = json.loads(out.read_text()) if out.exists() and args.names else {"results": []}
    kept = [r for r in previous.get("results", []) if r["benchmark"] not in {x["benchmark"] for x in rows}]
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "results": kept + rows,
    }, indent=2, ensure_ascii=False, default=str) + "\n")
    table = Table(title="hisab benchmarks")
    for col in ("benchmark", "metric", "value", "unit", "target", "anchor", "ratio", "ok"):
        table.add_column(col)
    for r in rows:
        value = r["value"]
        table.add_row(
            str(r["benchmark"]), str(r["metric"]), f"{value:,.4g}" if isinstance(value, float) else str(value),
            str(r.get("unit") or ""), str(r.get("target") or ""), str(r.get("anchor") or ""),
            "" if r.get("ratio") is None else f"{r['ratio']:.2f}",
            {True: "yes", False: "NO", None: ""}[r.get("ok")],
        )
    Console(width=max(Console().width, 180)).print(table)
    return 1 if any(r.get("ok") is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
