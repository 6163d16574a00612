"""The health view's pictures: problems by kind, key coverage and the spread of input lengths, as Vega-Lite charts
built with Altair once per analysis (a rerun only sends the finished spec). Every chart has a text equivalent
beside it, and what its colour says is also said by a label or a shape."""

from functools import lru_cache
from typing import Any

import altair as alt
import streamlit as st

from components.shared.text import escape, note
from services.health.findings import Health

FINDING_NAMES = {
    "repeats": "Exact repeats",
    "contradictions": "Contradictions",
    "near": "Near repeats",
    "missing": "Missing expected outputs",
    "misspelt": "Misspelt keys",
    "empty": "Empty values",
    "outliers": "Inputs far too long",
}
# Colour-blind safe pairs (Okabe–Ito); each also differs in label or shape.
_PROBLEM, _FINE = "#D55E00", "#0072B2"
_INPUT, _EXPECTED = "#0072B2", "#E69F00"


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()
    return spec


def show(spec: dict[str, Any], alt_text: str) -> None:
    """The chart at the height its spec asks for (Streamlit would otherwise size it to a default)."""
    height = int(spec.get("height", 220)) + 100  # + the axis, its title and the legend under the plot
    st.vega_lite_chart(spec, width="stretch", height=height, alt=alt_text)


@lru_cache(maxsize=32)
def overview_spec(counts: tuple[tuple[str, int], ...]) -> dict[str, Any]:
    """One bar per finding, its count written at its end; a finding with problems is orange and marked "to fix"."""
    rows = [
        {"finding": FINDING_NAMES[key], "problems": count, "state": "to fix" if count else "none"}
        for key, count in counts
    ]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("finding:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("problems:Q", title="Problems", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "state:N",
            scale=alt.Scale(domain=["to fix", "none"], range=[_PROBLEM, _FINE]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
        tooltip=["finding:N", "problems:Q"],
    )
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("problems:Q", format=","))
    chart = (bars + labels).properties(height=28 * len(rows))
    return _spec(chart)


@lru_cache(maxsize=32)
def coverage_spec(health: Health) -> dict[str, Any]:
    """Each key's share of the cases; a key that looks misspelt is marked by a triangle and its label."""
    rows = [
        {
            "key": key.label + (f" (looks like “{key.looks_like}”)" if key.looks_like else ""),
            "share": round(key.share * 100, 1),
            "cases": key.count,
            "place": "Input" if key.place == "input" else "Expected output",
            "misspelt": "looks misspelt" if key.looks_like else "ok",
        }
        for key in health.coverage[:40]
    ]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("key:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("share:Q", title="Share of cases that have the key (%)", scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "place:N",
            scale=alt.Scale(domain=["Input", "Expected output"], range=[_INPUT, _EXPECTED]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
        tooltip=["key:N", "share:Q", "cases:Q"],
    )
    flags = (
        base.transform_filter(alt.datum.misspelt == "looks misspelt")
        # Hidden from screen readers: the key's label says the same, and with no misspelt key Vega would draw an
        # empty group of role img, which has no text alternative.
        .mark_point(shape="triangle-left", filled=True, size=90, color=_PROBLEM, xOffset=10, aria=False)
        .encode(x=alt.X("share:Q"))
    )
    chart = (bars + flags).properties(height=32 * len(rows))
    return _spec(chart)


@lru_cache(maxsize=32)
def lengths_spec(health: Health) -> dict[str, Any]:
    """How many inputs have each length; the inputs far longer than the rest in one bar of their own, marked."""
    spread = health.lengths
    rows = [
        {"from": start, "to": end, "range": f"{start:,}–{end:,}", "cases": count, "kind": "usual"}
        for start, end, count in spread.bins
    ]
    if spread.outliers and spread.limit is not None:
        rows.append(
            {
                "from": spread.limit,
                "to": spread.limit,
                "range": f"over {spread.limit:,}",
                "cases": len(spread.outliers),
                "kind": "far too long",
            }
        )
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("range:N", sort=None, title="Input length (characters)", axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("cases:Q", title="Cases", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["usual", "far too long"], range=[_FINE, _PROBLEM]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["range:N", "cases:Q"],
        )
        .properties(height=220)
    )
    return _spec(chart)


def coverage_table(health: Health) -> str:
    """The coverage chart's facts as a table a screen reader reads."""
    rows = [
        f"| {escape(key.label)} | {key.count:,} | {key.share:.0%} | "
        + (f"looks like “{escape(key.looks_like)}”" if key.looks_like else "")
        + " |"
        for key in health.coverage[:40]
    ]
    return "| Key | Cases | Share | Note |\n|---|---|---|---|\n" + "\n".join(rows)


def lengths_caption(health: Health) -> None:
    spread = health.lengths
    if not spread.bins:
        return
    low, high = spread.bins[0][0], spread.bins[-1][1]
    text = f"Inputs run from {low:,} to {high:,} characters; half are shorter than {spread.median:,}."
    if spread.outliers and spread.limit is not None:
        text += f" {len(spread.outliers):,} {'is' if len(spread.outliers) == 1 else 'are'} over {spread.limit:,}."
    note(text)
