"""The README shows the workbench (issue 15.9): every workbench picture it links is a committed PNG of a
readable size (they are crops of the browser test's screenshots, test-artifacts/web/)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_links_workbench_screenshots_that_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"!\[([^\]]+)\]\((docs/img/workbench-[a-z-]+\.png)\)", readme)
    assert len(links) >= 4, links
    for alt, link in links:
        assert len(alt) > 10, link  # a caption that says what the picture shows
        data = (ROOT / link).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", link
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert width >= 800, (link, width)
        assert height >= 400, (link, height)
