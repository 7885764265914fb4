"""A picture of the uncertainty: posterior draws and bootstrap replicates, with the point estimates.

matplotlib is imported only here, and only when a plot is asked for.
"""

from __future__ import annotations

from pathlib import Path

from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.result import EstimateResult


def check_plot_path(path: str | Path) -> Path:
    """Refuse a file name we cannot write before any work is done."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise EstimateOptionError(f"--plot {path}: expected a .png or .svg file name")
    if not path.parent.exists():
        raise EstimateOptionError(f"--plot {path}: folder {path.parent} does not exist")
    return path


def plot_results(results: list[EstimateResult], observed: int, path: str | Path) -> Path:
    """Histogram of each method's draws (or a marker for its point and interval); PNG or SVG by suffix."""
    path = check_plot_path(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise EstimateOptionError("plots need matplotlib: pip install matplotlib") from None
    fig, ax = plt.subplots(figsize=(8, 4.5))
    shown = [r for r in results if r.ok and (r.stratum in (None, "all"))]
    y = 0
    for r in shown:
        label = f"{r.method} [{r.model[:40]}]"
        if r.draws is not None:
            ax.hist(r.draws, bins=60, density=True, alpha=0.45, label=label)
        else:
            y += 1
            ax.errorbar([r.estimate], [0], xerr=[[r.estimate - r.lower], [r.upper - r.estimate]], fmt="o",
                        capsize=3, label=label)
    ax.axvline(observed, color="black", linestyle="--", label=f"observed {observed:,}")
    ax.set_xlabel("total population N")
    ax.set_yticks([])
    ax.set_title("Multiple systems estimates: posterior / bootstrap distributions")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
