"""The report's charts (matplotlib, SVG): shares with their bounds, and deaths per month by party.

Chart labels are in English: matplotlib does not shape Arabic, so Arabic names are given in the HTML
tables beside each chart, where the browser and WeasyPrint (Pango/HarfBuzz) shape them correctly.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from hisab.actors.shares import NOT_TO_THE_DAY, ShareResult, ShareTable

MAX_PARTIES = 8


def shares_chart(result: ShareResult, path: Path, truth: dict[str, float] | None = None) -> Path:
    """Horizontal bars: point value with a line from lower to upper bound; unattributed as its own bar."""
    parties = result.overall.parties[:MAX_PARTIES]
    names = [p.party for p in parties] + ["Unattributed"]
    point = [100 * p.point for p in parties] + [100 * result.overall.unattributed]
    low = [100 * p.lower for p in parties] + [100 * result.overall.unattributed]
    up = [100 * p.upper for p in parties] + [100 * result.overall.unattributed]
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(names) + 1.2))
    y = list(range(len(names)))[::-1]
    ax.barh(y, point, color=["#4c72b0"] * len(parties) + ["#999999"], height=0.55, label="point")
    ax.errorbar(point, y, xerr=[[p - lo for p, lo in zip(point, low, strict=True)],
                                [u - p for p, u in zip(point, up, strict=True)]],
                fmt="none", ecolor="black", capsize=4, label="lower to upper bound")
    if truth:
        tx = [100 * truth.get(n, float("nan")) for n in names[:-1]]
        ax.scatter(tx, y[:-1], marker="D", color="#dd8452", zorder=3, label="truth (simulation)")
    ax.set_yticks(y, names)
    ax.set_xlabel("share of persons (%)")
    ax.set_xlim(0, 100)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"Share of {result.overall.persons:,} documented deaths by party")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def monthly_chart(result: ShareResult, path: Path) -> Path:
    """Documented deaths per month, stacked by party (point values) with unattributed on top."""
    return series_chart(result, [t for t in result.by_month if t.label != "undated"], path, "month")


def daily_chart(result: ShareResult, path: Path) -> Path:
    """Documented deaths per day (persons whose day is known), stacked by party, unattributed on top."""
    return series_chart(result, [t for t in result.by_day if t.label != NOT_TO_THE_DAY], path, "day")


def series_chart(result: ShareResult, months: list[ShareTable], path: Path, unit: str) -> Path:
    """Documented deaths per period (`unit`), stacked by party (point values) with unattributed on top."""
    names = [p.party for p in result.overall.parties[:MAX_PARTIES]]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    x = list(range(len(months)))
    bottom = [0.0] * len(months)
    for name in names:
        vals = [(t.party(name).point_n if t.party(name) else 0.0) for t in months]
        ax.bar(x, vals, bottom=bottom, width=1.0, label=name)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.bar(x, [t.unattributed_n for t in months], bottom=bottom, width=1.0, color="#bbbbbb",
           label="Unattributed")
    step = max(1, len(months) // 8)
    ax.set_xticks(x[::step], [t.label for t in months][::step], fontsize=7)
    ax.set_ylabel("persons")
    ax.set_title(f"Documented deaths per {unit} by party (point values)")
    ax.legend(fontsize=6, ncol=3, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
