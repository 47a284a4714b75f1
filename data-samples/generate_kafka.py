#!/usr/bin/env python3
"""Deterministic generator for feedlake Kafka topic dump samples (kcat -C -J format).

Usage: python3 data-samples/generate_kafka.py [--out DIR]

Writes <out>/<topic>/dt=<date>/<topic>-p0.json.gz and <topic>-p1.json plus
<out>/EXPECTED.json (expected ETL counts, derived from what was written).
The output directory is deleted and recreated. Python 3.11 stdlib only.
Every run with the same code produces byte-identical files.
"""
import argparse
import collections
import gzip
import io
import json
import os
import shutil
import sys
import zlib
from datetime import date, datetime, time, timedelta, timezone
from random import Random
from zoneinfo import ZoneInfo

SEED = 20240301
DATES = ["2024-03-01", "2024-03-02", "2024-03-03"]
LA = ZoneInfo("America/Los_Angeles")
UTC = timezone.utc
INVALID_MARKER = "@@INVALID_UTF8@@"
INVALID_BYTES = b"\xff\xfe"

VSCO_TOPIC, GIF_TOPIC = "vsco_behavior", "giphy_gif_activity"
JOBS = {"vsco_events": VSCO_TOPIC, "gif_activity": GIF_TOPIC}
NORMAL_COUNTS = {
    VSCO_TOPIC: {"2024-03-01": 903, "2024-03-02": 918, "2024-03-03": 889},
    GIF_TOPIC: {"2024-03-01": 896, "2024-03-02": 911, "2024-03-03": 907},
}
START_OFFSETS = {VSCO_TOPIC: {0: 48213, 1: 47988}, GIF_TOPIC: {0: 310572, 1: 309881}}
BROKERS = {VSCO_TOPIC: {0: 3, 1: 1}, GIF_TOPIC: {0: 2, 1: 3}}

# ---------------------------------------------------------------- helpers

def uuid4_like(rng):
    v = rng.getrandbits(128)
    v = (v & ~(0xF << 76)) | (0x4 << 76)        # version 4
    v = (v & ~(0x3 << 62)) | (0x2 << 62)        # RFC 4122 variant
    h = "%032x" % v
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def weighted(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def iso_ms(ms):
    dt = datetime.fromtimestamp(ms / 1000, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def utc_ms(y, mo, d, h=0, mi=0, s=0, ms=0):
    return int(datetime(y, mo, d, h, mi, s, tzinfo=UTC).timestamp()) * 1000 + ms


def la_ms(d, h=0, mi=0, s=0):
    return int(datetime.combine(d, time(h, mi, s), tzinfo=LA).timestamp()) * 1000


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- vocabularies

VSCO_TYPES = [("photo_edit", 40), ("page_view", 20), ("photo_export", 15),
              ("session_start", 15), ("follow", 10)]
VSCO_COUNTRIES = {"US": ["en-US", "es-US"], "GB": ["en-GB"], "FR": ["fr-FR"], "DE": ["de-DE"],
                  "JP": ["ja-JP"], "BR": ["pt-BR"], "KR": ["ko-KR"], "IN": ["en-IN", "hi-IN"]}
IOS = (["iPhone15,2", "iPhone15,3", "iPhone14,5", "iPhone16,1", "iPhone13,2"],
       ["17.3", "17.3.1", "17.2.1", "16.7.5"])
ANDROID = (["SM-S918B", "Pixel 8", "Pixel 7a", "SM-A546E", "moto g(40)"],
           ["14", "13", "12"])
FILTERS = [("A6", 20), ("C1", 15), ("M5", 15), ("HB1", 8), ("KK2", 8), ("AL3", 6), (None, 28)]
PRESETS = [("Warm Film", 10), ("Moody", 8), ("Golden Hour", 6), ("Faded", 5), (None, 71)]
ASCII_CAPTIONS = ["sunset vibes", "weekend in the city", "new edit", "film look", "morning light",
                  "coffee break", "street photography", "no filter needed", "rainy day",
                  "throwback", "blue hour", "", "portrait test", "late night walk", "beach day"]
MB_CAPTIONS = ["café au lait à Montréal", "¡Qué bonita mañana!", "Grüße aus München",
               "Crème brûlée, déjà vu", "夕焼けがきれい", "東京の夜", "오늘의 사진", "서울 야경",
               "你好世界", "春天来了", "Golden hour 📷", "new camera 📷✨",
               "coding all night 👩‍💻", "family day 👨‍👩‍👧", "niño en la playa 🌊",
               "Straße am Abend", "まいにち写真 📷"]
GIF_COUNTRIES = [("US", 40), ("CA", 10), ("GB", 10), ("MX", 10), ("BR", 10), ("JP", 10), ("DE", 10)]
SEARCH_TERMS = ["happy", "thank you", "lol", "cat", "dog", "dance", "mind blown", "good morning",
                "yes", "no", "facepalm", "party", "hello", "love", "excited"]
MB_SEARCH = ["café", "ありがとう", "🐱 cat", "niño", "über", "사랑해"]
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class World:
    def __init__(self, rng):
        self.rng = rng
        self.vsco_users = []
        for i in range(700):
            uid = "u%05d" % rng.randrange(10000, 100000)
            country = rng.choice(sorted(VSCO_COUNTRIES))
            locale = rng.choice(VSCO_COUNTRIES[country])
            if rng.random() < 0.55:
                os_name, (models, versions) = "iOS", IOS
            else:
                os_name, (models, versions) = "Android", ANDROID
            self.vsco_users.append({"id": uid, "country": country, "locale": locale,
                                    "device": {"os": os_name, "osVersion": rng.choice(versions),
                                               "model": rng.choice(models)}})
        self.gifs = [{"id": "".join(rng.choice(ALNUM) for _ in range(12)),
                      "rating": weighted(rng, [("g", 70), ("pg", 20), ("pg-13", 10)])}
                     for _ in range(250)]
        self.gif_users = [{"id": "g%07d" % rng.randrange(10 ** 6, 10 ** 7),
                           "device": {"platform": weighted(rng, [("web", 45), ("ios", 30), ("android", 25)])}}
                          for _ in range(900)]

    def headers(self):
        rng = self.rng
        if rng.random() >= 0.20:
            return None
        trace = "%016x" % rng.getrandbits(64)
        kind = weighted(rng, [("source", 55), ("trace", 25), ("ctype", 14), ("retry_null", 6)])
        if kind == "source":
            return ["trace_id", trace, "source", rng.choice(["ios-app", "android-app", "web"])]
        if kind == "trace":
            return ["trace_id", trace]
        if kind == "ctype":
            return ["content-type", "application/json", "trace_id", trace]
        return ["trace_id", trace, "retry", None]

    # -- vsco
    def vsco_event(self, ms, **over):
        rng = self.rng
        user = rng.choice(self.vsco_users)
        etype = weighted(rng, VSCO_TYPES)
        if rng.random() < 0.12:
            caption = rng.choice(MB_CAPTIONS)
        else:
            caption = rng.choice(ASCII_CAPTIONS)
        dur = {"photo_edit": (2000, 180000), "photo_export": (300, 8000), "page_view": (500, 60000),
               "session_start": (50, 1500), "follow": (100, 3000)}[etype]
        ev = {"event_id": uuid4_like(rng), "event_type": etype, "event_time": iso_ms(ms),
              "user": json.loads(json.dumps(user)),
              "properties": {"filter": weighted(rng, FILTERS), "preset": weighted(rng, PRESETS),
                             "durationMs": rng.randrange(*dur), "caption": caption}}
        key = None if rng.random() < 0.05 else user["id"]
        ev.update(over)
        return ev, key

    # -- gif
    def gif_event(self, ms, **over):
        rng = self.rng
        gif = rng.choice(self.gifs)
        user = rng.choice(self.gif_users)
        term = rng.choice(MB_SEARCH) if rng.random() < 0.08 else rng.choice(SEARCH_TERMS)
        imp = rng.randint(1, 50)
        ev = {"event_id": uuid4_like(rng), "ts_ms": ms, "country": weighted(rng, GIF_COUNTRIES),
              "gif": dict(gif), "search_term": term, "impressions": imp,
              "clicks": rng.randint(0, imp) if rng.random() < 0.3 else rng.randint(0, min(imp, 3)),
              "user": json.loads(json.dumps(user))}
        key = None if rng.random() < 0.05 else gif["id"]
        ev.update(over)
        return ev, key


# ---------------------------------------------------------------- message model
# A message dict: {"ev": payload obj or None, "payload_text": override str, "key", "headers",
#   "tstype", "ts", "fate": expected outcome, "reason", "note"}
# Raw items: {"raw": str, "fate": "skipped", "reason": "stderr"|"kcat_error"|"blank"} ; malformed: {"malformed": True}


def vsco_normal(world, d, n):
    rng = world.rng
    day0 = utc_ms(d.year, d.month, d.day)
    msgs = []
    for _ in range(n):
        ms = day0 + rng.randrange(0, 86400000)
        ev, key = world.vsco_event(ms)
        msgs.append({"ev": ev, "key": key, "headers": world.headers(), "sort": ms,
                     "fate": "written", "tstype": "logappend"})
    return msgs


def gif_normal(world, d, n):
    rng = world.rng
    start = la_ms(d)
    late_start = la_ms(d, 22)
    end = la_ms(d + timedelta(days=1))
    msgs = []
    for _ in range(n):
        if rng.random() < 0.05:
            ms = rng.randrange(late_start, end)
        else:
            ms = rng.randrange(start, late_start)
        ev, key = world.gif_event(ms)
        m = {"ev": ev, "key": key, "headers": world.headers(), "sort": ms, "fate": "written"}
        if rng.random() < 0.10:
            m["tstype"] = None
        else:
            m["tstype"] = "create"
            m["ts"] = ms + rng.randrange(0, 40)
        msgs.append(m)
    return msgs


def partition_of(msg, rng):
    if msg["key"] is None:
        return rng.randrange(2)
    return zlib.crc32(msg["key"].encode("utf-8")) % 2


def split(world, msgs):
    parts = {0: [], 1: []}
    for m in msgs:
        parts[partition_of(m, world.rng)].append(m)
    for p in parts:
        parts[p].sort(key=lambda m: m["sort"])
    return parts


def add_duplicates(rng, seq, count):
    """Repeat `count` normal messages later in the same partition (producer retry)."""
    candidates = [i for i, m in enumerate(seq[:-60]) if m.get("fate") == "written"
                  and "event_id" in (m.get("ev") or {}) and not m.get("notes")]
    chosen = sorted(rng.sample(candidates, count))
    inserts = []
    for i in chosen:
        orig = seq[i]
        dup = dict(orig)
        dup["fate"] = "duplicate"
        dup["dup_of"] = orig
        orig.setdefault("notes", []).append("original of re-delivered duplicate")
        dup["notes"] = ["re-delivered duplicate (producer retry), same partition"]
        inserts.append((orig, dup, rng.randint(3, 50)))
    for orig, dup, gap in inserts:
        pos = seq.index(orig) + gap
        seq.insert(pos, dup)


def build_vsco(world):
    rng = world.rng
    out = {}
    for ds in DATES:
        d = date.fromisoformat(ds)
        parts = split(world, vsco_normal(world, d, NORMAL_COUNTS[VSCO_TOPIC][ds]))
        p0, p1 = parts[0], parts[1]
        if ds == "2024-03-01":
            # stderr line (p1)
            p1.insert(301, {"stderr_reached_end": True, "fate": "skipped", "reason": "stderr",
                            "notes": ["kcat stderr line `% Reached end of topic ...`"]})
            # malformed envelope (p0)
            ev, key = world.vsco_event(utc_ms(2024, 3, 1, 9, 41, 12, 877))
            p0.insert(150, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                            "malformed": True, "fate": "quarantined", "reason": "envelope_parse_error",
                            "notes": ["truncated JSON line (first 60 chars of an envelope)"]})
            # invalid utf-8 (p1)
            ev, key = world.vsco_event(utc_ms(2024, 3, 1, 14, 2, 55, 310), event_type="photo_edit")
            ev["properties"]["caption"] = "sunset " + INVALID_MARKER + " vibes"
            p1.insert(212, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                            "fate": "written", "invalid_utf8": True,
                            "notes": ["invalid UTF-8 bytes 0xFF 0xFE inside properties.caption (event is still written)"]})
            # early event (p0)
            ev, key = world.vsco_event(utc_ms(2024, 3, 2, 0, 3, 0, 0))
            p0.insert(330, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                            "fate": "quarantined", "reason": "early_event",
                            "notes": ["early event: event_time 2024-03-02T00:03:00.000Z"]})
        elif ds == "2024-03-02":
            # payload not JSON (p1)
            ev, key = world.vsco_event(utc_ms(2024, 3, 2, 11, 20, 4, 55))
            text = dumps(ev)
            p1.insert(180, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                            "payload_text": text[:int(len(text) * 0.6)],
                            "fate": "quarantined", "reason": "payload_parse_error",
                            "notes": ["payload string is truncated JSON"]})
            # tombstone (p0)
            p0.insert(260, {"ev": None, "key": world.rng.choice(world.vsco_users)["id"], "headers": None,
                            "tstype": "logappend", "fate": "filtered", "reason": "tombstone",
                            "notes": ["tombstone: payload null, key non-null"]})
            # late event (p1)
            ev, key = world.vsco_event(utc_ms(2024, 3, 1, 23, 58, 10, 0))
            p1.insert(7, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                          "fate": "quarantined", "reason": "late_event",
                          "notes": ["late event: event_time 2024-03-01T23:58:10.000Z"]})
            # no event_id (p0)
            ev, key = world.vsco_event(utc_ms(2024, 3, 2, 16, 44, 31, 902))
            del ev["event_id"]
            p0.insert(401, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                            "fate": "written", "no_event_id": True,
                            "notes": ["no event_id field (dedupe key falls back to topic/partition/offset); written"]})
        else:  # 2024-03-03
            p0.insert(222, {"stderr_error": True, "fate": "skipped", "reason": "kcat_error",
                            "notes": ["kcat error line `% ERROR: Local: Broker transport failure` (fails the date"
                                      " unless source.on-kcat-error = warn, as jobs/vsco_events.conf sets)"]})
            for i, (h, mi, s, ms) in enumerate([(22, 17, 45, 120), (23, 40, 2, 981)]):
                ev, key = world.vsco_event(utc_ms(2024, 3, 2, h, mi, s, ms))
                p0.insert(12 + 40 * i, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                                        "fate": "quarantined", "reason": "late_event",
                                        "notes": ["late event: event_time %s" % ev["event_time"]]})
            ev, key = world.vsco_event(utc_ms(2024, 3, 3, 8, 8, 8, 808))
            del ev["event_time"]
            p1.insert(99, {"ev": ev, "key": key, "headers": None, "tstype": "logappend",
                           "fate": "quarantined", "reason": "missing_event_time",
                           "notes": ["no event_time field"]})
        # re-delivered duplicates: 6 per dump date, same partition
        add_duplicates(rng, p0, 3)
        add_duplicates(rng, p1, 3)
        if ds == "2024-03-02":
            # two cross-partition re-deliveries: early original, duplicate near the end of the other partition
            for src, dst in ((p0, p1), (p1, p0)):
                orig = next(m for m in src[20:] if m.get("fate") == "written" and "event_id" in (m.get("ev") or {})
                            and "dup_of" not in m and not m.get("notes"))
                dup = dict(orig)
                dup["fate"] = "duplicate"
                dup["dup_of"] = orig
                dup["notes"] = ["re-delivered duplicate in the OTHER partition"]
                orig["notes"] = ["original of cross-partition duplicate"]
                dst.insert(len(dst) - 15, dup)
        if ds == "2024-03-03":
            p1.append({"blank": True, "fate": "skipped", "reason": "blank",
                       "notes": ["blank line at end of file"]})
        out[ds] = {0: p0, 1: p1}
    return out


def build_gif(world):
    rng = world.rng
    out = {}
    for ds in DATES:
        d = date.fromisoformat(ds)
        parts = split(world, gif_normal(world, d, NORMAL_COUNTS[GIF_TOPIC][ds]))
        p0, p1 = parts[0], parts[1]
        if ds == "2024-03-02":
            ms = la_ms(d, 10, 31, 7)
            ev, key = world.gif_event(ms, clicks="seven")
            p0.insert(200, {"ev": ev, "key": key, "headers": None, "tstype": "create", "ts": ms + 12,
                            "fate": "quarantined", "reason": "payload_parse_error",
                            "notes": ['"clicks":"seven" (string where int expected)']})
            ms = la_ms(date(2024, 3, 1), 20, 15, 0)
            assert ms == utc_ms(2024, 3, 2, 4, 15)
            ev, key = world.gif_event(ms)
            p1.insert(40, {"ev": ev, "key": key, "headers": None, "tstype": "create", "ts": la_ms(d, 3, 2, 41),
                           "fate": "quarantined", "reason": "late_event",
                           "notes": ["late event: ts_ms = 2024-03-01 20:15:00 America/Los_Angeles (2024-03-02T04:15:00Z)"]})
        if ds == "2024-03-03":
            p1.insert(310, {"ev": None, "key": rng.choice(world.gifs)["id"], "headers": None, "tstype": "create",
                            "ts": la_ms(d, 17, 0, 3), "fate": "filtered", "reason": "tombstone",
                            "notes": ["tombstone: payload null"]})
        add_duplicates(rng, p0, 2)
        add_duplicates(rng, p1, 2)
        out[ds] = {0: p0, 1: p1}
    return out


# ---------------------------------------------------------------- rendering

def render(topic, seqs):
    """Assign offsets, timestamps and render bytes. Returns {(ds, p): (bytes, [line records])}."""
    next_off = dict(START_OFFSETS[topic])
    last_ts = {0: None, 1: None}
    rendered = {}
    for ds in DATES:
        for p in (0, 1):
            lines = []
            seq = seqs[ds][p]
            for i, m in enumerate(seq):
                if m.get("blank"):
                    m["line"] = b""
                    lines.append(m)
                    continue
                if m.get("stderr_reached_end"):
                    m["line"] = ("%% Reached end of topic %s [%d] at offset %d" % (topic, p, next_off[p])).encode()
                    lines.append(m)
                    continue
                if m.get("stderr_error"):
                    m["line"] = b"% ERROR: Local: Broker transport failure"
                    lines.append(m)
                    continue
                m["offset"] = next_off[p]
                next_off[p] += 1
                env = {"topic": topic, "partition": p, "offset": m["offset"]}
                if m.get("tstype") == "logappend":
                    base = m["sort"] if "sort" in m else (last_ts[p] or 0)
                    # broker append time: monotonic per partition, shortly after event time
                    ts = max(base + 20 + (m["offset"] * 7919) % 1500, (last_ts[p] or 0) + 1)
                    last_ts[p] = ts
                    env["tstype"], env["ts"] = "logappend", ts
                elif m.get("tstype") == "create":
                    env["tstype"], env["ts"] = "create", m["ts"]
                env["broker"] = BROKERS[topic][p]
                if m.get("headers"):
                    env["headers"] = m["headers"]
                env["key"] = m["key"]
                if m.get("ev") is None:
                    env["payload"] = None
                elif "payload_text" in m:
                    env["payload"] = m["payload_text"]
                else:
                    env["payload"] = dumps(m["ev"])
                text = dumps(env)
                if m.get("malformed"):
                    text = text[:60]
                b = text.encode("utf-8")
                if m.get("invalid_utf8"):
                    assert b.count(INVALID_MARKER.encode()) == 1
                    b = b.replace(INVALID_MARKER.encode(), INVALID_BYTES)
                else:
                    assert INVALID_MARKER.encode() not in b
                m["line"] = b
                lines.append(m)
            data = b"".join(m["line"] + b"\n" for m in lines)
            for n, m in enumerate(lines, 1):
                m["lineno"] = n
            rendered[(ds, p)] = (data, lines)
    return rendered


def file_name(topic, ds, p):
    return "%s/dt=%s/%s-p%d.json%s" % (topic, ds, topic, p, ".gz" if p == 0 else "")


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


# ---------------------------------------------------------------- expected counts from knowledge

def event_date(topic, ev):
    if topic == VSCO_TOPIC:
        return ev["event_time"][:10]
    return datetime.fromtimestamp(ev["ts_ms"] / 1000, LA).date().isoformat()


def expected_from_knowledge(topic, rendered):
    dates = {}
    written_rows = {}
    for ds in DATES:
        c = collections.Counter()
        reasons = collections.Counter()
        rows = []
        for p in (0, 1):
            data, lines = rendered[(ds, p)]
            c["lines"] += data.count(b"\n")
            for m in lines:
                fate = m["fate"]
                if m.get("invalid_utf8"):
                    c["invalid_utf8_lines"] += 1
                if fate == "skipped":
                    c["skipped"] += 1
                    continue
                if fate == "written":
                    # sanity: normal/written events must fall on the dump date
                    assert event_date(topic, m["ev"]) == ds, m
                    rows.append(m["ev"])
                elif fate == "duplicate":
                    orig = m["dup_of"]
                    assert orig["fate"] == "written" and orig["offset"] < m["offset"]
                    assert orig["ev"] == m["ev"] and orig["key"] == m["key"]
                    c["duplicates"] += 1
                    continue
                if fate == "quarantined":
                    reasons[m["reason"]] += 1
                c[fate] += 1
        rec = {"files": 2, "lines": c["lines"], "skipped": c["skipped"],
               "records_read": c["lines"] - c["skipped"], "filtered": c["filtered"],
               "duplicates": c["duplicates"], "quarantined": c["quarantined"],
               "quarantined_by_reason": {k: v for k, v in sorted(reasons.items()) if v},
               "written": c["written"], "invalid_utf8_lines": c["invalid_utf8_lines"]}
        assert rec["records_read"] == rec["written"] + rec["duplicates"] + rec["quarantined"] + rec["filtered"]
        dates[ds] = rec
        written_rows[ds] = rows
    return dates, written_rows


# ---------------------------------------------------------------- independent re-check: apply rules to the files

INT = "int"
VSCO_SCHEMA = {"event_id": str, "event_type": str, "event_time": str,
               "user": {"id": str, "country": str, "locale": str,
                        "device": {"os": str, "osVersion": str, "model": str}},
               "properties": {"filter": str, "preset": str, "durationMs": INT, "caption": str}}
GIF_SCHEMA = {"event_id": str, "ts_ms": INT, "country": str, "gif": {"id": str, "rating": str},
              "search_term": str, "impressions": INT, "clicks": INT,
              "user": {"id": str, "device": {"platform": str}}}


def type_ok(value, spec):
    if value is None:
        return True
    if isinstance(spec, dict):
        return isinstance(value, dict) and all(type_ok(value.get(k), s) for k, s in spec.items())
    if spec is INT:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, spec)


def expected_from_files(topic, out_dir):
    schema, tfield = (VSCO_SCHEMA, "event_time") if topic == VSCO_TOPIC else (GIF_SCHEMA, "ts_ms")
    result = {}
    for ds in DATES:
        c = collections.Counter()
        reasons = collections.Counter()
        candidates = []
        for p in (0, 1):
            path = os.path.join(out_dir, file_name(topic, ds, p))
            with open(path, "rb") as f:
                data = f.read()
            if path.endswith(".gz"):
                data = gzip.decompress(data)
            assert data.endswith(b"\n")
            c["lines"] += data.count(b"\n")
            for raw in data.split(b"\n")[:-1]:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    c["invalid_utf8_lines"] += 1
                    line = raw.decode("utf-8", errors="replace")
                if line.startswith("%") or line == "":
                    c["skipped"] += 1
                    continue
                try:
                    env = json.loads(line)
                    ok = isinstance(env, dict) and all(k in env for k in ("topic", "partition", "offset"))
                except ValueError:
                    ok = False
                if not ok:
                    reasons["envelope_parse_error"] += 1
                    continue
                if env.get("payload") is None:
                    c["filtered"] += 1
                    continue
                try:
                    ev = json.loads(env["payload"])
                    ok = isinstance(ev, dict) and type_ok(ev, schema)
                except ValueError:
                    ok = False
                if not ok:
                    reasons["payload_parse_error"] += 1
                    continue
                if ev.get(tfield) is None:
                    reasons["missing_event_time"] += 1
                    continue
                key = ev.get("event_id") or (env["topic"], env["partition"], env["offset"])
                candidates.append((key, env["offset"], env["partition"], ev))
        best = {}
        for cand in candidates:
            k = cand[0]
            if k not in best or (cand[1], cand[2]) < (best[k][1], best[k][2]):
                best[k] = cand
        c["duplicates"] = len(candidates) - len(best)
        rows = []
        for cand in sorted(best.values(), key=lambda x: (x[2], x[1])):
            evd = event_date(topic, cand[3])
            if evd < ds:
                reasons["late_event"] += 1
            elif evd > ds:
                reasons["early_event"] += 1
            else:
                c["written"] += 1
                rows.append(cand[3])
        result[ds] = ({"files": 2, "lines": c["lines"], "skipped": c["skipped"],
                       "records_read": c["lines"] - c["skipped"], "filtered": c["filtered"],
                       "duplicates": c["duplicates"], "quarantined": sum(reasons.values()),
                       "quarantined_by_reason": {k: v for k, v in sorted(reasons.items()) if v},
                       "written": c["written"], "invalid_utf8_lines": c["invalid_utf8_lines"]}, rows)
    return result


# ---------------------------------------------------------------- reports

def reports(vsco_rows, gif_rows):
    per_type = []
    for ds in DATES:
        cnt = collections.Counter(ev["event_type"] for ev in vsco_rows[ds])
        for et in sorted(cnt):
            per_type.append({"date": ds, "event_type": et, "events": cnt[et]})
    us = {}
    for ds in DATES:
        rows = [ev for ev in gif_rows[ds] if ev["country"] == "US"]
        us[ds] = {"events": len(rows), "impressions": sum(ev["impressions"] for ev in rows),
                  "clicks": sum(ev["clicks"] for ev in rows)}
    return {"events_per_type_per_day": per_type, "us_gif_activity": us}


def canonical_rows(rows):
    # the invalid-UTF-8 bytes read back as two U+FFFD replacement characters
    return sorted(dumps(r).replace(INVALID_MARKER, "\ufffd\ufffd") for r in rows)


# ---------------------------------------------------------------- main

def manifest(topic, rendered):
    out = []
    for ds in DATES:
        for p in (0, 1):
            _, lines = rendered[(ds, p)]
            for m in lines:
                for note in m.get("notes", []):
                    if note.startswith("original of"):
                        continue
                    desc = note
                    if m.get("dup_of") is not None:
                        o = m["dup_of"]
                        op = o_part(rendered, ds, o)
                        desc = "duplicate of offset %d (line %d, %s)%s" % (
                            o["offset"], o["lineno"], "same partition" if op == p else "partition %d" % op,
                            ", re-delivered in the other partition" if op != p else ", producer retry")
                    where = "offset %d" % m["offset"] if "offset" in m else "no offset"
                    out.append((file_name(topic, ds, p), m["lineno"], where, m["fate"]
                                + ("/" + m["reason"] if m.get("reason") else ""), desc))
    return out


def o_part(rendered, ds, msg):
    for p in (0, 1):
        if any(m is msg for m in rendered[(ds, p)][1]):
            return p
    raise AssertionError("original not found")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "kafka"))
    args = ap.parse_args(argv)
    out_dir = os.path.abspath(args.out)
    ours = {"EXPECTED.json", VSCO_TOPIC, GIF_TOPIC}
    if os.path.isdir(out_dir) and not set(os.listdir(out_dir)) <= ours:
        sys.exit("refusing to delete %s: it holds files this generator did not write" % out_dir)
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)

    world = World(Random(SEED))
    seqs = {VSCO_TOPIC: build_vsco(world), GIF_TOPIC: build_gif(world)}
    rendered = {t: render(t, seqs[t]) for t in (VSCO_TOPIC, GIF_TOPIC)}

    for topic, r in rendered.items():
        for (ds, p), (data, _) in sorted(r.items()):
            path = os.path.join(out_dir, file_name(topic, ds, p))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(gzip_bytes(data) if p == 0 else data)

    jobs, rows = {}, {}
    for job, topic in sorted(JOBS.items()):
        dates, written = expected_from_knowledge(topic, rendered[topic])
        check = expected_from_files(topic, out_dir)
        for ds in DATES:
            assert check[ds][0] == dates[ds], (topic, ds, check[ds][0], dates[ds])
            assert canonical_rows(check[ds][1]) == canonical_rows(written[ds]), (topic, ds)
        jobs[job] = {"topic": topic, "dates": dates}
        rows[topic] = written

    # data-shape sanity checks required by the brief
    all_msgs = [m for r in rendered.values() for _, lines in r.values() for m in lines if "offset" in m]
    assert sum(1 for m in all_msgs if m.get("headers") and None in m["headers"][1::2]) >= 3
    vsco_ev = [m["ev"] for _, lines in rendered[VSCO_TOPIC].values() for m in lines if m.get("ev")]
    mb = sum(1 for e in vsco_ev if any(ord(ch) > 127 for ch in e["properties"]["caption"]))
    assert mb >= 0.05 * len(vsco_ev), mb
    for (ds, p), (_, lines) in rendered[GIF_TOPIC].items():
        offs = [m["offset"] for m in lines if "offset" in m]
        assert offs == sorted(offs)

    expected = {"jobs": jobs, "reports": reports(rows[VSCO_TOPIC], rows[GIF_TOPIC])}
    with open(os.path.join(out_dir, "EXPECTED.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    print("wrote %s" % out_dir)
    print("| file | line | offset | outcome | anomaly |")
    print("|---|---|---|---|---|")
    for topic in (VSCO_TOPIC, GIF_TOPIC):
        for row in manifest(topic, rendered[topic]):
            print("| `%s` | %d | %s | %s | %s |" % row)


if __name__ == "__main__":
    main()
