"""Write the figures of the tutorial (docs/tutorial.md): the Gulf War brief's figures as SVG under docs/img/.

Run from the repository root after changing the figures or the example::

    .venv/bin/python docs/make_figures.py

Each figure is written as ``docs/img/gulf-war-<key>.svg``; the files are deterministic (the same code and
example give the same bytes), so a diff shows what changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.report import make_brief

OUT = Path(__file__).resolve().parent / "img"
EXAMPLE = "gulf-war-1990"


def main() -> int:
    """Build the example's brief and write each of its figures; print what was written."""
    brief = make_brief(load_scenario(example_path(EXAMPLE)))
    OUT.mkdir(exist_ok=True)
    written = []
    for section in brief.sections:
        for figure in section.figures:
            path = OUT / f"gulf-war-{figure.key.replace('_', '-')}.svg"
            path.write_text(figure.svg, encoding="utf-8")
            written.append(path)
            print(f"{path.relative_to(OUT.parent.parent)}  ({section.key}: {figure.title})")
    if not written:
        print(
            "no figures: is matplotlib installed (pip install 'coalitionist[report]')?",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
