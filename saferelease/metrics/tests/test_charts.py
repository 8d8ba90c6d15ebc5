def test_the_month_in_progress_is_drawn_dashed_and_marked_to_date():
    from saferelease.metrics.catalogue import Unit
    from saferelease.metrics.charts import line_chart

    chart = line_chart(
        "Released homeless",
        "desc",
        ["Oct", "Nov", "Dec"],
        [0.04, 0.03, 0.25],
        Unit.SHARE,
        last_partial=True,
    )
    svg = chart.svg("t")
    assert svg.count("stroke-dasharray") == 1
    assert "to date" in svg
    assert chart.png_data_uri().startswith("data:image/png;base64,")
    whole = line_chart("R", "d", ["Oct", "Nov", "Dec"], [0.04, 0.03, 0.05], Unit.SHARE).svg("u")
    assert "stroke-dasharray" not in whole and "to date" not in whole
