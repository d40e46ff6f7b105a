"""Bar charts drawn on the server: bars in proportion, nothing drawn for all
zeros, long labels shortened (the table has them whole), and labels from the
data escaped in well-formed SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from flask import Flask, render_template_string

from portal.services.reporting.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_in_proportion_and_the_largest_fills_the_plot() -> None:
    chart = bar_chart([("Very good", 40), ("Good", 20), ("Poor", 0)])

    widths = [bar.width for bar in chart.bars]
    assert widths[0] > 0
    assert widths[1] * 2 == widths[0]
    assert widths[2] == 0
    assert chart.value_x(chart.bars[0]) <= chart.width
    assert not chart.empty


def test_all_zeros_and_no_rows_draw_no_bars() -> None:
    assert bar_chart([("Very good", 0), ("Good", 0)]).empty
    assert bar_chart([]).empty
    assert bar_chart([]).height > 0


def test_a_long_label_is_drawn_whole_on_its_own_line() -> None:
    label = "Care, Education and Treatment Review (CETR)"
    [bar] = bar_chart([(label, 3)]).bars

    assert bar.label == label
    assert bar.label_y < bar.bar_y


def _render(
    app: Flask, rows: list[tuple[str, int]], chart_id: str = "chart"
) -> ElementTree.Element:
    with app.test_request_context():
        markup = render_template_string(
            '{% from "components/charts.html" import bar_chart %}'
            "{{ bar_chart(chart, chart_id, 'Answers', 'Most were Good.') }}",
            chart=bar_chart(rows),
            chart_id=chart_id,
        )
    return ElementTree.fromstring(markup)  # noqa: S314 (our own markup)


def test_the_svg_is_well_formed_named_and_escapes_labels(app: Flask) -> None:
    svg = _render(app, [("<script>alert(1)</script>", 2), ("Good", 4)])

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-title chart-desc"
    assert svg.find(f"{SVG}title").text == "Answers"
    assert svg.find(f"{SVG}desc").text == "Most were Good."
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts
    assert svg.find(f".//{SVG}script") is None
    assert [t for t in texts if t and t.isdigit()] == ["2", "4"]


def test_an_empty_chart_says_so(app: Flask) -> None:
    svg = _render(app, [("Good", 0)])
    assert svg.find(f".//{SVG}rect") is None
    assert "No responses in this period" in "".join(t.text or "" for t in svg.iter(f"{SVG}text"))
