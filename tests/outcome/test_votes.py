"""The vote model against a plain-Python reference and the cases a practitioner checks by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.errors import InvalidInputError
from coalitionist.outcome.votes import (
    DEFAULT_BAND,
    cast_votes,
    flip_margins,
    predict_votes,
    utility_gain,
)


def reference_vote(pos, sal, x, q, width, band, loss):
    """One actor's vote written out issue by issue (independent of the vectorised code)."""
    gain = 0.0
    for k in range(len(x)):
        if loss == "linear":
            before = abs(q[k] - pos[k]) / width[k]
            after = abs(x[k] - pos[k]) / width[k]
        else:
            before = ((q[k] - pos[k]) / width[k]) ** 2
            after = ((x[k] - pos[k]) / width[k]) ** 2
        gain += sal[k] * (before - after)
    if gain > band:
        return "yes", gain
    if gain < -band:
        return "no", gain
    return "abstain", gain


@st.composite
def games(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 3))
    coord = st.integers(0, 100).map(float)
    pos = [[draw(coord) for _ in range(k)] for _ in range(n)]
    sal = [
        [draw(st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.8, 1.0])) for _ in range(k)] for _ in range(n)
    ]
    x = [draw(coord) for _ in range(k)]
    q = [draw(coord) for _ in range(k)]
    band = [draw(st.sampled_from([0.0, 0.05, 0.1, 0.3])) for _ in range(n)]
    loss = draw(st.sampled_from(["linear", "quadratic"]))
    return pos, sal, x, q, band, loss


@settings(max_examples=200, deadline=None)
@given(games())
def test_votes_match_the_reference(game):
    pos, sal, x, q, band, loss = game
    width = [100.0] * len(x)
    res = predict_votes(pos, sal, x, q, width=width, band=band, loss=loss)
    for i in range(len(pos)):
        vote, gain = reference_vote(pos[i], sal[i], x, q, width, band[i], loss)
        assert res.gain[i] == pytest.approx(gain, abs=1e-12)
        # exact ties at the band edge are decided by floating point the same way on both sides
        if abs(abs(gain) - band[i]) > 1e-9:
            assert res.votes[f"actor{i + 1}"] == vote


@settings(max_examples=100, deadline=None)
@given(games())
def test_margins_reach_the_other_votes(game):
    """Shifting an actor's gain by its margin (and a hair more) lands exactly on that vote."""
    pos, sal, x, q, band, loss = game
    res = predict_votes(pos, sal, x, q, width=[100.0] * len(x), band=band, loss=loss)
    m = flip_margins(res.gain, res.band)
    eps = 1e-7
    for i in range(len(pos)):
        g, b = res.gain[i], res.band[i]
        assert m[i, [0, 1, 2][[1, 0, -1].index(int(res.codes[i]))]] == 0.0
        if res.codes[i] != 1:
            assert cast_votes([g + m[i, 0] + eps], b)[0] == 1
        if res.codes[i] != -1:
            assert cast_votes([g - m[i, 2] - eps], b)[0] == -1
        if res.codes[i] != 0 and b > 2 * eps:
            step = m[i, 1] + eps
            assert cast_votes([g - step if g > 0 else g + step], b)[0] == 0


def test_worked_example_by_hand():
    # Issue 0..100, status quo 0, proposal 100. A at 90 (salience 1): |0-90| - |100-90| = 80 → 0.8: yes.
    # B at 52: (52 - 48) / 100 = 0.04 ≤ 0.05: abstain. C at 10, salience 0.8: (10 - 90)/100 × 0.8 = -0.64: no.
    res = predict_votes(
        [[90.0], [52.0], [10.0]],
        [[1.0], [1.0], [0.8]],
        [100.0],
        [0.0],
        width=[100.0],
        actors=["a", "b", "c"],
    )
    assert res.votes == {"a": "yes", "b": "abstain", "c": "no"}
    assert res.gain.tolist() == pytest.approx([0.8, 0.04, -0.64])
    assert res.prefers_proposal() == ("a",)
    assert DEFAULT_BAND == 0.05


def test_an_issue_left_at_the_status_quo_counts_for_nothing():
    base = utility_gain([[30.0, 80.0]], [[1.0, 1.0]], [60.0, 10.0], [0.0, 10.0], width=[100, 100])
    alone = utility_gain([[30.0]], [[1.0]], [60.0], [0.0], width=[100])
    assert base.tolist() == pytest.approx(alone.tolist())


def test_batches_broadcast_over_leading_axes():
    rng = np.random.default_rng(3)
    pos = rng.uniform(0, 100, (4, 5, 2))
    sal = rng.uniform(0, 1, (4, 5, 2))
    x, q = np.array([70.0, 20.0]), np.array([0.0, 50.0])
    batch = utility_gain(pos, sal, x, q, width=[100, 100])
    one = [utility_gain(pos[d], sal[d], x, q, width=[100, 100]) for d in range(4)]
    assert np.allclose(batch, np.stack(one))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"positions": [[1.0, 2.0]], "salience": [[1.0]]}, "same shape"),
        ({"proposal": [1.0, 2.0]}, "one per issue"),
        ({"salience": [[1.5]]}, r"\[0, 1\]"),
        ({"loss": "cubic"}, "linear"),
        ({"width": [0.0]}, "positive"),
    ],
)
def test_bad_input_is_named(kwargs, match):
    args: dict[str, Any] = {
        "positions": [[1.0]],
        "salience": [[1.0]],
        "proposal": [1.0],
        "status_quo": [0.0],
    }
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=match):
        utility_gain(**args)


def test_negative_band_is_refused():
    with pytest.raises(InvalidInputError, match="band"):
        cast_votes([0.1], -0.1)
