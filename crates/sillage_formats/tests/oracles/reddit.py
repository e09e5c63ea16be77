#!/usr/bin/env python3
"""Oracle for tests/reddit.rs, written from the rules in src/reddit.rs's doc, not from its code.

Usage: python3 reddit.py FILE.ndjson
Prints the number of events per kind, the number of rejects, and a few events in full.
"""
import json
import sys
import unicodedata

DELETED = ("[deleted]", "[removed]")

records = []
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if line.strip() == "" or line.lstrip().startswith("#"):
        continue
    records.append((number, json.loads(line)))

# Who wrote each fullname: a record's own author first, then `link_author` hints for submissions.
author_of = {}
for _, r in records:
    author_of[r["name"]] = r["author"]
for _, r in records:
    if r.get("link_author") and r.get("link_id"):
        author_of.setdefault(r["link_id"], r["link_author"])

kinds, rejects, events = {}, 0, {}
for number, r in records:
    if r["author"] in DELETED:
        rejects += 1
        continue
    is_comment = r["name"].startswith("t1_")
    parent = r.get("parent_id") if is_comment else None
    target = author_of.get(parent) if parent else None
    kind = "reply" if target is not None and target not in DELETED else "post"
    kinds[kind] = kinds.get(kind, 0) + 1
    text = r.get("body") if is_comment else r.get("title")
    events[r["name"]] = dict(
        line=number, kind=kind, actor=r["author"], target=target if kind == "reply" else None,
        parent=parent, at=int(float(r["created_utc"])),
        tags=[unicodedata.normalize("NFC", r["subreddit"]).lower()], text_start=(text or "")[:30],
    )

print("kinds", sorted(kinds.items()), "rejects", rejects)
ids = list(events)
for fullname in ids[:2] + [i for i in ids if events[i]["tags"][0] != [r for _, r in records if r["name"] == i][0]["subreddit"]][:1] + ids[-1:]:
    print(fullname, events[fullname])
