"""Sources and notes on every estimate and tie (issue 15.2, provenance as Oligrapher keeps it for edges):
each table of the editor has a note beside its estimates — actors, positions, ties, recruitment, the rule —
and a note typed there is saved in the revision, shown again, named in the diff, and carried to the map's
ties."""

from __future__ import annotations

import json
import re

from webtest import form_fields

NOTE = "Source: cable 90STATE123456, 12 Nov 1990 (estimate by the desk officer)"


def test_a_note_on_every_kind_of_estimate_is_kept(alice) -> None:
    sid = alice.new_from_example("gulf-war-1990")
    saved: dict[str, str] = {}
    for part in ("actors", "positions", "ties", "recruitment", "rule"):
        fields = form_fields(alice.get(f"/s/{sid}/edit/{part}").text)
        notes = sorted(k for k in fields if k.endswith(".note") and not fields[k])
        assert notes, f"no empty note field on the {part} table"
        key = notes[0]
        fields[key] = f"{NOTE} [{part}]"
        fields["message"] = f"source for {part}"
        r = alice.post(f"/s/{sid}/edit/{part}", fields, follow_redirects=False)
        assert r.status_code == 303, (part, r.text[:1000])
        again = form_fields(alice.get(f"/s/{sid}/edit/{part}").text)
        assert again[key] == f"{NOTE} [{part}]", part  # shown again where it was typed
        saved[part] = key
    head = alice.api("GET", f"/api/scenarios/{sid}").json()
    assert head["number"] == 6
    text = json.dumps(head["document"], ensure_ascii=False)
    for part in saved:
        assert f"{NOTE} [{part}]" in text, part  # in the revision itself
    changes = alice.api("GET", f"/api/scenarios/{sid}/diff?a=1&b=6").json()
    sentences = [c["sentence"] for c in changes]
    assert len(sentences) == 5, sentences
    for part in saved:
        assert any(x.endswith(f"note set to {NOTE} [{part}]") for x in sentences), (part, sentences)
    assert f"The decision rule: note set to {NOTE} [rule]" in sentences
    # the tie's note reaches the map (its edges carry the note the side panel shows)
    m = re.search(r"relationships\[(\d+)\]\.note", saved["ties"])
    assert m is not None
    tie = head["document"]["relationships"][int(m.group(1))]
    assert tie["note"] == f"{NOTE} [ties]"
    page = alice.get(f"/s/{sid}/map").text
    assert "cable 90STATE123456" in page
