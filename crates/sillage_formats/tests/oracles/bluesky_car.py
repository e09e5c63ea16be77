#!/usr/bin/env python3
"""Independent oracle for the Bluesky CAR reader's expected counts (standard library only).

Decodes a CAR v1 file with its own small CBOR decoder (written separately from the Rust one),
finds the commit from the header root, walks the MST from the commit's `data` link to name every
record `collection/rkey`, and prints, per file: the number of blocks, the DID, the count of events
per kind the mapping in EVENTS.md / issue #4 gives, the skipped record types, and a few events.

    python3 crates/sillage_formats/tests/oracles/bluesky_car.py FILE.car [--events]
"""
import sys, json, collections, datetime, unicodedata


class Link:
    def __init__(self, raw):
        self.raw = raw  # CID bytes without the multibase 0x00 prefix

    def __eq__(self, other):
        return isinstance(other, Link) and self.raw == other.raw

    def __hash__(self):
        return hash(self.raw)


def cbor(buf, pos):
    """Returns (value, new position) for the CBOR item at pos (trusting the input: an oracle)."""
    ib = buf[pos]
    major, info = ib >> 5, ib & 31
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        n = 1 << (info - 24)
        arg = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    else:
        raise ValueError("indefinite or reserved length")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 2:
        return bytes(buf[pos:pos + arg]), pos + arg
    if major == 3:
        return buf[pos:pos + arg].decode("utf-8"), pos + arg
    if major == 4:
        out = []
        for _ in range(arg):
            v, pos = cbor(buf, pos)
            out.append(v)
        return out, pos
    if major == 5:
        out = {}
        for _ in range(arg):
            k, pos = cbor(buf, pos)
            v, pos = cbor(buf, pos)
            out[k] = v
        return out, pos
    if major == 6:
        v, pos = cbor(buf, pos)
        assert arg == 42 and v[0] == 0
        return Link(v[1:]), pos
    if major == 7:
        return {20: False, 21: True, 22: None}[info], pos
    raise ValueError(major)


def varint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def cid_len(buf, pos):
    """Length of the binary CID starting at pos (v1: version, codec, multihash code, digest length)."""
    start = pos
    if buf[pos] == 0x12 and buf[pos + 1] == 0x20:  # CIDv0: a bare sha2-256 multihash
        return 34
    _, pos = varint(buf, pos)  # version
    _, pos = varint(buf, pos)  # codec
    _, pos = varint(buf, pos)  # hash code
    n, pos = varint(buf, pos)
    return pos + n - start


def read_car(path):
    buf = open(path, "rb").read()
    n, pos = varint(buf, 0)
    header, _ = cbor(buf, pos)
    pos += n
    blocks = {}
    order = []
    while pos < len(buf):
        n, pos = varint(buf, pos)
        end = pos + n
        c = cid_len(buf, pos)
        cid = bytes(buf[pos:pos + c])
        blocks[cid] = bytes(buf[pos + c:end])
        order.append(cid)
        pos = end
    return header, blocks, order


def walk_mst(blocks, link, out, seen):
    """Fills out[record CID] with its keys; seen collects the nodes present, and "missing" those absent."""
    if link.raw not in blocks:
        seen.setdefault("missing", set()).add(link.raw)
        return
    seen.setdefault("nodes", set()).add(link.raw)
    node, _ = cbor(blocks[link.raw], 0)
    if node.get("l") is not None:
        walk_mst(blocks, node["l"], out, seen)
    key = b""
    for e in node["e"]:
        key = key[: e["p"]] + e["k"]
        out.setdefault(e["v"].raw, []).append(key.decode())
        if e.get("t") is not None:
            walk_mst(blocks, e["t"], out, seen)


def did_of(uri):
    return uri[len("at://"):].split("/")[0]


def secs(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def main():
    path = sys.argv[1]
    header, blocks, order = read_car(path)
    commit, _ = cbor(blocks[header["roots"][0].raw], 0)
    did = commit["did"]
    paths = {}
    seen = {}
    walk_mst(blocks, commit["data"], paths, seen)
    missing = len(seen.get("missing", ())) + sum(1 for c in paths if c not in blocks)
    current = {header["roots"][0].raw} | seen.get("nodes", set()) | {c for c in paths if c in blocks}
    history = len(blocks) - len(current)
    kinds = collections.Counter()
    skipped = collections.Counter()
    rejects = []
    events = []
    # Records in block order, as the reader emits them.
    done = set()
    todo = []
    for index, cid in enumerate(order, start=1):
        if cid in paths and cid not in done:
            done.add(cid)
            todo.extend((index, cid, p) for p in sorted(paths[cid]))
    for index, cid, key in todo:
        collection, rkey = key.split("/", 1)
        uri = f"at://{did}/{collection}/{rkey}"
        rec, _ = cbor(blocks[cid], 0)
        t = rec.get("$type")
        if collection not in ("app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.feed.repost",
                              "app.bsky.graph.follow"):
            skipped[collection] += 1
            continue
        try:
            at = secs(rec["createdAt"])
        except Exception as e:
            rejects.append((index, repr(e)))
            continue
        if collection == "app.bsky.feed.post":
            reply = rec.get("reply")
            embed = rec.get("embed") or {}
            quoted = None
            if embed.get("$type") == "app.bsky.embed.record":
                quoted = embed["record"]["uri"]
            elif embed.get("$type") == "app.bsky.embed.recordWithMedia":
                quoted = embed["record"]["record"]["uri"]
            if quoted and quoted.split("/")[3] != "app.bsky.feed.post":
                quoted = None  # an embedded list or feed is not a quote
            if reply and reply.get("parent"):
                kind, parent = "reply", reply["parent"]["uri"]
            elif quoted:
                kind, parent = "quote", quoted
            else:
                kind, parent = "post", None
            kinds[kind] += 1
            tags, mentions, urls = [], [], []
            for facet in rec.get("facets") or []:
                for feat in facet.get("features") or []:
                    ft = feat.get("$type")
                    if ft == "app.bsky.richtext.facet#mention":
                        mentions.append(feat["did"])
                    elif ft == "app.bsky.richtext.facet#tag":
                        tags.append(feat["tag"])
                    elif ft == "app.bsky.richtext.facet#link":
                        urls.append(feat["uri"])
            for ent in rec.get("entities") or []:  # the 2022 shape of rich text
                if ent.get("type") == "mention":
                    mentions.append(ent["value"])
                elif ent.get("type") == "link":
                    urls.append(ent["value"])
            ext = embed.get("external") or (embed.get("media") or {}).get("external")
            if ext:
                urls.append(ext["uri"])
            tags += list(rec.get("tags") or [])
            tags = list(dict.fromkeys(unicodedata.normalize("NFC", t.strip().lstrip("#")).lower() for t in tags))
            tags = [t for t in tags if t]
            urls = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
            skip = did_of(parent) if kind == "reply" else None
            seen = set()
            mentioned = []
            for m in mentions:
                if m == skip or m in mentioned or not m.startswith("did:"):
                    continue
                mentioned.append(m)
                kinds["mention"] += 1
            events.append((index, kind, uri, at, parent, tags, (rec.get("langs") or [None])[0], urls, mentioned))
        else:
            kind = {"app.bsky.feed.like": "like", "app.bsky.feed.repost": "repost",
                    "app.bsky.graph.follow": "follow"}[collection]
            kinds[kind] += 1
            subj = rec["subject"]
            target = subj if isinstance(subj, str) else subj.get("did") or subj["uri"]
            events.append((index, kind, uri, at, target))
    print(json.dumps({"file": path.split("/")[-1], "blocks": len(order), "did": did,
                      "records": sum(len(p) for p in paths.values()), "history_blocks": history,
                      "missing_blocks": missing, "kinds": dict(sorted(kinds.items())),
                      "skipped": dict(sorted(skipped.items())), "rejects": rejects}, indent=1))
    if "--events" in sys.argv:
        for e in events:
            print(e)


main()
