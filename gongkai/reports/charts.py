"""Charts for the annual report, drawn with matplotlib's Agg backend as PNG. Pure: no Django.

Each chart comes from the report JSON alone and is skipped when its figures are missing:
- outcomes: the replies of the year by outcome block (表三 （一）–（六）, 总计 column; for a
  2008-format year the 2007 regulation's reply categories);
- monthly receipts: `data["monthly_receipts"]`, twelve counts of applications received;
- timeliness: `data["timeliness"]`, working days from 成文 to publication of the year's items
  (`{"average": …, "longest": …, "histogram": […]}`).

The PNGs are deterministic: no timestamp or software name in their metadata, one fixed size and
resolution, text in Noto Sans CJK SC from Debian's fonts-noto-cjk. Figures are built with the
object API and an explicit Agg canvas, so pyplot's global state and the process-wide backend are
never touched.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.reports.figures import OLD_CATEGORIES

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_FAMILY = "Noto Sans CJK SC"
SIZE_IN = (6.2, 2.7)  # fits the 156 mm type area of an A4 page
DPI = 200
BAR = "#2f5d8a"
ACCENT = "#b3261e"
INK = "#222222"
GRID = "#d0d0d0"

OUTCOME_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partial",)),
    ("不予公开", tuple(f"refused_{n}" for n in range(1, 9))),
    ("无法提供", tuple(f"unable_{n}" for n in range(1, 4))),
    ("不予处理", tuple(f"not_processed_{n}" for n in range(1, 6))),
    ("其他处理", tuple(f"other_{n}" for n in range(1, 4))),
)
MONTHS = tuple(f"{m}月" for m in range(1, 13))

# matplotlib keeps process-wide caches (fonts, text layout); one chart at a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Chart:
    key: str  # outcomes | monthly | timeliness
    title: str  # shown as the figure's caption
    description: str  # the figures in words: alt text, and the DOCX/PDF reader's fallback
    png: bytes


@functools.cache
def _font() -> Any:
    from matplotlib import font_manager

    # Registers the collection if the font cache missed it (a fresh container); harmless else.
    font_manager.fontManager.addfont(FONT_PATH)
    return font_manager.FontProperties(family=FONT_FAMILY)


def _rc() -> dict[str, Any]:
    return {
        "font.family": FONT_FAMILY,
        "font.size": 9,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.unicode_minus": False,
        "path.simplify": True,
    }


def _bar_png(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    ylabel: str,
    xlabel: str = "",
    highlight: Sequence[bool] | None = None,
    label_size: float = 9,
) -> bytes:
    # The same figures always give the same bytes, so a preview rendered again, or as DOCX
    # and PDF after the HTML, draws nothing new.
    return _bar_png_cached(
        tuple(labels),
        tuple(values),
        ylabel,
        xlabel,
        tuple(highlight) if highlight is not None else None,
        label_size,
    )


@functools.lru_cache(maxsize=64)
def _bar_png_cached(
    labels: tuple[str, ...],
    values: tuple[float, ...],
    ylabel: str,
    xlabel: str,
    highlight: tuple[bool, ...] | None,
    label_size: float,
) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    _font()
    with _LOCK, matplotlib.rc_context(_rc()):
        fig = Figure(figsize=SIZE_IN, dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        colours = [ACCENT if h else BAR for h in (highlight or [False] * len(values))]
        bars = ax.bar(positions, values, width=0.6, color=colours, zorder=2)
        ax.set_xticks(positions, [_wrap(label) for label in labels], fontsize=label_size)
        ax.set_ylabel(ylabel)
        if xlabel:
            ax.set_xlabel(xlabel)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        top = max(values, default=0)
        ax.set_ylim(0, max(top * 1.18, 1))
        ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        # Many bars: zeros go unlabelled, the axis says it already.
        sparse = len(values) > 12
        counts = ["" if sparse and not v else _number(v) for v in values]
        ax.bar_label(bars, labels=counts, padding=2, fontsize=8 if not sparse else 7, color=INK)
        fig.tight_layout(pad=0.6)
        buf = io.BytesIO()
        # No "Software" text chunk, no timestamp: the same figures give the same bytes.
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _wrap(label: str) -> str:
    """Long category names on two lines, so neighbours do not run into each other."""
    return (
        label
        if len(label) <= 5
        else f"{label[: (len(label) + 1) // 2]}\n{label[(len(label) + 1) // 2 :]}"
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def outcome_figures(data: dict) -> list[tuple[str, int]]:
    """(label, count) of the year's replies by block, as the outcome chart draws them."""
    if data.get("format") == "2008":
        replies = (data.get("applications_2008") or {}).get("replies") or {}
        return [(name, _int(replies.get(name))) for name in OLD_CATEGORIES]
    table = data.get("applications") or {}
    return [
        (label, sum(_int((table.get(row) or {}).get("total")) for row in rows))
        for label, rows in OUTCOME_BLOCKS
    ]


def outcome_chart(data: dict) -> Chart | None:
    counts = outcome_figures(data)
    total = sum(n for _, n in counts)
    if not total:
        return None
    description = "；".join(f"{label}{n}件" for label, n in counts) + f"；合计{total}件。"
    png = _bar_png([label for label, _ in counts], [n for _, n in counts], ylabel="件数")
    return Chart("outcomes", "图：本年度政府信息公开申请办理结果", description, png)


def monthly_chart(data: dict) -> Chart | None:
    months = data.get("monthly_receipts")
    if not isinstance(months, list | tuple) or len(months) != 12:
        return None
    counts = [_int(n) for n in months]
    description = "；".join(f"{m}{n}件" for m, n in zip(MONTHS, counts, strict=True))
    description += f"；全年{sum(counts)}件。"
    png = _bar_png(MONTHS, counts, ylabel="件数", label_size=8)
    return Chart("monthly", "图：本年度各月收到政府信息公开申请数量", description, png)


# selectors.publication_timeliness counts items in these bands of working days.
TIMELINESS_BANDS = ("0–5", "6–10", "11–15", "16–20", "21–30", "30以上")


def timeliness_buckets(histogram: Any) -> list[tuple[str, int]]:
    """The histogram as (label, count). Accepted shapes: six counts, one per band of
    TIMELINESS_BANDS (what the selectors produce); any other number of counts, index i holding
    the items published in i working days; a list of [label, count] pairs; a list of dicts with
    "count" and "label" or "days"; a dict {label: count}."""
    if isinstance(histogram, dict):
        return [(str(k), _int(v)) for k, v in histogram.items()]
    if not isinstance(histogram, list | tuple):
        return []
    if len(histogram) == len(TIMELINESS_BANDS) and all(
        isinstance(n, int) and not isinstance(n, bool) for n in histogram
    ):
        return list(zip(TIMELINESS_BANDS, histogram, strict=True))
    buckets: list[tuple[str, int]] = []
    for i, entry in enumerate(histogram):
        if isinstance(entry, dict):
            label = entry.get("label", entry.get("days", i))
            buckets.append((str(label), _int(entry.get("count"))))
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            buckets.append((str(entry[0]), _int(entry[1])))
        else:
            buckets.append((str(i), _int(entry)))
    return buckets


def timeliness_chart(data: dict, limit: int = 20) -> Chart | None:
    timeliness = data.get("timeliness")
    if not isinstance(timeliness, dict):
        return None
    buckets = timeliness_buckets(timeliness.get("histogram"))
    if not buckets or not sum(n for _, n in buckets):
        return None
    labels = [label for label, _ in buckets]

    def late(label: str) -> bool:
        digits = "".join(ch for ch in label.split("-")[-1].split("–")[-1] if ch.isdigit())
        return bool(digits) and int(digits) > limit

    def days(label: str) -> str:
        return f"{label[:-2]}个工作日以上" if label.endswith("以上") else f"{label}个工作日"

    description = "；".join(f"{days(label)}{n}条" for label, n in buckets if n)
    if timeliness.get("average") is not None:
        description += f"；平均{timeliness['average']}个工作日"
    if timeliness.get("longest") is not None:
        description += f"，最长{timeliness['longest']}个工作日"
    png = _bar_png(
        labels,
        [n for _, n in buckets],
        ylabel="条数",
        xlabel=f"从成文到公开的工作日数（超过{limit}个工作日的以红色标示）",
        highlight=[late(label) for label in labels],
        label_size=8 if len(labels) <= 24 else 6,
    )
    return Chart("timeliness", "图：主动公开信息从成文到公开所用工作日", description + "。", png)


def charts(data: dict) -> dict[str, Chart]:
    """Every chart the figures allow, by key."""
    made = {
        "outcomes": outcome_chart(data),
        "monthly": monthly_chart(data),
        "timeliness": timeliness_chart(data),
    }
    return {key: chart for key, chart in made.items() if chart is not None}
