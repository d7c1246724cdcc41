"""libyaml's parser (the fast path of ``parse_yaml``) reads every example exactly as PyYAML's own does."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalitionist.io import yamlpos

EXAMPLES = sorted(
    (Path(__file__).resolve().parents[2] / "src" / "coalitionist" / "examples").glob("*.yaml")
)


@pytest.mark.skipif(yamlpos._FastLoader is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_fast_and_pure_python_parsers_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlpos._parse_yaml(text, str(path), yamlpos._FastLoader)
    pure = yamlpos._parse_yaml(text, str(path), yamlpos._Loader)
    assert fast[0] == pure[0]
    assert fast[1] == pure[1]
    assert fast[2] == pure[2] == []


def test_yaml_11_booleans_stay_strings_on_the_fast_path() -> None:
    data, _, problems = yamlpos.parse_yaml("a: no\nb: yes\nc: true\nd: on\n", "f.yaml")
    assert problems == []
    assert data == {"a": "no", "b": "yes", "c": True, "d": "on"}
