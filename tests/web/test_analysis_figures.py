"""Each analysis view on its own page with its figure (issue 15.4): once the brief of a revision is stored,
the power, influence, forecast and plan pages each show their section's figures (report.figures.PLACEMENT
puts a figure in each of those sections), inline as SVG images (an image cannot run script)."""

from __future__ import annotations

import base64
import re

import pytest


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_each_analysis_page_shows_its_figure(alice) -> None:
    pytest.importorskip("matplotlib")
    sid = alice.new_from_example("gulf-war-1990")
    alice.wait_brief(sid)
    for key, title in (
        ("power", "Voting power"),
        ("influence", "Influence"),
        ("forecast", "Forecast"),
        ("plan", "Recruitment plan"),
    ):
        page = alice.get(f"/s/{sid}/analysis/{key}")
        assert page.status_code == 200, key
        assert title in page.text, key
        images = re.findall(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page.text)
        assert images, f"no figure on the {key} page"
        for data in images:
            assert b"<svg" in base64.b64decode(data)[:2000], key
