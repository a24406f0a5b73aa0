"""Charts of the office's report tables (matplotlib, an optional extra: ``kerja-match[plot]``).

Figures are made with ``matplotlib.figure.Figure`` directly, never pyplot, so importing or using this
module changes no global backend or state; ``Figure.savefig`` writes PNG through Agg.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import require_extra
from ._tables import PERBUP_BEKASI_QUOTA, Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_kecamatan_shortage", "plot_local_share", "plot_top_demand"]


def _figure(width: float, height: float) -> Figure:
    """A new Figure without pyplot (no global state); an ImportError naming the extra if matplotlib is missing."""
    figure: Figure = require_extra("matplotlib.figure", "plot").Figure(
        figsize=(width, height), layout="constrained"
    )
    return figure


def plot_local_share(table: Table, *, quota: float = PERBUP_BEKASI_QUOTA) -> Figure:
    """Local share of hires per employer (``employer_quota_table``), sorted, against the quota line."""
    rows = [r for r in table.records() if r["local_share_of_hires"] is not None]
    rows.sort(key=lambda r: (r["local_share_of_hires"], r["employer"]))
    shares = np.array([r["local_share_of_hires"] for r in rows], dtype=np.float64)
    below = np.array([not r["meets_quota"] for r in rows], dtype=bool)
    figure = _figure(10, 5)
    ax = figure.add_subplot()
    x = np.arange(len(rows))
    ax.bar(x[below], shares[below] * 100, width=0.9, color="#d95f02", label="below the quota")
    ax.bar(x[~below], shares[~below] * 100, width=0.9, color="#1b9e77", label="at or above the quota")
    none = shares == 0  # a 0% bar has no height: mark it
    ax.plot(
        x[none], np.zeros(int(none.sum())), "v", color="#d95f02", clip_on=False, label="no local hire (0%)"
    )
    ax.axhline(
        quota * 100,
        color="black",
        linestyle="--",
        linewidth=1.2,
        label=f"quota {quota:.0%} (Perbup Bekasi 9/2019)",
    )
    if len(rows) <= 25:
        ax.set_xticks(x, [r["employer"] for r in rows], rotation=60, ha="right", fontsize=8)
    else:
        ax.set_xticks([])
        ax.set_xlabel(f"{len(rows)} employers that hired, sorted by local share")
    ax.set_ylabel("local hires (KTP Kab. Bekasi), % of hires")
    ax.set_ylim(0, 105)
    ax.set_xlim(-1, len(rows))
    ax.set_title(f"Local share of hires by employer: {int(below.sum())} of {len(rows)} below {quota:.0%}")
    figure.legend(loc="outside lower center", ncol=4, frameon=False)
    return figure


def plot_top_demand(table: Table, *, n: int = 12) -> Figure:
    """The ``n`` competencies most openings require (``demand_table``), with local holders beside them."""
    rows = table.records()[:n][::-1]  # largest at the top
    labels = [
        r["label_indonesian"]
        if r["label_indonesian"] == r["label_english"]
        else f"{r['label_indonesian']} / {r['label_english']}"
        for r in rows
    ]
    y = np.arange(len(rows))
    figure = _figure(9, 0.45 * len(rows) + 1.5)
    ax = figure.add_subplot()
    ax.barh(
        y + 0.2,
        [r["openings_required"] for r in rows],
        height=0.4,
        color="#7570b3",
        label="openings requiring it",
    )
    ax.barh(
        y - 0.2,
        [r["holders_local"] for r in rows],
        height=0.4,
        color="#1b9e77",
        label="local candidates holding it",
    )
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlabel("openings / candidates")
    figure.suptitle(f"Top {len(rows)} demanded competencies: openings requiring them")
    figure.legend(loc="outside lower center", ncol=3, frameon=False)
    return figure


def plot_kecamatan_shortage(table: Table) -> Figure:
    """Openings per kecamatan (``kecamatan_table``): filled by locals, by others, and left unfilled."""
    rows = sorted(table.records(), key=lambda r: (r["unfilled"], r["openings"], r["kecamatan"]))
    y = np.arange(len(rows))
    local = np.array([r["filled_local"] for r in rows])
    other = np.array([r["filled_other"] for r in rows])
    unfilled = np.array([r["unfilled"] for r in rows])
    figure = _figure(9, 0.4 * len(rows) + 1.5)
    ax = figure.add_subplot()
    ax.barh(y, local, color="#1b9e77", label="filled by locals")
    ax.barh(y, other, left=local, color="#a6cee3", label="filled by others")
    ax.barh(y, unfilled, left=local + other, color="#d95f02", label="unfilled (shortage)")
    for k in range(len(rows)):
        if unfilled[k]:
            ax.annotate(str(unfilled[k]), (local[k] + other[k] + unfilled[k], y[k]), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    ax.set_yticks(y, [f"{r['name']} ({r['kecamatan']})" for r in rows], fontsize=9)
    ax.set_xlabel("openings")
    ax.set_title("Openings by kecamatan of the vacancy: filled and unfilled")
    figure.legend(loc="outside lower center", ncol=3, frameon=False)
    return figure
