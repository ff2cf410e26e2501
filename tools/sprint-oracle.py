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
import gzip
import json
import sys

# The rules tools/oracle.py already reads from docs/flow-metrics.md: the timestamp, the flow type
# by label and work type, the hierarchy level, and the resolutions that cancel.
from oracle import CANCEL_WORDS, TYPES, flow_type, level, ts


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
                members.setdefault(s["id"], []).append(issue)
    out = {}
    for sid, sprint in sprints.items():
        end = sprint.get("completeDate") or sprint.get("endDate")
        moment = ts(end) if end else float("inf")
        start = ts(sprint["startDate"]) if sprint.get("startDate") else float("inf")
        planned, completed, not_flow, added = empty(), empty(), 0, 0
        for issue in members[sid]:
            f = issue["fields"]
            if level(issue) != 0:
                not_flow += 1
                continue
            kind = flow_type(issue)
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
