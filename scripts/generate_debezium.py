#!/usr/bin/env python3
"""Writes data-samples/debezium/: Debezium MySQL change events of the tutorial's
inventory.customers table (topic dbserver1.inventory.customers) as daily kcat -C -J dumps, and
EXPECTED.json with the counts a correct ingest gives and the current rows of the table, worked
out here from the changes applied (not by feedlake). Python 3 standard library only; run once
from the repository root:  python3 scripts/generate_debezium.py

Change event shape: Debezium's MySQL connector documentation ("Data change events"): op c, u, d,
r; before/after row images; source {version, connector, name, ts_ms, snapshot, db, table,
server_id, file, pos, row}; ts_ms. A delete is followed by a tombstone (null value, same key).
2024-03-01's values carry the JSON converter's {schema, payload} wrapper (schemas.enable=true),
2024-03-02's do not; one event of 2024-03-02 is dumped twice (a re-dump: same offset).
"""
import json
import os
from datetime import datetime, timezone

TOPIC = "dbserver1.inventory.customers"
OUT = os.path.join("data-samples", "debezium")
FIELDS = [("id", "int32"), ("first_name", "string"), ("last_name", "string"), ("email", "string")]

ROW_SCHEMA = {"type": "struct", "optional": True, "name": TOPIC + ".Value",
              "fields": [{"type": t, "optional": f != "id", "field": f} for f, t in FIELDS]}
VALUE_SCHEMA = {"type": "struct", "optional": False, "name": TOPIC + ".Envelope", "fields": [
    dict(ROW_SCHEMA, field="before"), dict(ROW_SCHEMA, field="after"),
    {"type": "struct", "optional": False, "name": "io.debezium.connector.mysql.Source", "field": "source",
     "fields": [{"type": "string", "optional": False, "field": "version"},
                {"type": "string", "optional": False, "field": "connector"},
                {"type": "string", "optional": False, "field": "name"},
                {"type": "int64", "optional": False, "field": "ts_ms"},
                {"type": "string", "optional": True, "field": "snapshot"},
                {"type": "string", "optional": False, "field": "db"},
                {"type": "string", "optional": True, "field": "table"},
                {"type": "int64", "optional": False, "field": "server_id"},
                {"type": "string", "optional": False, "field": "file"},
                {"type": "int64", "optional": False, "field": "pos"},
                {"type": "int32", "optional": False, "field": "row"}]},
    {"type": "string", "optional": False, "field": "op"},
    {"type": "int64", "optional": True, "field": "ts_ms"}]}
KEY_SCHEMA = {"type": "struct", "optional": False, "name": TOPIC + ".Key",
              "fields": [{"type": "int32", "optional": False, "field": "id"}]}

TUTORIAL = [(1001, "Sally", "Thomas", "sally.thomas@acme.com"),
            (1002, "George", "Bailey", "gbailey@foobar.com"),
            (1003, "Edward", "Walker", "ed@walker.com"),
            (1004, "Anne", "Kretchmar", "annek@noanswer.org")]


def ms(text):
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp() * 1000)


class Binlog:
    def __init__(self):
        self.pos = 154
        self.offset = 0
        self.table = {}

    def event(self, op, row, at, snapshot=None):
        """One change: returns (key, value) and applies it to the table."""
        rid = row[0]
        after = None if op == "d" else dict(zip([f for f, _ in FIELDS], row))
        before = self.table.pop(rid) if op == "d" else self.table.get(rid) if op == "u" else None
        if after is not None:
            self.table[rid] = after
        ts = ms(at)
        if snapshot is None:
            self.pos += 223
        source = {"version": "2.5.0.Final", "connector": "mysql", "name": "dbserver1", "ts_ms": ts,
                  "snapshot": snapshot or "false", "db": "inventory", "table": "customers",
                  "server_id": 0 if snapshot else 223344, "file": "mysql-bin.000003",
                  "pos": self.pos, "row": 0}
        value = {"before": before, "after": after, "source": source, "op": op, "ts_ms": ts + 250}
        return (after or before)["id"], value


def kcat_line(offset, key_id, value, wrapped, ts_ms):
    key = {"id": key_id}
    if wrapped:
        key = {"schema": KEY_SCHEMA, "payload": key}
        if value is not None:
            value = {"schema": VALUE_SCHEMA, "payload": value}
    return json.dumps({"topic": TOPIC, "partition": 0, "offset": offset, "tstype": "create", "ts": ts_ms,
                       "broker": 1, "key": json.dumps(key, separators=(",", ":")),
                       "payload": None if value is None else json.dumps(value, separators=(",", ":"))},
                      separators=(",", ":"))


def main():
    log = Binlog()
    days = {
        "2024-03-01": [("r", row, "2024-03-01T06:00:00", "last" if row[0] == 1004 else "true") for row in TUTORIAL]
        + [("c", (1005, "Jason", "Bourne", "jason@bourne.org"), "2024-03-01T09:15:00", None),
           ("u", (1004, "Anne Marie", "Kretchmar", "annek@noanswer.org"), "2024-03-01T10:02:30", None)],
        "2024-03-02": [("u", (1001, "Sally", "Thomas", "sally.thomas@example.com"), "2024-03-02T08:00:00", None),
                       ("d", (1002,), "2024-03-02T08:30:00", None),
                       ("c", (1006, "Kenneth", "Anderson", "kander@acme.com"), "2024-03-02T11:45:00", None),
                       ("u", (1006, "Kenneth", "Anderson", "kenneth.anderson@acme.com"), "2024-03-02T12:10:00", None),
                       ("u", (1005, "Jason", "Bourne", "jbourne@bourne.org"), "2024-03-02T23:59:00", None)],
    }
    expected = {"jobs": {"inventory_customers": {"dates": {}}}}
    offset = 0
    for day, changes in days.items():
        wrapped = day == "2024-03-01"
        lines = []
        ops = {"c": 0, "u": 0, "d": 0, "r": 0}
        tombstones = 0
        for op, row, at, snapshot in changes:
            key_id, value = log.event(op, row, at, snapshot)
            lines.append(kcat_line(offset, key_id, value, wrapped, value["ts_ms"]))
            offset += 1
            ops[op] += 1
            if op == "d":
                # Debezium's tombstone for log compaction: same key, null value.
                lines.append(kcat_line(offset, key_id, None, wrapped, value["ts_ms"]))
                offset += 1
                tombstones += 1
        duplicates = 0
        if day == "2024-03-02":
            lines.append(lines[0])  # the re-dumped first event of the day: same partition and offset
            duplicates = 1
        directory = os.path.join(OUT, TOPIC, "dt=" + day)
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, TOPIC + "-p0.json"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        records = len(lines)
        expected["jobs"]["inventory_customers"]["dates"][day] = {
            "lines": records, "records_read": records, "skipped": 0, "files": 1,
            "written": sum(ops.values()), "duplicates": duplicates, "filtered": tombstones,
            "filtered_by_reason": {"tombstone": tombstones} if tombstones else {},
            "quarantined": 0, "quarantined_by_reason": {}, "invalid_utf8_lines": 0,
            "metrics": {"op." + k: v for k, v in sorted(ops.items()) if v},
        }
    expected["latest"] = [log.table[k] for k in sorted(log.table)]
    with open(os.path.join(OUT, "EXPECTED.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
