#!/usr/bin/env python3
"""An independent reading of docs/flow-metrics.md, written from the text rather than from the TypeScript,
used to cross-check `flow-ledger report` on real datasets (test/oracle-crosscheck.test.ts).

Deliberately plain: no performance tricks, every rule spelt out the way the design states it.
Calendar time in UTC only (the default settings); the TypeScript handles zones and working days.

usage: oracle.py <issues.json|.jsonl|.jsonl.gz|folder> <PROJECT> <from YYYY-MM-DD> <to YYYY-MM-DD>
prints the report's figures as JSON.
"""
import datetime as dt
import gzip
import json
import math
import os
import re
import sys

DAY = 86400.0
RISK_LABELS = {"risk", "security", "compliance", "vulnerability"}
RISK_TYPES = {"risk", "security", "vulnerability", "compliance"}
DEBT_LABELS = {"tech-debt", "techdebt", "technical-debt", "debt", "refactor", "refactoring"}
DEBT_TYPES = {"tech debt", "technical debt", "debt", "refactoring"}
DEFECT_TYPES = {"bug", "defect", "incident", "problem"}
WAIT_WORDS = ["wait", "blocked", "on hold", "pending", "ready for", "awaiting"]
NEW_NAMES = {"open", "reopened", "to do", "todo", "backlog", "new"}
DONE_NAMES = {"done", "closed", "resolved", "complete", "completed", "cancelled", "canceled", "rejected", "won't do"}
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


def load(path):
    issues, meta = [], {"statuses": []}
    def from_file(p):
        if p.endswith(".jsonl.gz"):
            with gzip.open(p, "rt", encoding="utf-8") as f:
                return [json.loads(l) for l in f if l.strip()]
        if p.endswith(".jsonl"):
            with open(p, encoding="utf-8") as f:
                return [json.loads(l) for l in f if l.strip()]
        v = json.load(open(p, encoding="utf-8"))
        if isinstance(v, list):
            return v
        if "issues" in v:
            return v["issues"]
        return [v]
    if os.path.isdir(path):
        for root, _, files in sorted(os.walk(path)):
            for fn in sorted(files):
                p = os.path.join(root, fn)
                if not fn.endswith((".json", ".jsonl", ".jsonl.gz")):
                    continue
                if fn.endswith(".json"):
                    v = json.load(open(p, encoding="utf-8"))
                    first = v[0] if isinstance(v, list) and v and isinstance(v[0], dict) else None
                    # metadata is told by its shape: a status list, or a project's statuses by issue type
                    if first is not None and "statusCategory" in first and "fields" not in first:
                        meta["statuses"] += v
                        continue
                    if first is not None and isinstance(first.get("statuses"), list):
                        meta["statuses"] += [st for t in v for st in t["statuses"]]
                        continue
                    if isinstance(v, dict) and ("columnConfig" in v or ("fields" not in v and "issues" not in v)):
                        continue
                    if first is not None and "fields" not in first:
                        continue
                    issues += v if isinstance(v, list) else (v["issues"] if "issues" in v else [v])
                else:
                    issues += from_file(p)
    else:
        issues = from_file(path)
    return issues, meta


def category_of(status_id, name, by_id, by_name):
    if status_id is not None and status_id in by_id and by_id[status_id]:
        return by_id[status_id]
    if name is not None and name.strip().lower() in by_name and by_name[name.strip().lower()]:
        return by_name[name.strip().lower()]
    n = (name or "").strip().lower()
    if n in NEW_NAMES:
        return "new"
    if n in DONE_NAMES:
        return "done"
    return "indeterminate"


def state_of(status_id, name, by_id, by_name):
    cat = category_of(status_id, name, by_id, by_name)
    if cat == "new":
        return "new"
    if cat == "done":
        return "done"
    n = (name or "").lower()
    return "waiting" if any(w in n for w in WAIT_WORDS) else "active"


def flow_type(issue):
    f = issue["fields"]
    labels = {l.lower() for l in f.get("labels") or []}
    t = f["issuetype"]["name"].lower()
    if labels & RISK_LABELS or t in RISK_TYPES:
        return "risk"
    if labels & DEBT_LABELS or t in DEBT_TYPES:
        return "debt"
    if t in DEFECT_TYPES:
        return "defect"
    return "feature"


def level(issue):
    it = issue["fields"]["issuetype"]
    if "hierarchyLevel" in it:
        return it["hierarchyLevel"]
    if it.get("subtask"):
        return -1
    return 1 if it["name"].lower() == "epic" else 0


def status_changes(issue):
    changes, flags = [], []
    for h in (issue.get("changelog") or {}).get("histories", []):
        for it in h["items"]:
            if it.get("fieldId", it["field"]) == "status" or (it.get("fieldId") is None and it["field"].lower() == "status"):
                changes.append((ts(h["created"]), int(h["id"]), it))
            elif it["field"].lower() == "flagged":
                flags.append((ts(h["created"]), int(h["id"]), bool((it.get("toString") or "").strip())))
    changes.sort(key=lambda c: (c[0], c[1]))
    flags.sort(key=lambda c: (c[0], c[1]))
    return changes, flags


def analyse(issue, by_id, by_name):
    f = issue["fields"]
    created = ts(f["created"])
    changes, flags = status_changes(issue)
    cur = f.get("status")
    if cur is not None:
        cur_state = state_of(cur.get("id"), cur["name"], by_id, by_name)
    elif changes:
        # no fields.status: the current status is where the last status change went
        last = changes[-1][2]
        cur_state = state_of(last.get("to"), last.get("toString"), by_id, by_name)
    else:
        cur_state = "new"
    resolution = (f.get("resolution") or {}).get("name")
    canceled = cur_state == "done" and resolution is not None and any(w in resolution.lower() for w in CANCEL_WORDS)
    resolved = ts(f["resolutiondate"]) if f.get("resolutiondate") else None
    if not changes:
        # no status history (no changelog, or an empty one): resolution date, else creation; no start
        done = (resolved if resolved is not None else created) if cur_state == "done" else None
        return dict(created=created, start=None, done=done, canceled=canceled, runs=[(created, cur_state)], flags=[])
    first = changes[0][2]
    if first.get("from") is not None or first.get("fromString") is not None:
        init = state_of(first.get("from"), first.get("fromString"), by_id, by_name)
    else:
        init = cur_state
    seq = [(created, init)] + [(max(t, created), state_of(it.get("to"), it.get("toString"), by_id, by_name)) for t, _, it in changes]
    # bounces: done, then only 'new' states, then done again -> all done
    states = [s for _, s in seq]
    i = 0
    while i < len(states):
        if states[i] == "done":
            j = i + 1
            while j < len(states) and states[j] == "new":
                j += 1
            if j > i + 1 and j < len(states) and states[j] == "done":
                for k in range(i + 1, j):
                    states[k] = "done"
        i += 1
    runs = [(seq[k][0], states[k]) for k in range(len(seq))]
    start = next((t for t, s in runs if s in ("active", "waiting")), None)
    done = None
    if cur_state == "done":
        if runs[-1][1] == "done":
            k = len(runs) - 1
            while k > 0 and runs[k - 1][1] == "done":
                k -= 1
            done = runs[k][0]
        elif resolved is not None:
            done = resolved
        else:
            moves = [runs[k][0] for k in range(1, len(runs)) if runs[k][1] == "done" and runs[k - 1][1] != "done"]
            done = moves[-1] if moves else None
    flag_iv, on = [], (created if flags and not flags[0][2] else None)
    for t, _, v in flags:
        t = max(t, created)
        if v and on is None:
            on = t
        elif not v and on is not None:
            flag_iv.append((on, t))
            on = None
    if on is not None:
        flag_iv.append((on, float("inf")))
    return dict(created=created, start=start, done=done, canceled=canceled, runs=runs, flags=flag_iv)


def state_at(a, t):
    st = None
    for k, (s, state) in enumerate(a["runs"]):
        if k == 0 or s < t:
            st = state
        else:
            break
    return st


def in_progress(a, t):
    return a["start"] is not None and a["start"] < t and state_at(a, t) != "done"


def active_time(a, lo, hi):
    total = 0.0
    runs = a["runs"]
    for k, (s, state) in enumerate(runs):
        e = runs[k + 1][0] if k + 1 < len(runs) else float("inf")
        if state != "active":
            continue
        x, y = max(s, lo), min(e, hi)
        if y <= x:
            continue
        total += y - x
        for fa, fb in a["flags"]:
            ox, oy = max(x, fa), min(y, fb)
            if oy > ox:
                total -= oy - ox
    return total


def status_stretches(issue, created, changes, names):
    """The raw statuses an issue was in: (from, name), the first at creation, each change clamped to it."""
    f = issue["fields"]
    def name(sid, text):
        return (names.get(sid) if sid is not None and sid in names else text or "To Do").strip().lower()
    if changes:
        first = changes[0][2]
        if first.get("from") is not None or first.get("fromString") is not None:
            out = [(created, name(first.get("from"), first.get("fromString")))]
        elif f.get("status") is not None:
            out = [(created, name(f["status"].get("id"), f["status"]["name"]))]
        else:
            out = [(created, name(changes[-1][2].get("to"), changes[-1][2].get("toString")))]
    else:
        cur = f.get("status")
        out = [(created, name(cur.get("id"), cur["name"]) if cur is not None else "to do")]
    return out + [(max(t, created), name(it.get("to"), it.get("toString"))) for t, _, it in changes]


def overlap(a, b, lo, hi):
    return max(0.0, min(b, hi) - max(a, lo))


def time_in_status(issue, a, changes, names, by_status, kinds):
    """Where one completed item's flow time went: by status, and as active, flagged, waiting or done."""
    lo, hi = a["start"], a["done"]
    st = status_stretches(issue, a["created"], changes, names)
    for k, (s, n) in enumerate(st):
        e = st[k + 1][0] if k + 1 < len(st) else float("inf")
        by_status[n] = by_status.get(n, 0.0) + overlap(s, e, lo, hi) / DAY
    runs = a["runs"]
    for k, (s, state) in enumerate(runs):
        e = runs[k + 1][0] if k + 1 < len(runs) else float("inf")
        span = overlap(s, e, lo, hi)
        if state == "active":
            flagged = sum(overlap(max(s, fa), min(e, fb), lo, hi) for fa, fb in a["flags"] if min(e, fb) > max(s, fa))
            kinds["active"] += (span - flagged) / DAY
            kinds["flagged"] += flagged / DAY
        elif state == "done":
            kinds["done"] += span / DAY
        else:  # waiting, or back in a To Do status after the work started
            kinds["waiting"] += span / DAY


def pct(vals, p):
    if not vals:
        return None
    v = sorted(vals)
    return v[max(1, math.ceil(p * len(v) / 100)) - 1]


def summary(vals):
    if not vals:
        return {"count": 0, "mean": None, "p50": None, "p85": None, "p95": None}
    return {"count": len(vals), "mean": sum(vals) / len(vals), "p50": pct(vals, 50), "p85": pct(vals, 85), "p95": pct(vals, 95)}


def main():
    path, project, d_from, d_to = sys.argv[1:5]
    issues, meta = load(path)
    by_id, by_name = {}, {}
    # a status's category: the status list first, then the majority of the issues now in it
    # (a tie goes to the category furthest along: done, then indeterminate, then new)
    def cat_of(s):
        c = (s.get("statusCategory") or {}).get("key")
        return c if c in ("new", "indeterminate", "done") else None
    for s in meta["statuses"]:
        if s.get("id") is not None and not by_id.get(s["id"]):
            by_id[s["id"]] = cat_of(s)
        if not by_name.get(s["name"].strip().lower()):
            by_name[s["name"].strip().lower()] = cat_of(s)
    votes = {}
    for i in issues:
        s = i["fields"].get("status")
        if s is None or cat_of(s) is None:
            continue
        k = ("id", s["id"]) if s.get("id") is not None else ("name", s["name"].strip().lower())
        votes.setdefault(k, {}).setdefault(cat_of(s), 0)
        votes[k][cat_of(s)] += 1
        votes.setdefault(("name-of", k), s["name"].strip().lower())
    for k, v in votes.items():
        if k[0] == "name-of":
            continue
        best = max(["done", "indeterminate", "new"], key=lambda c: (v.get(c, 0), ["new", "indeterminate", "done"].index(c)))
        if k[0] == "id":
            if not by_id.get(k[1]):
                by_id[k[1]] = best
            if not by_name.get(votes[("name-of", k)]):
                by_name[votes[("name-of", k)]] = best
        elif not by_name.get(k[1]):
            by_name[k[1]] = best
    start = (dt.datetime.strptime(d_from, "%Y-%m-%d") - dt.datetime(1970, 1, 1)).total_seconds()
    end = (dt.datetime.strptime(d_to, "%Y-%m-%d") - dt.datetime(1970, 1, 1)).total_seconds() + DAY
    vel = {t: 0 for t in TYPES}
    flow = {t: [] for t in TYPES}
    lead = {t: [] for t in TYPES}
    act = {t: 0.0 for t in TYPES}
    fsum = {t: 0.0 for t in TYPES}
    load_now = {t: 0 for t in TYPES}
    ages = {t: [] for t in TYPES}
    canceled = 0
    # a status is named by its id as Jira names it today (the status list, else an issue now in
    # it): a changelog keeps the name a renamed status had then
    names = {}
    for st in meta["statuses"] + [i["fields"].get("status") or {} for i in issues]:
        if st.get("id") is not None and st["id"] not in names:
            names[st["id"]] = st["name"]
    # else by the last name the changelogs gave that id
    latest = {}
    for i in issues:
        for t, _, it in status_changes(i)[0]:
            for sid, text in ((it.get("from"), it.get("fromString")), (it.get("to"), it.get("toString"))):
                if sid is not None and text and sid not in names and (sid not in latest or latest[sid][0] <= t):
                    latest[sid] = (t, text)
    names.update({sid: text for sid, (t, text) in latest.items()})
    by_status = {}
    kinds = {"active": 0.0, "flagged": 0.0, "waiting": 0.0, "done": 0.0}
    waits = 0
    samples = [start + DAY * (k + 1) for k in range(int(round((end - start) / DAY)))]
    daily = [0] * len(samples)
    seen = set()
    for issue in issues:
        pk = (issue["fields"].get("project") or {}).get("key") or issue["key"].rsplit("-", 1)[0]
        if pk != project or issue["key"] in seen or level(issue) != 0:
            continue
        seen.add(issue["key"])
        a = analyse(issue, by_id, by_name)
        t = flow_type(issue)
        if a["done"] is not None and start <= a["done"] < end:
            if a["canceled"]:
                canceled += 1
            else:
                vel[t] += 1
                lead[t].append((a["done"] - a["created"]) / DAY)
                if a["start"] is not None and a["start"] <= a["done"]:
                    flow[t].append((a["done"] - a["start"]) / DAY)
                    fsum[t] += a["done"] - a["start"]
                    act[t] += active_time(a, a["start"], a["done"])
                    waits += 1
                    time_in_status(issue, a, status_changes(issue)[0], names, by_status, kinds)
        if in_progress(a, end):
            load_now[t] += 1
            ages[t].append((end - a["start"]) / DAY)
        for k, s in enumerate(samples):
            if in_progress(a, s):
                daily[k] += 1
    tot = sum(vel.values())
    wip = sum(load_now.values())
    out = {
        "velocity": {"total": tot, "byType": vel},
        "distribution": {"completed": {t: (vel[t] / tot if tot else 0) for t in TYPES},
                         "inProgress": {t: (load_now[t] / wip if wip else 0) for t in TYPES}},
        "flowTime": dict(summary(sum(flow.values(), [])), byType={t: summary(flow[t]) for t in TYPES}),
        "leadTime": dict(summary(sum(lead.values(), [])), byType={t: summary(lead[t]) for t in TYPES}),
        "flowEfficiency": {"overall": (sum(act.values()) / sum(fsum.values())) if sum(fsum.values()) else None,
                           "byType": {t: (act[t] / fsum[t] if fsum[t] else None) for t in TYPES}},
        "load": {"atAsOf": wip, "byType": load_now, "dailyAverage": sum(daily) / len(daily) if daily else 0},
        "age": dict(summary(sum(ages.values(), [])), byType={t: summary(ages[t]) for t in TYPES}),
        "canceled": canceled,
        "whereWorkWaits": {
            "items": waits,
            "flowDays": sum(fsum.values()) / DAY,
            "kinds": {k: {"days": v} for k, v in kinds.items()},
            "byStatus": {n: d for n, d in by_status.items() if d > 0},
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
