"""Geometry of the dashboard's column charts, drawn as SVG by templates (no script, no colour
needed to read them: every column has its number in a tooltip title and in the table beside)."""

from __future__ import annotations

from dataclasses import dataclass

from tutela.reports.figures import Figure

WIDTH, HEIGHT, BASE = 720, 180, 150  # the viewBox; columns stand on y = BASE
MONTHS_DRAWN = 36


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    month: str
    value: int


@dataclass(frozen=True)
class ColumnChart:
    title: str
    columns: list[Column]
    # Years under their first drawn month: (x, "2025").
    ticks: list[tuple[float, str]]
    largest: int
    first: str
    last: str


def monthly(figure: Figure, series: int, title: str) -> ColumnChart | None:
    """Column ``series`` of a per-month figure (rows: month, value, …), its latest
    MONTHS_DRAWN months drawn; None when it has no month."""
    rows = figure.rows[-MONTHS_DRAWN:]
    if not rows:
        return None
    largest = max(int(row[series]) for row in rows) or 1
    step = WIDTH / len(rows)
    columns = []
    ticks = []
    for index, row in enumerate(rows):
        value = int(row[series])
        height = (BASE - 10) * value / largest
        x = index * step
        columns.append(
            Column(
                round(x + step * 0.1, 1),
                round(BASE - height, 1),
                round(step * 0.8, 1),
                round(height, 1),
                row[0],
                value,
            )
        )
        if index == 0 or row[0].endswith("-01"):
            ticks.append((round(x, 1), row[0][:4]))
    return ColumnChart(title, columns, ticks, largest, rows[0][0], rows[-1][0])
