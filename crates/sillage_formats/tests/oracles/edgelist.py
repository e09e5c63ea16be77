#!/usr/bin/env python3
"""Oracle for tests/edgelist.rs: the content id of chosen lines of an edge list, computed from the
scheme documented in src/content_id.rs and src/edgelist.rs, not from their code.

Usage: PYTHONPATH=<dir with the `xxhash` package> python3 edgelist.py FILE.gz KIND AT LINE...
(columns `actor target weight`, no time column, every edge at AT).
"""
import gzip
import struct
import sys
import xxhash

path, kind, at = sys.argv[1], sys.argv[2], int(sys.argv[3])
wanted = {int(n) for n in sys.argv[4:]}
seen = {}
for number, line in enumerate(gzip.open(path, "rt"), 1):
    actor, target = line.split()[:2]
    fields = [actor.encode(), target.encode(), struct.pack("<q", at), kind.encode()]
    digest = xxhash.xxh3_128_intdigest(b"".join(struct.pack("<Q", len(f)) + f for f in fields))
    occurrence = seen.get(digest, 0)
    seen[digest] = occurrence + 1
    if number in wanted:
        suffix = f".{occurrence}" if occurrence else ""
        print(number, actor, target, "e%016x%016x%s" % (at ^ 2**63, digest & (2**64 - 1), suffix))
