"""The server-drawn SVG charts: well-formed, one mark per point, every text escaped."""
from xml.etree import ElementTree

from common.svg_charts import Point, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_has_a_bar_per_point_scaled_to_the_largest():
    chart = ElementTree.fromstring(bar_chart([Point("a", 10), Point("b", 5), Point("c", 0)], title="Searches"))
    assert chart.find(f"{SVG}title").text == "Searches" and chart.get("aria-label") == "Searches"
    heights = [float(bar.get("height")) for bar in chart.iter(f"{SVG}rect")]
    assert heights[0] == 2 * heights[1] and heights[2] == 0


def test_texts_are_escaped_and_never_markup():
    hostile = '<script>alert("x")</script>&'
    svg = line_chart([Point(hostile, 1)], title=hostile)
    chart = ElementTree.fromstring(svg)
    assert "<script>" not in svg
    assert chart.get("aria-label") == hostile and chart.find(f"{SVG}title").text == hostile
    assert not list(chart.iter(f"{SVG}script"))


def test_a_line_chart_without_points_is_still_a_chart():
    chart = ElementTree.fromstring(line_chart([], title="Nothing"))
    assert chart.find(f"{SVG}polyline").get("points") == "" and not list(chart.iter(f"{SVG}circle"))
