#!/usr/bin/env python3
"""An independent reading of docs/planning.md for data without a changelog (the Appcelerator archive),
written from the text rather than from the TypeScript, to cross-check the planned and completed mix of
real sprints (test/real-data/sprint-oracle.test.ts). Deliberately plain, like tools/oracle.py.

A sprint's members are the work items whose Sprint field (the archive's `sprint` and `closedSprints`)
names it; an open sprint's members are what it plans. With no changelog, a closed sprint's member created
before the sprint started counts as planned, one created after as added (nothing joins a sprint before
it exists). Flow items are the work items that are
neither sub-tasks nor epics. Each is classified by the default rules (docs/flow-metrics.md#flow-items):
risk, then debt, then defect, by label or work type; feature otherwise. A member is completed when it is
done now, was resolved by the sprint's completion, and its resolution is not a cancellation.

usage: sprint-oracle.py <issues.jsonl.gz> <BOARD-ID>
prints, for each sprint of the board, its planned and completed mix as JSON.
"""
import datetime as dt
import gzip
import json
import re
import sys

RISK_LABELS = {"risk", "security", "compliance", "vulnerability"}
RISK_TYPES = {"risk", "security", "vulnerability", "compliance"}
DEBT_LABELS = {"tech-debt", "techdebt", "technical-debt", "debt", "refactor", "refactoring"}
DEBT_TYPES = {"tech debt", "technical debt", "debt", "refactoring"}
DEFECT_TYPES = {"bug", "defect", "incident", "problem"}
CANCEL_WORDS = ["won't", "wont", "duplicate", "cannot reproduce", "can't reproduce", "rejected", "invalid",
                "obsolete", "out of date", "incomplete", "not a bug", "declined", "abandoned", "cancel"]
TYPES = ["feature", "defect", "risk", "debt"]


def ts(s):
    m = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$", s)
    base = dt.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    frac = float("0." + m.group(2)) if m.group(2) else 0.0
    z = m.group(3)
    off = 0 if z == "Z" else (1 if z[0] == "+" else -1) * (int(z[1:3]) * 60 + int(z[-2:])) * 60
    return (base - dt.datetime(1970, 1, 1)).total_seconds() + frac - off


def flow_type(fields):
    labels = {l.strip().lower() for l in fields.get("labels") or []}
    kind = fields["issuetype"]["name"].strip().lower()
    if labels & RISK_LABELS or kind in RISK_TYPES:
        return "risk"
    if labels & DEBT_LABELS or kind in DEBT_TYPES:
        return "debt"
    if kind in DEFECT_TYPES:
        return "defect"
    return "feature"


def is_flow_item(fields):
    kind = fields["issuetype"]
    return not kind.get("subtask") and kind["name"].strip().lower() != "epic"


def completed_by(fields, moment):
    if (fields.get("status") or {}).get("statusCategory", {}).get("key") != "done":
        return False
    if not fields.get("resolutiondate") or ts(fields["resolutiondate"]) > moment:
        return False
    resolution = ((fields.get("resolution") or {}).get("name") or "").lower()
    return not any(word in resolution for word in CANCEL_WORDS)


def empty():
    return {"total": 0, "byType": {t: 0 for t in TYPES}}


def count(mix, kind):
    mix["total"] += 1
    mix["byType"][kind] += 1


def main():
    source, board = sys.argv[1], int(sys.argv[2])
    sprints, members = {}, {}
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            issue = json.loads(line)
            f = issue["fields"]
            for s in ([f["sprint"]] if f.get("sprint") else []) + (f.get("closedSprints") or []):
                if s.get("originBoardId") != board:
                    continue
                sprints[s["id"]] = s
                members.setdefault(s["id"], []).append(f)
    out = {}
    for sid, sprint in sprints.items():
        end = sprint.get("completeDate") or sprint.get("endDate")
        moment = ts(end) if end else float("inf")
        start = ts(sprint["startDate"]) if sprint.get("startDate") else float("inf")
        planned, completed, not_flow, added = empty(), empty(), 0, 0
        for f in members[sid]:
            if not is_flow_item(f):
                not_flow += 1
                continue
            kind = flow_type(f)
            if ts(f["created"]) <= start or sprint["state"] != "closed":
                count(planned, kind)
            else:
                added += 1
            if sprint["state"] == "closed" and completed_by(f, moment):
                count(completed, kind)
        out[str(sid)] = {"name": sprint["name"], "state": sprint["state"], "planned": planned,
                         "added": added, "completed": completed, "notFlowItems": not_flow}
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
