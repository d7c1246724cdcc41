"""A revision diff in words (issue 15.3): whole actors, issues and ties are added or removed, the rule
changes from one sentence to the other, a field goes from one value to another; sentences written by hand."""

from __future__ import annotations

from coalitionist.web.diff import diff_documents

A = {
    "title": "Clinic",
    "actors": [{"id": "us", "name": "Us"}, {"id": "ben", "name": "Ben Ortiz", "capability": 2}],
    "issues": [{"id": "redesign", "name": "Adopt the redesign"}],
    "relationships": [{"source": "ben", "target": "us", "type": "influence"}],
    "recruitment": {"actors": {"ben": {"p": 0.7}}},
}
B = {
    "title": "Clinic",
    "actors": [{"id": "us", "name": "Us"}, {"id": "ben", "name": "Ben Ortiz", "capability": 3}],
    "issues": [],
    "relationships": [{"source": "us", "target": "ben", "type": "alliance"}],
    "decision": {"kind": "veto", "holders": ["us"]},
}


def test_each_change_reads_as_a_sentence_in_names() -> None:
    changes = diff_documents(A, B, ("", "a coalition wins with Us in favour (it holds a veto)"))
    assert [c.sentence for c in changes] == [
        "Ben Ortiz's capability 2 → 3",
        "Adopt the redesign (issue) removed",
        "influence tie Ben Ortiz → Us removed",
        "alliance tie Us → Ben Ortiz added",
        "The decision rule: none → a coalition wins with Us in favour (it holds a veto)",
        "Ben Ortiz's recruitment estimates removed",
    ]


def test_a_note_on_the_rule_is_named_not_read_as_the_same_rule_twice() -> None:
    a: dict[str, object] = {**B, "decision": {"kind": "veto", "holders": ["us"]}}
    b: dict[str, object] = {
        **B,
        "decision": {"kind": "veto", "holders": ["us"], "note": "Charter, Art. 27(3)"},
    }
    words = "a coalition wins with Us in favour (it holds a veto)"
    changes = diff_documents(a, b, (words, words))
    assert [c.sentence for c in changes] == ["The decision rule: note set to Charter, Art. 27(3)"]


def test_the_possessive_is_the_briefs() -> None:
    # "Greens'" (never "Greens's") and the possessive on the name of a counted label (issue 13.5)
    def doc(cap: int) -> dict[str, object]:
        return {
            "title": "T",
            "actors": [
                {"id": "gr", "name": "Greens", "capability": cap},
                {"id": "dup", "name": "Democratic Unionist Party (10)", "capability": cap},
            ],
        }

    changes = diff_documents(doc(1), doc(2), ("", ""))
    assert [c.sentence for c in changes] == [
        "Greens' capability 1 → 2",
        "Democratic Unionist Party's capability 1 → 2",
    ]
