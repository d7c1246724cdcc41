"""Editing tables ↔ the scenario document.

Each editable part of a scenario (actors, issues, positions, ties, the decision rule, recruitment, the
settings) is a table of inputs whose names are the document paths they edit, written as the validator
writes them (``actors[2].capability``, ``positions.usa.force.salience``). A posted form is merged into a copy
of the stored document (fields the table does not show are kept), and the result is validated by the same
model as the command line; every problem the validator reports comes back keyed by the same path, so the
page can show it beside the input it is about.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from typing import Any

from coalitionist.io.load import scenario_from_data
from coalitionist.scenario.errors import ScenarioValidationError, format_path
from coalitionist.scenario.model import Scenario

PARTS = ("settings", "actors", "issues", "positions", "ties", "rule", "recruitment")
TIE_TYPES = (
    "influence",
    "alliance",
    "rivalry",
    "dependency",
    "history",
    "hierarchy",
    "funds",
    "member_of",
)
#: Rules that count members; and the two that combine rules (to any depth), as the scenario model has them.
LEAF_RULES = ("weighted", "count", "unanimity", "veto")
RULE_KINDS = (*LEAF_RULES, "all_of", "any_of")
#: A part added to a combined rule: a simple majority of votes (valid at once, edited from there).
NEW_PART: dict[str, Any] = {"kind": "weighted", "threshold": 0.5, "strict": True}
#: The field names of a rule, for matching the validator's problems to the form (``decision.rules[1].quota``).
RULE_PROBLEM = re.compile(
    r"^decision(\.rules\[\d+\])*"
    r"(\.(kind|weight|quota|threshold|strict|of|veto_on_abstain|note|rules|members|holders)(\[\d+\])?)?$"
)
_DIST = re.compile(r"^\s*([a-z_]+)\s*\((.*)\)\s*$", re.IGNORECASE)
_DIST_KEYS = {
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "beta": ("alpha", "beta"),
}


class FormError(Exception):
    """A cell could not be read; carries the input's name."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# -- cells ----------------------------------------------------------------------------------------------


def fmt_number(value: Any) -> str:
    """A number as typed (``0.75``, ``100``), anything else as text; empty for ``None``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        f = float(value)
        return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
    return str(value)


def fmt_value(value: Any) -> str:
    """A scenario value for a cell: a number, a word, or a distribution as ``triangular(0.4, 0.6, 0.8)``."""
    if isinstance(value, Mapping) and "dist" in value:
        dist = str(value["dist"])
        keys = _DIST_KEYS.get(dist)
        rest = {k: v for k, v in value.items() if k != "dist"}
        if keys and set(rest) == set(keys):
            return f"{dist}({', '.join(fmt_number(rest[k]) for k in keys)})"
        return f"{dist}({', '.join(f'{k}={fmt_number(v)}' for k, v in rest.items())})"
    return fmt_number(value)


def parse_number(field: str, text: str) -> float | None:
    """A number cell (empty → ``None``); decimal commas are accepted (``0,75``)."""
    t = text.strip()
    if not t:
        return None
    try:
        v = float(t.replace(",", ".")) if t.count(",") == 1 and "." not in t else float(t)
    except ValueError:
        raise FormError(field, f"'{t}' is not a number") from None
    if not math.isfinite(v):
        raise FormError(field, "enter a finite number")
    return int(v) if v.is_integer() and abs(v) < 1e15 else v


def parse_value(field: str, text: str) -> Any:
    """A value cell: a number, a word (``high``, ``auto``), or a distribution
    (``triangular(0.4, 0.6, 0.8)``, ``normal(mean=0.5, sd=0.1)``)."""
    t = text.strip()
    if not t:
        return None
    m = _DIST.match(t)
    if m:
        dist = m.group(1).lower()
        args = [a.strip() for a in m.group(2).split(",") if a.strip()]
        out: dict[str, Any] = {"dist": dist}
        keys = _DIST_KEYS.get(dist)
        for k, arg in enumerate(args):
            if "=" in arg or " " in arg:
                name, _, num = arg.replace("=", " ").partition(" ")
                out[name.strip()] = parse_number(field, num)
            elif keys and k < len(keys):
                out[keys[k]] = parse_number(field, arg)
            else:
                raise FormError(field, f"write {dist}({', '.join(keys or ('…',))})")
        return out
    try:
        return parse_number(field, t)
    except FormError:
        return t


def parse_list(text: str) -> list[str]:
    """Comma- or space-separated ids."""
    return [p for p in re.split(r"[,\s]+", text.strip()) if p]


def parse_bool(text: str | None) -> bool:
    """A checkbox or yes/no cell."""
    return (text or "").strip().lower() in ("on", "true", "yes", "1", "y")


# -- forms → document ------------------------------------------------------------------------------


def _get(form: Mapping[str, str], name: str) -> str:
    v = form.get(name)
    return v if isinstance(v, str) else ""


def _set_or_drop(d: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == "" or value == []:
        d.pop(key, None)
    else:
        d[key] = value


def _row_indices(form: Mapping[str, str], prefix: str) -> list[int]:
    found = set()
    pat = re.compile(re.escape(prefix) + r"\[(\d+)\]\.")
    for key in form:
        m = pat.match(key)
        if m:
            found.add(int(m.group(1)))
    return sorted(found)


def _apply_actors(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    old = {a["id"]: a for a in doc.get("actors", []) if isinstance(a, dict) and "id" in a}
    out: list[dict[str, Any]] = []
    renames: dict[str, str] = {}
    for i in _row_indices(form, "actors"):
        p = f"actors[{i}]"
        if parse_bool(_get(form, f"{p}._delete")):
            continue
        ident = _get(form, f"{p}.id").strip()
        name = _get(form, f"{p}.name").strip()
        orig = _get(form, f"{p}._orig").strip()
        if not ident and not name and not orig:
            continue  # the blank row left empty
        if not ident and name:
            ident = slug(name, {a.get("id", "") for a in out} | set(old))
        a = copy.deepcopy(old.get(orig, {}))
        a["id"] = ident
        if orig and orig != ident and orig in old:
            renames[orig] = ident
        _set_or_drop(a, "name", name)
        _set_or_drop(a, "capability", parse_value(f"{p}.capability", _get(form, f"{p}.capability")))
        _set_or_drop(a, "votes", parse_number(f"{p}.votes", _get(form, f"{p}.votes")))
        if parse_bool(_get(form, f"{p}.veto")):
            a["veto"] = True
        else:
            a.pop("veto", None)
        _set_or_drop(a, "tags", parse_list(_get(form, f"{p}.tags")))
        _set_or_drop(a, "description", _get(form, f"{p}.description").strip())
        _set_or_drop(a, "note", _get(form, f"{p}.note").strip())
        out.append(a)
    doc["actors"] = out
    kept = {a["id"] for a in out}
    for orig, new in renames.items():
        rename_actor(doc, orig, new)
    for gone in set(old) - kept - set(renames):
        drop_actor(doc, gone)


def _apply_issues(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    old = {s["id"]: s for s in doc.get("issues", []) if isinstance(s, dict) and "id" in s}
    out: list[dict[str, Any]] = []
    for i in _row_indices(form, "issues"):
        p = f"issues[{i}]"
        if parse_bool(_get(form, f"{p}._delete")):
            continue
        ident = _get(form, f"{p}.id").strip()
        name = _get(form, f"{p}.name").strip()
        orig = _get(form, f"{p}._orig").strip()
        if not ident and not name and not orig:
            continue
        if not ident and name:
            ident = slug(name, {s.get("id", "") for s in out} | set(old))
        s = copy.deepcopy(old.get(orig, {}))
        s["id"] = ident
        _set_or_drop(s, "name", name)
        lo = parse_number(f"{p}.scale[0]", _get(form, f"{p}.scale[0]"))
        hi = parse_number(f"{p}.scale[1]", _get(form, f"{p}.scale[1]"))
        if lo is not None or hi is not None:
            s["scale"] = [0 if lo is None else lo, 100 if hi is None else hi]
        _set_or_drop(
            s, "status_quo", parse_number(f"{p}.status_quo", _get(form, f"{p}.status_quo"))
        )
        _set_or_drop(s, "unit", _get(form, f"{p}.unit").strip())
        _set_or_drop(s, "description", _get(form, f"{p}.description").strip())
        _set_or_drop(s, "note", _get(form, f"{p}.note").strip())
        out.append(s)
        if orig and orig != ident:
            for row in doc.get("positions", {}).values():
                if isinstance(row, dict) and orig in row:
                    row[ident] = row.pop(orig)
    doc["issues"] = out
    kept = {s["id"] for s in out}
    for row in doc.get("positions", {}).values():
        if isinstance(row, dict):
            for k in [k for k in row if k not in kept]:
                del row[k]


def _apply_positions(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    positions: dict[str, Any] = copy.deepcopy(doc.get("positions", {}))
    for a in doc.get("actors", []):
        for s in doc.get("issues", []):
            p = f"positions.{a['id']}.{s['id']}"
            if f"{p}.position" not in form:
                continue
            pos = parse_value(f"{p}.position", _get(form, f"{p}.position"))
            sal = parse_value(f"{p}.salience", _get(form, f"{p}.salience"))
            note = _get(form, f"{p}.note").strip()
            row = positions.setdefault(a["id"], {})
            old = row.get(s["id"])
            stance = copy.deepcopy(old) if isinstance(old, dict) and "dist" not in old else {}
            if pos is None:
                row.pop(s["id"], None)
                if sal is not None:
                    raise FormError(f"{p}.position", "give a position for this salience")
                continue
            stance["position"] = pos
            _set_or_drop(stance, "salience", sal)
            _set_or_drop(stance, "note", note)
            row[s["id"]] = stance
    doc["positions"] = {k: v for k, v in positions.items() if v}


def _apply_ties(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    old = [t for t in doc.get("relationships", []) if isinstance(t, dict)]
    out = []
    for i in _row_indices(form, "relationships"):
        p = f"relationships[{i}]"
        if parse_bool(_get(form, f"{p}._delete")):
            continue
        src = _get(form, f"{p}.source").strip()
        tgt = _get(form, f"{p}.target").strip()
        orig = _get(form, f"{p}._orig").strip()
        if not src and not tgt:
            continue
        base = old[int(orig)] if orig.isdigit() and int(orig) < len(old) else {}
        t = copy.deepcopy(base)
        t["source"], t["target"] = src, tgt
        _set_or_drop(t, "type", _get(form, f"{p}.type").strip() or "influence")
        _set_or_drop(t, "weight", parse_value(f"{p}.weight", _get(form, f"{p}.weight")))
        sign = _get(form, f"{p}.sign").strip()
        _set_or_drop(t, "sign", {"+1": 1, "1": 1, "-1": -1, "−1": -1}.get(sign))
        mutual = _get(form, f"{p}.mutual").strip()
        _set_or_drop(t, "mutual", {"yes": True, "no": False}.get(mutual))
        _set_or_drop(t, "note", _get(form, f"{p}.note").strip())
        out.append(t)
    doc["relationships"] = out


def _rule_from_form(form: Mapping[str, str], p: str) -> dict[str, Any] | None:
    """The rule whose inputs are named ``{p}.…`` (``None`` when its kind is left empty).

    A combined rule (``all_of``/``any_of``) reads its parts from ``{p}.rules[i]``, recursively, dropping
    those marked ``_delete``; ``add_part={p}`` appends :data:`NEW_PART`. Only what differs from the model's
    defaults is written, as the scenario file has it, so an unchanged form gives back the same rule.
    """
    kind = _get(form, f"{p}.kind").strip()
    if not kind:
        return None
    r: dict[str, Any] = {"kind": kind}
    if kind in ("all_of", "any_of"):
        parts = []
        for i in _row_indices(form, f"{p}.rules"):
            q = f"{p}.rules[{i}]"
            if parse_bool(_get(form, f"{q}._delete")):
                continue
            part = _rule_from_form(form, q)
            if part is not None:
                parts.append(part)
        if _get(form, "add_part") == p or not _row_indices(form, f"{p}.rules"):
            parts.append(
                dict(NEW_PART)
            )  # asked for, or a rule just made a combination: one part to edit
        r["rules"] = parts
        _set_or_drop(r, "note", _get(form, f"{p}.note").strip())
        return r
    if kind == "veto":
        _set_or_drop(r, "holders", parse_list(_get(form, f"{p}.holders")) or None)
    else:
        _set_or_drop(r, "members", parse_list(_get(form, f"{p}.members")) or None)
    if kind in ("weighted", "count"):
        if kind == "weighted":
            w = _get(form, f"{p}.weight").strip()
            if w and w != "votes":
                r["weight"] = w
        for bar in (
            "quota",
            "threshold",
        ):  # exactly one, as the model says (else its problem, beside)
            value = parse_number(f"{p}.{bar}", _get(form, f"{p}.{bar}"))
            if value is not None:
                r[bar] = value
        if parse_bool(_get(form, f"{p}.strict")):
            r["strict"] = True
        if _get(form, f"{p}.of").strip() == "present_and_voting":
            r["of"] = "present_and_voting"
    if kind in ("unanimity", "veto"):
        default = (
            kind == "unanimity"
        )  # the model's default: an abstention blocks unanimity, not a veto
        said = _get(form, f"{p}.veto_on_abstain").strip()
        if said in ("yes", "no") and (said == "yes") != default:
            r["veto_on_abstain"] = said == "yes"
    _set_or_drop(r, "note", _get(form, f"{p}.note").strip())
    return r


def _apply_rule(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    rule = _rule_from_form(form, "decision")
    if rule is None:
        doc.pop("decision", None)
    else:
        doc["decision"] = rule


def _apply_recruitment(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    if parse_bool(_get(form, "recruitment._none")):
        doc.pop("recruitment", None)
        return
    old = copy.deepcopy(doc.get("recruitment") or {})
    r: dict[str, Any] = old
    _set_or_drop(r, "goal", _get(form, "recruitment.goal").strip() or None)
    _set_or_drop(
        r, "goal_value", parse_value("recruitment.goal_value", _get(form, "recruitment.goal_value"))
    )
    _set_or_drop(r, "committed", parse_list(_get(form, "recruitment.committed")))
    cands: dict[str, Any] = {}
    old_c = old.get("actors", {}) if isinstance(old.get("actors"), dict) else {}
    for i in _row_indices(form, "recruitment.candidates"):
        p = f"recruitment.candidates[{i}]"
        if parse_bool(_get(form, f"{p}._delete")):
            continue
        actor = _get(form, f"{p}.actor").strip()
        if not actor:
            continue
        c = copy.deepcopy(old_c.get(actor, {}))
        q = f"recruitment.actors.{actor}"
        c["p"] = parse_value(f"{q}.p", _get(form, f"{p}.p"))
        if c["p"] is None:
            raise FormError(f"{p}.p", "give the probability that an approach now succeeds (0–1)")
        _set_or_drop(c, "value", parse_value(f"{q}.value", _get(form, f"{p}.value")))
        _set_or_drop(c, "cost", parse_value(f"{q}.cost", _get(form, f"{p}.cost")))
        _set_or_drop(
            c, "failure_cost", parse_value(f"{q}.failure_cost", _get(form, f"{p}.failure_cost"))
        )
        _set_or_drop(c, "via", parse_list(_get(form, f"{p}.via")))
        _set_or_drop(c, "prerequisites", parse_list(_get(form, f"{p}.prerequisites")))
        _set_or_drop(c, "note", _get(form, f"{p}.note").strip())
        cands[actor] = c
    r["actors"] = cands
    effects = []
    for i in _row_indices(form, "recruitment.effects"):
        p = f"recruitment.effects[{i}]"
        if parse_bool(_get(form, f"{p}._delete")):
            continue
        when = _get(form, f"{p}.when").strip()
        if not when:
            continue
        then: dict[str, Any] = {}
        for item in [x for x in _get(form, f"{p}.then").split(",") if x.strip()]:
            who, _, delta = item.partition(":")
            if not delta.strip():
                raise FormError(f"{p}.then", "write changes as 'egypt: 0.25, syria: -0.1'")
            then[who.strip()] = parse_value(f"{p}.then", delta)
        e: dict[str, Any] = {"when": when, "then": then}
        if _get(form, f"{p}.joins").strip() == "refuses":
            e["joins"] = False
        _set_or_drop(e, "note", _get(form, f"{p}.note").strip())
        effects.append(e)
    _set_or_drop(r, "effects", effects)
    _set_or_drop(r, "note", _get(form, "recruitment.note").strip())
    doc["recruitment"] = r


def _apply_settings(doc: dict[str, Any], form: Mapping[str, str]) -> None:
    doc["title"] = _get(form, "title").strip()
    _set_or_drop(doc, "description", _get(form, "description").strip())
    _set_or_drop(doc, "focal", _get(form, "focal").strip())
    refs = [r.strip() for r in _get(form, "references").splitlines() if r.strip()]
    _set_or_drop(doc, "references", refs)


_APPLY = {
    "settings": _apply_settings,
    "actors": _apply_actors,
    "issues": _apply_issues,
    "positions": _apply_positions,
    "ties": _apply_ties,
    "rule": _apply_rule,
    "recruitment": _apply_recruitment,
}


def apply_form(part: str, document: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``document`` with the posted table of ``part`` merged in (raises :class:`FormError`)."""
    doc = copy.deepcopy(dict(document))
    _APPLY[part](doc, form)
    return doc


def validate(document: Mapping[str, Any]) -> tuple[Scenario | None, dict[str, str]]:
    """The scenario, or the validator's problems keyed by path (``actors[2].capability``)."""
    try:
        return scenario_from_data(dict(document), source="form"), {}
    except ScenarioValidationError as exc:
        errors: dict[str, str] = {}
        for p in exc.problems:
            key = format_path(p.path) if p.path else ""
            errors[key] = (errors[key] + "; " if key in errors else "") + p.message
        return None, errors


# -- whole-document edits used by several tables and the map ----------------------------------------


def slug(text: str, taken: set[str]) -> str:
    """A new id from a name (``Saudi Arabia`` → ``saudi_arabia``), unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or "actor"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    return ident


def rename_actor(doc: dict[str, Any], old: str, new: str) -> None:
    """Follow an actor's id change through positions, ties, the rule and recruitment."""

    def sub(x: Any) -> Any:
        return new if x == old else x

    if old in doc.get("positions", {}):
        doc["positions"][new] = doc["positions"].pop(old)
    for t in doc.get("relationships", []):
        t["source"], t["target"] = sub(t.get("source")), sub(t.get("target"))
    if doc.get("focal") == old:
        doc["focal"] = new

    def walk_rule(r: Any) -> None:
        if isinstance(r, dict):
            for key in ("members", "holders"):
                if isinstance(r.get(key), list):
                    r[key] = [sub(x) for x in r[key]]
            for sub_rule in r.get("rules", []) or []:
                walk_rule(sub_rule)

    walk_rule(doc.get("decision"))
    rec = doc.get("recruitment")
    if isinstance(rec, dict):
        rec["committed"] = [sub(x) for x in rec.get("committed", [])]
        cands = rec.get("actors", {})
        if old in cands:
            cands[new] = cands.pop(old)
        for c in cands.values():
            for key in ("via", "prerequisites"):
                if isinstance(c.get(key), list):
                    c[key] = [sub(x) for x in c[key]]
        for e in rec.get("effects", []):
            e["when"] = sub(e.get("when"))
            if isinstance(e.get("then"), dict) and old in e["then"]:
                e["then"][new] = e["then"].pop(old)


def drop_actor(doc: dict[str, Any], gone: str) -> None:
    """Remove what only makes sense with the actor: its positions, its ties and its recruitment entry.

    References elsewhere (a rule's member list, an intermediary) are left for the validator to point out.
    """
    doc.get("positions", {}).pop(gone, None)
    doc["relationships"] = [
        t for t in doc.get("relationships", []) if gone not in (t.get("source"), t.get("target"))
    ]
    rec = doc.get("recruitment")
    if isinstance(rec, dict):
        rec.get("actors", {}).pop(gone, None)
        rec["effects"] = [e for e in rec.get("effects", []) if e.get("when") != gone]
        for e in rec["effects"]:
            if isinstance(e.get("then"), dict):
                e["then"].pop(gone, None)
        if not rec["effects"]:
            rec.pop("effects")
        if gone in rec.get("committed", []):
            rec["committed"] = [c for c in rec["committed"] if c != gone]
    if doc.get("focal") == gone:
        doc.pop("focal")


def apply_map(
    document: Mapping[str, Any], nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> dict[str, Any]:
    """A copy of ``document`` with the actors and ties drawn on the map.

    ``nodes`` are ``{id, name}`` (ids kept, new ones added with just a name); ``edges`` are ``{source, target,
    type, sign, weight, note, index}`` where ``index`` points at the stored tie an edge came from, so fields
    the map does not show are kept.
    """
    doc = copy.deepcopy(dict(document))
    old = {a["id"]: a for a in doc.get("actors", []) if isinstance(a, dict)}
    actors = []
    for n in nodes:
        ident = str(n.get("id", "")).strip()
        name = str(n.get("name", "")).strip()
        a = copy.deepcopy(old.get(ident, {"id": ident}))
        _set_or_drop(a, "name", name if name != ident else a.get("name"))
        actors.append(a)
    doc["actors"] = actors
    for gone in set(old) - {a["id"] for a in actors}:
        drop_actor(doc, gone)
    ties_old = [t for t in document.get("relationships", []) if isinstance(t, dict)]
    ties = []
    for e in edges:
        idx = e.get("index")
        t = (
            copy.deepcopy(ties_old[idx])
            if isinstance(idx, int) and 0 <= idx < len(ties_old)
            else {}
        )
        t["source"], t["target"] = str(e.get("source", "")), str(e.get("target", ""))
        t["type"] = str(e.get("type") or t.get("type") or "influence")
        if "weight" in e:
            _set_or_drop(t, "weight", e["weight"])
        if "sign" in e:
            _set_or_drop(t, "sign", e["sign"] if e["sign"] in (-1, 1) else None)
        if "note" in e:
            _set_or_drop(t, "note", str(e["note"] or "").strip())
        ties.append(t)
    doc["relationships"] = ties
    return doc
