"""Published worked values of voting power, with their sources."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest

from coalitionist.power import (
    AllOf,
    AnyOf,
    Count,
    PowerResult,
    Veto,
    Weighted,
    describe_power,
    power_indices,
)

P5 = ["usa", "uk", "france", "russia", "china"]
ELECTED = [f"e{i}" for i in range(1, 11)]
UNSC = AllOf([Count(15, quota=9), Veto(15, range(5))])


def _vals(result: PowerResult, index: str) -> list[float | Fraction]:
    return [result.values(index)[p] for p in result.players]


def test_un_security_council() -> None:
    """Shapley & Shubik (1954, APSR 48:787–792): a permanent member has 421/2145, an elected one 4/2145.
    Felsenthal & Machover (1998, *The Measurement of Voting Power*, §2.3): Banzhaf swings 848 and 84."""
    r = power_indices(UNSC, P5 + ELECTED, exact=True)
    ss = r.values("shapley_shubik")
    assert all(ss[p] == Fraction(421, 2145) for p in P5)
    assert all(ss[e] == Fraction(4, 2145) for e in ELECTED)
    assert r.swings is not None
    assert all(r.swings[p] == 848 for p in P5)
    assert all(r.swings[e] == 84 for e in ELECTED)
    assert r.veto_players == tuple(P5)
    assert r.dummies == ()
    # Minimal winning coalitions: the five plus any four elected members, C(10, 4) = 210 of them.
    # Deegan & Packel (1978): each has 9 members, so DP(P5) = 1/9 and DP(elected) = C(9,3)/(210·9) = 2/45.
    # Holler (1982): a permanent member is in all 210, an elected one in C(9,3) = 84; total 5·210 + 10·84.
    assert r.minimal_winning_count == comb(10, 4)
    assert all(r.values("deegan_packel")[p] == Fraction(1, 9) for p in P5)
    assert all(r.values("deegan_packel")[e] == Fraction(2, 45) for e in ELECTED)
    assert all(r.values("holler")[p] == Fraction(210, 1890) for p in P5)
    assert all(r.values("holler")[e] == Fraction(84, 1890) for e in ELECTED)
    # Johnston (1978), by hand: with exactly four elected members all nine are critical (1/9 each); with
    # j ≥ 5 elected only the five permanent members are (1/5 each). 848 vulnerable coalitions in all.
    many = sum(comb(10, j) for j in range(5, 11))
    assert all(
        r.values("johnston")[p] == (Fraction(210, 9) + Fraction(many, 5)) / (210 + many) for p in P5
    )
    assert all(r.values("johnston")[e] == Fraction(84, 9) / (210 + many) for e in ELECTED)
    # Blocking: any one permanent member, or any seven elected members (so at most eight remain).
    assert r.minimal_blocking_count == 5 + comb(10, 7)


def test_nassau_county_1958() -> None:
    """Banzhaf (1965, Rutgers Law Review 19:317–343): in [16; 9, 9, 7, 3, 1, 1] the three largest members
    share all the power and the three smallest have none."""
    r = power_indices(
        Weighted([9, 9, 7, 3, 1, 1], quota=16), ["h1", "h2", "nh", "ob", "gc", "lb"], exact=True
    )
    assert _vals(r, "banzhaf") == [Fraction(1, 3)] * 3 + [0] * 3
    assert _vals(r, "shapley_shubik") == [Fraction(1, 3)] * 3 + [0] * 3
    assert r.dummies == ("ob", "gc", "lb")
    text = describe_power(r)
    assert "h1, h2 and nh share all the power equally" in text
    assert "ob, gc and lb are dummies" in text


def test_nassau_county_1964() -> None:
    """Banzhaf (1965): in [58; 31, 31, 28, 21, 2, 2] again three members share all the power."""
    r = power_indices(Weighted([31, 31, 28, 21, 2, 2], quota=58), exact=True)
    assert _vals(r, "banzhaf") == [Fraction(1, 3)] * 3 + [0] * 3
    assert r.dummies == ("p4", "p5", "p6")


def test_three_parties_49_48_3() -> None:
    """[51; 49, 48, 3]: any two of the three win, so the party with 3 seats has as much power as the
    others (Felsenthal & Machover 1998, the standard illustration that weight is not power)."""
    r = power_indices(Weighted([49, 48, 3], quota=51), exact=True)
    for index in ("shapley_shubik", "banzhaf", "deegan_packel", "holler", "johnston"):
        assert _vals(r, index) == [Fraction(1, 3)] * 3


def test_eec_1958() -> None:
    """Felsenthal & Machover (1998, §2.3, Table 2.3.1): Council of the EEC 1958, [12; 4, 4, 4, 2, 2, 1]:
    Shapley–Shubik 14/60 for France, Germany, Italy, 9/60 for Belgium and the Netherlands, 0 for
    Luxembourg; Banzhaf 5/21, 3/21 and 0 (Luxembourg is a dummy)."""
    names = ["fr", "de", "it", "be", "nl", "lu"]
    r = power_indices(Weighted([4, 4, 4, 2, 2, 1], quota=12), names, exact=True)
    assert _vals(r, "shapley_shubik") == [Fraction(14, 60)] * 3 + [Fraction(9, 60)] * 2 + [0]
    assert _vals(r, "banzhaf") == [Fraction(5, 21)] * 3 + [Fraction(3, 21)] * 2 + [0]
    assert r.dummies == ("lu",)


EU_POP_2024 = {  # Eurostat, population on 1 January 2024 (demo_pjan), thousands
    "de": 83445, "fr": 68402, "it": 58990, "es": 48619, "pl": 36621, "ro": 19064, "nl": 17942,
    "be": 11832, "cz": 10901, "pt": 10639, "se": 10551, "el": 10397, "hu": 9585, "at": 9159,
    "bg": 6445, "dk": 5961, "fi": 5604, "sk": 5425, "ie": 5343, "hr": 3862, "lt": 2886, "si": 2124,
    "lv": 1872, "ee": 1374, "cy": 934, "lu": 672, "mt": 564,
}  # fmt: skip


def eu_rule(populations: list[int]) -> AnyOf:
    n = len(populations)
    return AnyOf(
        [
            AllOf([Count(n, threshold=0.55), Weighted(populations, threshold=0.65)]),
            Count(n, quota=n - 3),
        ]
    )


def test_eu_council_share_of_winning_coalitions() -> None:
    """Petróczy & Csató (2026, Group Decision and Negotiation, doi 10.1007/s10726-026-09964-1): under the
    Lisbon rule 13.2 % of all coalitions of the 27 member states win (their population data differ
    slightly from Eurostat 2024, which moves this share by far less than the rounding)."""
    r = power_indices(eu_rule(list(EU_POP_2024.values())), list(EU_POP_2024))
    assert r.winning_count is not None
    assert r.winning_count / 2**27 == pytest.approx(0.132, abs=0.0005)
    ss = r.values("shapley_shubik")
    assert sum(ss.values()) == pytest.approx(1.0, abs=1e-12)
    assert r.veto_players == ()
    assert r.dummies == ()
    # power follows population order (desirability holds in this rule)
    order = sorted(EU_POP_2024, key=lambda c: -EU_POP_2024[c])
    for idx in ("shapley_shubik", "banzhaf"):
        vals = [r.values(idx)[c] for c in order]
        assert vals == sorted(vals, reverse=True)
