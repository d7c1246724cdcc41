"""The brief's cancellation hook (issue 15.4): ``checkpoint`` is called before each analysis, between the
robustness draws and before each figure, and what it raises stops the brief at once and reaches the caller
(a figure's failure is otherwise turned into a warning, a cancel must not be)."""

from __future__ import annotations

import pytest

from coalitionist.brief import ANALYSIS_MODULES
from coalitionist.brief import make_brief as analyses_only
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.report import make_brief


class StopError(Exception):
    pass


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(example_path("clinic-program"))


def test_a_raise_before_an_analysis_stops_the_brief_there(scenario, monkeypatch) -> None:
    import coalitionist.analyses.strategy as strategy

    ran: list[str] = []

    def never(*_a, **_k):  # the analysis after the cancel must not run
        raise AssertionError("the plan ran after the cancel")

    monkeypatch.setattr(strategy, "build_section", never)

    def checkpoint(step: str) -> None:
        ran.append(step)
        if step == "coalitionist.analyses.strategy":
            raise StopError

    with pytest.raises(StopError):
        analyses_only(scenario, checkpoint=checkpoint)
    stop = ANALYSIS_MODULES.index("coalitionist.analyses.strategy")
    assert ran == list(ANALYSIS_MODULES[: stop + 1])


def test_the_robustness_check_is_stopped_between_its_draws(scenario) -> None:
    seen: list[str] = []

    def checkpoint(step: str) -> None:
        seen.append(step)
        if seen.count("robustness") == 3:  # once before the check, then after its first two chunks
            raise StopError

    with pytest.raises(StopError):
        analyses_only(scenario, checkpoint=checkpoint, robustness=40)
    assert seen[: len(ANALYSIS_MODULES)] == list(ANALYSIS_MODULES)
    assert seen[len(ANALYSIS_MODULES) :] == ["robustness"] * 3


def test_progress_still_counts_the_draws_of_a_full_study(scenario) -> None:
    counted: list[tuple[int, int]] = []
    analyses_only(
        scenario,
        robustness=40,
        progress=lambda d, t: counted.append((d, t)),
        checkpoint=lambda _s: None,
    )
    assert counted
    assert counted[-1][0] == counted[-1][1] >= 40


def test_a_raise_before_a_figure_reaches_the_caller(scenario) -> None:
    pytest.importorskip("matplotlib")
    figures: list[str] = []

    def checkpoint(step: str) -> None:
        if step.endswith("_figure"):
            figures.append(step)
            if len(figures) == 2:
                raise StopError

    with pytest.raises(StopError):
        make_brief(scenario, checkpoint=checkpoint)
    assert len(figures) == 2


def test_a_checkpoint_that_never_raises_changes_nothing(scenario) -> None:
    plain = analyses_only(scenario, seed=3).to_dict()
    assert analyses_only(scenario, seed=3, checkpoint=lambda _s: None).to_dict() == plain
