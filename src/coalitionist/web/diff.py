"""What changed between two revisions, in words and as a table, naming actors and issues by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coalitionist.web.forms import fmt_value
from coalitionist.wording import possessive


@dataclass(frozen=True)
class Change:
    """One changed field: where (``part``), about what (``subject``, a name), which field, before and after."""

    part: str
    subject: str
    field: str
    before: str
    after: str

    @property
    def sentence(self) -> str:
        """The change in words: ``Saudi Arabia's p 0.6 → 0.75``; a whole actor, issue or tie ``added`` or
        ``removed``; the decision rule as its two sentences."""
        if self.field in WHOLE and (self.before, self.after) in (("present", ""), ("", "added")):
            what = {
                "tie": self.subject,
                "estimates": f"{possessive(self.subject)} recruitment estimates",
            }.get(self.field, f"{self.subject} ({self.field})")
            return f"{what} {'removed' if self.before else 'added'}"
        if self.part == "rule" and self.field == "rule":
            return f"{self.subject}: {self.before} → {self.after}"
        if self.before and not self.after:
            return f"{self.subject}: {self.field} removed (was {self.before})"
        if self.after and not self.before:
            return f"{self.subject}: {self.field} set to {self.after}"
        return f"{possessive(self.subject)} {self.field} {self.before} → {self.after}"


#: Fields that stand for a whole item (its ``before``/``after`` are ``present``/``added``).
WHOLE = ("actor", "issue", "tie", "estimates")


def _names(doc: Mapping[str, Any], key: str) -> dict[str, str]:
    return {
        x["id"]: str(x.get("name") or x["id"])
        for x in doc.get(key, []) or []
        if isinstance(x, dict) and "id" in x
    }


def _fields(
    part: str, subject: str, a: Mapping[str, Any], b: Mapping[str, Any], skip: tuple[str, ...] = ()
) -> list[Change]:
    out = []
    for k in [*a, *(k for k in b if k not in a)]:
        if k in skip:
            continue
        va, vb = a.get(k), b.get(k)
        if va != vb:
            out.append(Change(part, subject, k.replace("_", " "), _show(va), _show(vb)))
    return out


def _show(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(_show(x) for x in v)
    if isinstance(v, dict) and "dist" not in v:
        return "; ".join(f"{k} {_show(x)}" for k, x in v.items())
    return fmt_value(v)


def rule_sentences(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, str]:
    """The decision rules of documents ``a`` and ``b`` in words (``""`` without one, ``"(invalid)"`` for a
    document the model does not accept), for :func:`diff_documents`."""
    from coalitionist.scenario.describe import describe_decision
    from coalitionist.scenario.errors import ScenarioValidationError
    from coalitionist.scenario.model import Scenario

    out = []
    for d in (a, b):
        try:
            out.append(describe_decision(Scenario.from_data(dict(d))) if d.get("decision") else "")
        except ScenarioValidationError:
            out.append("(invalid)")
    return out[0], out[1]


def diff_documents(
    a: Mapping[str, Any], b: Mapping[str, Any], rules: tuple[str, str] = ("", "")
) -> list[Change]:
    """Every change from document ``a`` to document ``b``; ``rules`` are the two decision rules in words."""
    out: list[Change] = []
    out += _fields(
        "scenario",
        "The scenario",
        a,
        b,
        skip=("actors", "issues", "positions", "relationships", "decision", "recruitment"),
    )
    names = {**_names(a, "actors"), **_names(b, "actors")}
    inames = {**_names(a, "issues"), **_names(b, "issues")}
    for key, part, nm in (("actors", "actors", names), ("issues", "issues", inames)):
        old = {x["id"]: x for x in a.get(key, []) or [] if isinstance(x, dict)}
        new = {x["id"]: x for x in b.get(key, []) or [] if isinstance(x, dict)}
        for i in old.keys() - new.keys():
            out.append(Change(part, nm.get(i, i), part[:-1], "present", ""))
        for i in new.keys() - old.keys():
            out.append(Change(part, nm.get(i, i), part[:-1], "", "added"))
        for i in [k for k in new if k in old]:
            out += _fields(part, nm.get(i, i), old[i], new[i], skip=("id",))
    pa, pb = a.get("positions", {}) or {}, b.get("positions", {}) or {}
    for actor in [*pa, *(k for k in pb if k not in pa)]:
        ra, rb = pa.get(actor, {}) or {}, pb.get(actor, {}) or {}
        for issue in [*ra, *(k for k in rb if k not in ra)]:
            sa, sb = _stance(ra.get(issue)), _stance(rb.get(issue))
            for k in ("position", "salience", "note"):
                if sa.get(k) != sb.get(k):
                    out.append(
                        Change(
                            "positions",
                            f"{names.get(actor, actor)} on {inames.get(issue, issue)}",
                            k,
                            _show(sa.get(k)),
                            _show(sb.get(k)),
                        )
                    )

    def ties(doc: Mapping[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
        return {
            (t.get("source", ""), t.get("target", ""), t.get("type", "influence")): t
            for t in doc.get("relationships", []) or []
            if isinstance(t, dict)
        }

    ta, tb = ties(a), ties(b)
    for tkey in [*ta, *(k for k in tb if k not in ta)]:
        subject = f"{tkey[2]} tie {names.get(tkey[0], tkey[0])} → {names.get(tkey[1], tkey[1])}"
        if tkey not in tb:
            out.append(Change("ties", subject, "tie", "present", ""))
        elif tkey not in ta:
            out.append(Change("ties", subject, "tie", "", "added"))
        else:
            out += _fields("ties", subject, ta[tkey], tb[tkey], skip=("source", "target", "type"))
    if a.get("decision") != b.get("decision"):
        if rules[0] != rules[1]:
            out.append(
                Change("rule", "The decision rule", "rule", rules[0] or "none", rules[1] or "none")
            )
        else:  # the same rule in words (a note, or no words given): say which fields changed
            da, db = a.get("decision"), b.get("decision")
            out += _fields(
                "rule",
                "The decision rule",
                da if isinstance(da, Mapping) else {"rule": da},
                db if isinstance(db, Mapping) else {"rule": db},
            )
    ra_, rb_ = a.get("recruitment") or {}, b.get("recruitment") or {}
    out += _fields("recruitment", "Recruitment", ra_, rb_, skip=("actors", "effects"))
    ca, cb = ra_.get("actors", {}) or {}, rb_.get("actors", {}) or {}
    for actor in [*ca, *(k for k in cb if k not in ca)]:
        if actor not in cb:
            out.append(Change("recruitment", names.get(actor, actor), "estimates", "present", ""))
        elif actor not in ca:
            out.append(Change("recruitment", names.get(actor, actor), "estimates", "", "added"))
        else:
            out += _fields("recruitment", names.get(actor, actor), ca[actor], cb[actor])
    if ra_.get("effects") != rb_.get("effects"):
        out.append(
            Change(
                "recruitment",
                "Process effects",
                "effects",
                f"{len(ra_.get('effects', []) or [])} effects",
                f"{len(rb_.get('effects', []) or [])} effects",
            )
        )
    return out


def _stance(v: Any) -> dict[str, Any]:
    if isinstance(v, dict) and "dist" not in v:
        return dict(v)
    return {} if v is None else {"position": v}
