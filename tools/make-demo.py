#!/usr/bin/env python3
"""Builds demo/ from the real public datasets in ../shared/datasets: the projects AGPUSH (JBoss,
complete changelogs) and ALOY (Appcelerator, no changelog) as they stood at SNAPSHOT, so that the
preview's "last 12 weeks" show the months in which both teams were busy.

"As they stood" means: issues created later are left out, and every change made later is undone
from the record's history (status, resolution, issue type, labels, parent, summary), as if the
export had been taken that day. Statuses that only the changelogs name get the category Jira's own
default workflow gives a status of that name.

One change a team would have made itself: the AGPUSH export carries no labels, so the refactoring,
upgrade and clean-up work it names in its summaries is labelled `refactoring` (REFACTORING below),
and the repayment work of the demo's illustrative debt agreements `tech-debt` (REPAYMENT), the labels
Flow Ledger's default rules map to Debt. Nothing else is changed. tools/seed-demo-agreements.ts
then records the agreements themselves, through the app's own resolvers.

usage (from the project root): python3 tools/make-demo.py ../shared/datasets
"""
import datetime as dt
import gzip
import io
import json
import os
import re
import sys

SNAPSHOT = "2013-08-01T00:00:00.000+0000"
CATEGORIES = {
    "new": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "indeterminate": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
}
# Work whose summary says it upgrades, refactors, renames, moves or removes what the code already
# had, or adds the tests it lacked: the team's own debt, as a team would label it.
REFACTORING = {
    "AGPUSH-10": "[SimplePush] Move work from kborchers' repo to aerogear-js repo",
    "AGPUSH-23": "Migrate ag-up-poc from vert.x to ag-controller",
    "AGPUSH-55": "Extract server-api and netty from core server module",
    "AGPUSH-89": "REST: Remove PUT endpoint for MobileVariantInstances",
    "AGPUSH-96": "Upgrade to latest Netty 4 version",
    "AGPUSH-125": "Upgrade the push server to AeroGear Security 1.1.1",
    "AGPUSH-143": "Refactoring: Use JPQL instead of java loop",
    "AGPUSH-144": "Refactoring: Use JPQL instead of java loop",
    "AGPUSH-148": "Update SimplePush Server to latest Netty version",
    "AGPUSH-149": "Update Netty SockJS to latest version of Netty",
    "AGPUSH-151": "Rename ProDoctor to AeroDoc",
    "AGPUSH-154": "Backend: ProDoctor app renamed to AeroDoc",
    "AGPUSH-156": "SimplePush: ProDoctor app renamed to AeroDoc",
    "AGPUSH-161": "Cover device registration with integration tests",
    "AGPUSH-163": "Remove AHC dependency on SimplePushNotification Sender",
    "AGPUSH-165": "Update vert.x to latest version",
    "AGPUSH-167": "Remove or update the old websocket.html demo page and document references",
    "AGPUSH-171": "Move Java Sender API to HttpUrlConnection",
    "AGPUSH-177": "Netty Subsystem: remove unnecessary xml element",
    "AGPUSH-178": "Netty Subystem: Remove reference to thread factories",
    "AGPUSH-180": "Update to latest version of Netty",
    "AGPUSH-197": "Cover Http PATCH with integration tests",
}
# The repayment work of the illustrative agreements (tools/seed-demo-agreements.ts).
REPAYMENT = {
    "AGPUSH-68": "Integrate final UI proposal with the Server",
    "AGPUSH-103": "Fix java client package",
    "AGPUSH-104": "Fiz quickstart backend package",
    "AGPUSH-105": "Fix push server package",
    "AGPUSH-108": "Fix groupIds in Maven dependencies",
}
# ALOY is taken as it stood 64 weeks after AGPUSH, on 2014-10-23, and every one of its dates is moved
# 64 weeks earlier: its real sprints (the "Alloy" board, May to November 2014) then run up to the demo's
# day, one active and the next planned, with weekdays, durations and order unchanged (demo/README.md).
ALOY_SHIFT_DAYS = 448
# The same rule as REFACTORING, on ALOY's work at that day.
ALOY_REFACTORING = {
    "ALOY-420": "refactor TableView parser to allow model-bound tables to use proxy properties",
    "ALOY-536": "Update uglifyjs to version 2.0",
    "ALOY-643": "Upgrade underscore.js to version 1.4.4",
    "ALOY-1045": "Update SDK version in the HarnessTemplate tiapp.xml for 3.3.0.GA",
    "ALOY-1159": "Update underscore library to latest version",
}
# The open repayment work of the illustrative agreement on ALOY-974 "Document Alloy".
ALOY_REPAYMENT = {
    "ALOY-975": "Document the Alloy repo / file structure",
    "ALOY-976": "Document the 'alloy compile' process",
    "ALOY-977": "Add code comments",
}
NEW_NAMES = {"open", "reopened", "to do", "todo", "backlog", "new"}
DONE_NAMES = {"done", "closed", "resolved", "complete", "completed", "cancelled", "canceled", "rejected", "won't do"}


def instant(text):
    m = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2}):?(\d{2})$", text)
    base = dt.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    offset = dt.timedelta(hours=int(m.group(3)), minutes=int(m.group(4)) * (1 if m.group(3)[0] == "+" else -1))
    return (base - offset).replace(tzinfo=dt.timezone.utc).timestamp()


CUT = instant(SNAPSHOT)


def category_for(name):
    n = name.strip().lower()
    return "new" if n in NEW_NAMES else "done" if n in DONE_NAMES else "indeterminate"


def snapshot_with_changelog(issues):
    known = {}
    for i in issues:
        s = i["fields"]["status"]
        known[s["id"]] = s
    out = []
    for issue in issues:
        f = issue["fields"]
        if instant(f["created"]) >= CUT:
            continue
        histories = sorted(issue["changelog"]["histories"], key=lambda h: (instant(h["created"]), int(h["id"])))
        kept = [h for h in histories if instant(h["created"]) < CUT]
        undone = [h for h in histories if instant(h["created"]) >= CUT]
        for h in reversed(undone):
            for item in reversed(h["items"]):
                field = item["field"].lower()
                if field == "status":
                    sid, name = item["from"], item["fromString"]
                    base = known.get(sid)
                    f["status"] = {
                        "self": f["status"].get("self", "").rsplit("/", 1)[0] + "/" + str(sid),
                        "id": sid,
                        "name": name,
                        "statusCategory": base["statusCategory"] if base else CATEGORIES[category_for(name)],
                    }
                elif field == "resolution":
                    f["resolution"] = None if item["from"] is None else {"id": item["from"], "name": item["fromString"]}
                    if f["resolution"] is None:
                        f["resolutiondate"] = None
                elif field == "issuetype":
                    f["issuetype"] = {**f["issuetype"], "id": item["from"], "name": item["fromString"],
                                      "subtask": item["fromString"] == "Sub-task"}
                elif field == "labels":
                    f["labels"] = [l for l in (item["fromString"] or "").split(" ") if l]
                elif field == "summary":
                    f["summary"] = item["fromString"]
                elif field == "parent":
                    f.pop("parent", None) if item["from"] is None else f.update(parent={"id": item["from"], "key": item["fromString"]})
        if f.get("resolution") is not None and f.get("resolutiondate") and instant(f["resolutiondate"]) >= CUT:
            resolved = [h for h in kept if any(i["field"] == "resolution" and i["to"] is not None for i in h["items"])]
            f["resolutiondate"] = resolved[-1]["created"] if resolved else None
        issue["changelog"] = {"startAt": 0, "maxResults": len(kept), "total": len(kept), "histories": kept}
        f["updated"] = max([f["created"]] + [h["created"] for h in kept], key=instant)
        out.append(issue)
    return out


def moved(text, days):
    """A date-time of the data moved `days` earlier, written as it was (Jira's +0000, or ISO's Z)."""
    at = dt.datetime.fromtimestamp(instant(text.replace("Z", "+0000")), dt.timezone.utc) - dt.timedelta(days=days)
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}"
    return stamp + ("Z" if text.endswith("Z") else "+0000")


def sprints_as_of(f, cut):
    """The Sprint field as it stood at `cut`: sprints completed before it closed, the one running
    active, and the next one planned (starting within two weeks) future for work not in a running
    sprint; sprints begun later did not exist yet, and a carry-over into them had not happened."""
    closed, running, planned = [], [], []
    for s in sorted(f.pop("closedSprints", None) or [], key=lambda s: s.get("startDate") or ""):
        start = instant(s["startDate"].replace("Z", "+0000")) if s.get("startDate") else None
        done = instant(s["completeDate"].replace("Z", "+0000")) if s.get("completeDate") else None
        if done is not None and done < cut:
            closed.append(s)
        elif start is not None and start < cut:
            running.append({k: v for k, v in s.items() if k != "completeDate"} | {"state": "active"})
        elif start is not None and start < cut + 14 * 86400:
            planned.append({k: v for k, v in s.items() if k != "completeDate"} | {"state": "future"})
    f.pop("sprint", None)
    if closed:
        f["closedSprints"] = closed
    current = (running or planned)[:1]
    if current:
        f["sprint"] = current[0]


def snapshot_without_changelog(issues, shift_days=0):
    """ALOY as it stood at CUT + `shift_days`, every date moved `shift_days` earlier, so that it stands
    on the demo's day beside AGPUSH (demo/README.md says why). The archive keeps no history: an issue
    resolved later is shown open; its sprints are rebuilt as of that day (`sprints_as_of`)."""
    cut = CUT + shift_days * 86400
    as_of = moved(SNAPSHOT, -shift_days)
    out = []
    for issue in issues:
        f = issue["fields"]
        if instant(f["created"]) >= cut:
            continue
        if f.get("resolutiondate") and instant(f["resolutiondate"]) >= cut:
            # Resolved later: on the snapshot day it was still open (the archive keeps no history).
            f["status"] = {"id": "1", "name": "Open", "statusCategory": CATEGORIES["new"]}
            f["resolution"] = None
            f["resolutiondate"] = None
        if instant(f["updated"]) >= cut:
            f["updated"] = as_of
        sprints_as_of(f, cut)
        # The archive keeps an epic's children in the Agile API's `epic` field; Jira Cloud now
        # answers them with `parent` (the Epic Link field left the API in 2025).
        epic = f.pop("epic", None)
        if epic and not f.get("parent"):
            f["parent"] = {"id": str(epic["id"]), "key": epic["key"],
                           "fields": {"summary": epic.get("summary") or epic.get("name") or "",
                                      "issuetype": {"name": "Epic", "subtask": False}}}
        for volatile in ("fixVersions", "versions", "issuelinks", "subtasks"):
            f.pop(volatile, None)
        if shift_days:
            for key in ("created", "updated", "resolutiondate"):
                if f.get(key):
                    f[key] = moved(f[key], shift_days)
            for s in ([f["sprint"]] if f.get("sprint") else []) + (f.get("closedSprints") or []):
                for key in ("startDate", "endDate", "completeDate"):
                    if s.get(key):
                        s[key] = moved(s[key], shift_days)
        out.append(issue)
    return out


def label(issues, chosen, name):
    """Adds the label to each chosen issue; the summary is checked, so that a changed source fails loudly."""
    by_key = {i["key"]: i for i in issues}
    for key, summary in chosen.items():
        f = by_key[key]["fields"]
        if f["summary"].strip() != summary.strip():
            raise SystemExit(f"{key} is no longer '{summary}': check the labelled work")
        f["labels"] = sorted(set(f.get("labels") or []) | {name})


def write_jsonl_gz(path, issues):
    # mtime 0: the same issues make the same bytes, so an unchanged file shows no change in git.
    with io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8") as fh:
        for i in sorted(issues, key=lambda i: int(i["key"].split("-")[1])):
            fh.write(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    shared = sys.argv[1]
    agpush = json.load(open(os.path.join(shared, "jboss-aerogear", "agpush200.raw.json")))
    aloy = []
    with gzip.open(os.path.join(shared, "appcelerator", "issues-compact.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith('{"id"') and '"key":"ALOY-' in line[:40]:
                aloy.append(json.loads(line))
    a = snapshot_with_changelog(agpush)
    b = snapshot_without_changelog(aloy, ALOY_SHIFT_DAYS)
    label(a, REFACTORING, "refactoring")
    label(a, REPAYMENT, "tech-debt")
    label(b, ALOY_REFACTORING, "refactoring")
    label(b, ALOY_REPAYMENT, "tech-debt")
    os.makedirs("demo", exist_ok=True)
    write_jsonl_gz("demo/agpush.jsonl.gz", a)
    write_jsonl_gz("demo/aloy.jsonl.gz", b)
    print(f"AGPUSH {len(a)} of {len(agpush)} issues as of {SNAPSHOT}; ALOY {len(b)} of {len(aloy)} issues "
          f"as of {moved(SNAPSHOT, -ALOY_SHIFT_DAYS)}, moved {ALOY_SHIFT_DAYS} days earlier")


if __name__ == "__main__":
    main()
