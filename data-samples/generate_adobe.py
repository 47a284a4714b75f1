#!/usr/bin/env python3
"""Deterministic generator for feedlake Adobe Analytics Data Feed sample deliveries.

Usage: python3 data-samples/generate_adobe.py [--out DIR] [--out-single DIR] [--out-hourly DIR]
                                              [--shapes multi,single,hourly]

Writes the same hits of report suite `examplersid` for 2024-03-02 (America/New_York) in the three
delivery shapes Adobe documents (Experience League, "Data feed contents - overview"; FEEDS.md
section 1). Manifests are JAR-manifest style with no final newline; hit data is escaped TSV.

multi (--out, default data-samples/adobe/): daily multi-file delivery
  examplersid_2024-03-02.txt                  manifest: 1 lookup file, 2 data files
  examplersid_2024-03-02-lookup_data.tar.gz   column_headers.tsv + id/name lookups
  01-examplersid_2024-03-02.tsv.gz            hit data, gzip
  02-examplersid_2024-03-02.tsv.gz
  EXPECTED.json                               counts and adobe_daily_metrics, worked out
                                              from the generator's own hit model

single (--out-single, default <out>-single: data-samples/adobe-single/): daily single-file delivery
  examplersid_2024-03-02.txt                  manifest: 0 lookup files, 1 data file
  examplersid_2024-03-02.tar.gz               hit_data.tsv (file 01's then file 02's records, same
                                              bytes) first, then the lookup archive's members by name
  EXPECTED.json                               "record" locations are 1-based within hit_data.tsv

hourly (--out-hourly, default <out>-hourly: data-samples/adobe-hourly/): hourly delivery,
one per local hour HH = 00..23 (2024-03-02 is not a DST day)
  examplersid_20240302-HH0000.txt             manifest of hour HH (Data-Files: 0 if it has no records)
  01-examplersid_20240302-HH0000.tsv.gz       hit data of hour HH, only if it has records
  examplersid_20240302-000000-lookup_data.tar.gz   lookups, with hour 00 only (same bytes as multi's)
  EXPECTED.json                               plus "hours" and "empty_hours"
  A record goes to the hour of its date_time, keeping the multi-file order within an hour; the
  late hit (2024-03-01) arrived with hour 00, and the record that is 12 fields short goes with the
  hour of the hit it was cut from.

Every shape has the same records_read, written, duplicates, quarantined and reports (asserted);
only where the records are differs. --shapes chooses which directories to write (default all).
Each chosen output directory is deleted and recreated. Python 3.11 standard library only; seeded,
no clock: every run writes byte-identical files (gzip mtime 0, tar members with a fixed mtime,
uid/gid 0 and no owner names).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
from datetime import datetime, timedelta, timezone
from random import Random
from zoneinfo import ZoneInfo

SEED = 20240302
RSID = "examplersid"
DAY = "2024-03-02"
ZONE_ID = "America/New_York"
ZONE = ZoneInfo(ZONE_ID)
UTC = timezone.utc
TAR_MTIME = 1709467200  # 2024-03-03T12:00:00Z, when Adobe would have packed the delivery
LATIN1_CITY = "Montréal"  # written as ISO-8859-1 bytes: not valid UTF-8

# ---------------------------------------------------------------- columns

NAMED_COLUMNS = """
accept_language adclassificationcreative adload aemassetid aemassetsource aemclickedassetid
browser browser_height browser_width c_color campaign carrier channel click_action
click_action_type click_context click_context_type click_sourceid click_tag code_ver color
connection_type cookies country ct_connect_type curr_factor curr_rate currency
cust_hit_time_gmt cust_visid daily_visitor date_time domain duplicate_events
duplicate_purchase duplicated_from ef_id event_list exclude_hit first_hit_page_url
first_hit_pagename first_hit_ref_domain first_hit_ref_type first_hit_referrer
first_hit_time_gmt geo_city geo_country geo_dma geo_region geo_zip hier1 hier2 hit_source
hit_time_gmt hitid_high hitid_low homepage hourly_visitor ip j_jscript java_enabled
javascript language last_hit_time_gmt last_purchase_num last_purchase_time_gmt mcvisid
mobile_id monthly_visitor mvvar1 mvvar2 new_visit os page_event page_event_var1
page_event_var2 page_type page_url pagename paid_search persistent_cookie plugins
post_browser_height post_browser_width post_campaign post_channel post_cookies post_currency
post_cust_hit_time_gmt post_cust_visid post_event_list post_hier1 post_java_enabled
post_keywords post_mvvar1 post_page_event post_page_event_var1 post_page_event_var2
post_page_type post_page_url post_pagename post_pagename_no_url post_persistent_cookie
post_product_list post_purchaseid post_referrer post_search_engine post_state post_t_time_info
post_tnt post_transactionid post_visid_high post_visid_low post_visid_type post_zip prev_page
product_list purchaseid quarterly_visitor ref_domain ref_type referrer resolution s_resolution
search_engine search_page_num service sourceid state stats_server t_time_info tnt
transactionid truncated_hit ua_color ua_os ua_pixels user_agent user_hash user_server userid
username va_closer_detail va_closer_id va_finder_detail va_finder_id va_instance_event
va_new_engagement visid_high visid_low visid_new visid_timestamp visid_type visit_keywords
visit_num visit_page_num visit_ref_domain visit_ref_type visit_referrer visit_search_engine
visit_start_page_url visit_start_pagename visit_start_time_gmt weekly_visitor yearly_visitor
zip
""".split()
NUMBERED = ([f"evar{i}" for i in range(1, 31)] + [f"post_evar{i}" for i in range(3, 31)]
            + [f"prop{i}" for i in range(1, 21)] + [f"post_prop{i}" for i in range(1, 21)])
LAST_COLUMN = "post_evar2"  # the internal search term: free text, last on every record
FIRST_COLUMN = "post_evar1"  # the internal campaign


def column_order(rng):
    """The feed's column order: Adobe writes the order the feed was configured with. Shuffled so
    that nothing can rely on positions; post_evar1 first and post_evar2 last on purpose (a value
    ending in a backslash right before the record's LF)."""
    cols = NAMED_COLUMNS + NUMBERED
    rng.shuffle(cols)
    return [FIRST_COLUMN] + cols + [LAST_COLUMN]


# ---------------------------------------------------------------- lookups (id<TAB>name)

BROWSERS = {5000000101: "Google Chrome 122.0", 5000000102: "Google Chrome 121.0",
            5000000203: "Mozilla Firefox 123.0", 5000000304: "Apple Safari 17.3",
            5000000405: "Microsoft Edge 122.0", 2147483650: "Samsung Internet 23.0"}
OPERATING_SYSTEMS = {2147483701: "Windows 10", 2147483702: "Windows 11",
                     2147483711: "Macintosh OS X 14", 2147483721: "iOS 17.3",
                     2147483731: "Android 14", 2147483741: "Linux"}
COUNTRIES = {0: "Unknown", 222: "United States", 39: "Canada", 76: "France", 84: "Germany",
             202: "Switzerland", 111: "Japan"}
LANGUAGES = {0: "None", 1: "English", 2: "Français", 3: "Español", 4: "Deutsch", 5: "日本語"}
LATIN1_LANGUAGE = 2  # written in languages.tsv as ISO-8859-1 bytes, like many real lookups
SEARCH_ENGINES = {0: "None", 1: "Google", 2: "Microsoft Bing", 3: "Yahoo!", 4: "DuckDuckGo"}
REFERRER_TYPES = [(0, "None", "None"), (1, "Inside your site", "Internal"),
                  (2, "Other web sites", "External"), (3, "Search engines", "Search"),
                  (4, "Hard drive", "Other"), (5, "USENET", "Other"),
                  (6, "Typed/Bookmarked", "Typed"), (7, "Email", "Email")]
OTHER_LOOKUPS = {
    "browser_type.tsv": [(1, "Google"), (2, "Mozilla"), (3, "Apple"), (4, "Microsoft")],
    "color_depth.tsv": [(0, "None"), (3, "16 bit"), (4, "24 bit"), (5, "32 bit")],
    "connection_type.tsv": [(0, "Not Specified"), (1, "LAN/Wifi"), (2, "Mobile Carrier")],
    "javascript_version.tsv": [(0, "Disabled"), (9, "1.6"), (10, "1.7")],
    "resolution.tsv": [(0, "None"), (116, "1920 x 1080"), (117, "2560 x 1440"),
                       (181, "390 x 844")],
}
PLUGINS = [("001", "Shockwave Flash"), ("002", "Java Plug-in"), ("010", "PDF Viewer")]
EVENTS = [(1, "Purchase"), (2, "Product View"), (10, "Cart Open"), (11, "Checkout"),
          (12, "Cart Add"), (13, "Cart Remove"), (14, "Cart View"), (20, "Campaign View"),
          (100, "Instance of eVar1"), (101, "Instance of eVar2")] + \
    [(199 + i, f"Custom Event {i}") for i in range(1, 21)] + [(20117, "Custom Event 118")]

# Marketing channel labels of the job (jobs/adobe_clickstream.conf source.labels)
CHANNELS = {"1": "Paid Search", "2": "Natural Search", "3": "Email", "4": "Display", "5": "Direct"}

# ---------------------------------------------------------------- helpers


def u64_near_2_63(rng):
    """Real visitor and hit ids come within 1% of 2^63, on both sides of it."""
    return (1 << 63) + rng.randint(-(1 << 63) // 100, (1 << 63) // 100)


def local_str(ts):
    return datetime.fromtimestamp(ts, ZONE).strftime("%Y-%m-%d %H:%M:%S")


def local_ts(y, mo, d, h, mi, s):
    return int(datetime(y, mo, d, h, mi, s, tzinfo=ZONE).timestamp())


def escape(value):
    """Adobe's hit data escaping: backslash, TAB and LF inside a value get a backslash."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8")
    return raw.replace(b"\\", b"\\\\").replace(b"\t", b"\\\t").replace(b"\n", b"\\\n")


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


# ---------------------------------------------------------------- hits

PAGES = [("home", "https://www.example.com/"), ("category:shoes", "https://www.example.com/c/shoes"),
         ("category:jackets", "https://www.example.com/c/jackets"),
         ("product:trail-runner-2", "https://www.example.com/p/trail-runner-2"),
         ("product:rain-shell", "https://www.example.com/p/rain-shell"),
         ("search results", "https://www.example.com/search?q=boots"),
         ("cart", "https://www.example.com/cart"), ("checkout:shipping", "https://www.example.com/checkout/1"),
         ("checkout:confirmation", "https://www.example.com/checkout/thanks"),
         ("help:returns", "https://www.example.com/help/returns")]
CITIES = [("new york", "ny", 222), ("boston", "ma", 222), ("toronto", "on", 39), ("paris", "idf", 76),
          ("berlin", "be", 84), ("Zürich", "zh", 202), ("tokyo", "13", 111)]
USER_AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/122.0.0.0 Safari/537.36",
               "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 "
               "(KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
               "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7; rv:123.0) Gecko/20100101 Firefox/123.0"]


class Hit(dict):
    """One hit: column name -> value (str, or bytes written as they are); unset columns are empty."""


def make_visitors(rng):
    visitors = []
    for i in range(150):
        hi, lo = u64_near_2_63(rng), rng.getrandbits(64)
        visitors.append({"high": hi, "low": lo, "browser": rng.choice(list(BROWSERS)),
                         "os": rng.choice(list(OPERATING_SYSTEMS)), "city": rng.choice(CITIES),
                         "language": rng.choice([1, 1, 1, 2, 3, 4, 5]), "ua": rng.choice(USER_AGENTS),
                         "first_visit": rng.randint(1, 40), "bot": i < 2})
    return visitors


def base_hit(rng, v, visit_num, visit_start, page_num, ts):
    h = Hit()
    h["hitid_high"] = str(u64_near_2_63(rng))
    h["hitid_low"] = str(rng.getrandbits(64))
    for p in ("visid", "post_visid"):
        h[p + "_high"], h[p + "_low"] = str(v["high"]), str(v["low"])
    h["visid_type"] = h["post_visid_type"] = "3"
    h["visid_new"] = "N" if visit_num > 1 else "Y"
    h["visit_num"], h["visit_page_num"] = str(visit_num), str(page_num)
    h["visit_start_time_gmt"], h["hit_time_gmt"] = str(visit_start), str(ts)
    h["first_hit_time_gmt"], h["last_hit_time_gmt"] = str(visit_start - 86400 * 9), str(ts)
    h["date_time"] = local_str(ts)
    h["t_time_info"] = h["post_t_time_info"] = local_str(ts).replace("-", "/") + " 6 300"
    h["exclude_hit"], h["hit_source"] = "0", "1"
    h["browser"], h["os"] = str(v["browser"]), str(v["os"])
    city, region, country = v["city"]
    h["geo_city"], h["geo_region"], h["country"] = city, region, str(country)
    h["geo_country"] = {222: "usa", 39: "can", 76: "fra", 84: "deu", 202: "che", 111: "jpn"}[country]
    h["geo_dma"] = "501" if city == "new york" else "0"
    h["language"] = str(v["language"])
    h["accept_language"] = "en-US,en;q=0.9"
    h["user_agent"], h["ip"] = v["ua"], "198.51.100.%d" % rng.randint(1, 254)
    h["color"], h["resolution"], h["javascript"] = "5", rng.choice(["116", "117", "181"]), "10"
    h["connection_type"], h["cookies"], h["persistent_cookie"] = "1", "Y", "Y"
    h["java_enabled"] = h["post_java_enabled"] = "N"
    h["post_cookies"] = h["post_persistent_cookie"] = "Y"
    h["plugins"] = "1,10"
    h["browser_width"], h["browser_height"] = "1440", "780"
    h["post_browser_width"], h["post_browser_height"] = "1440", "780"
    h["user_server"], h["stats_server"] = "www.example.com", "sc-%02d" % rng.randint(1, 12)
    h["daily_visitor"] = h["new_visit"] = "1" if page_num == 1 else "0"
    for f in ("hourly_visitor", "weekly_visitor", "monthly_visitor", "quarterly_visitor", "yearly_visitor"):
        h[f] = "1" if page_num == 1 and visit_num == v["first_visit"] else "0"
    h["mcvisid"] = "%038d" % (v["low"] % 10 ** 38)
    h["code_ver"], h["service"], h["curr_factor"], h["currency"] = "3.4.1", "ss", "2", "USD"
    h["post_currency"] = "USD"
    h["va_instance_event"], h["va_new_engagement"] = "0", "0"
    h["visit_keywords"] = ""
    h["truncated_hit"] = "N"
    return h


def make_hits(rng):
    """All hits of the day in time order (before anomalies are placed), and the data source hits."""
    visitors = make_visitors(rng)
    day_start = local_ts(2024, 3, 2, 0, 0, 0)
    day_end = local_ts(2024, 3, 3, 0, 0, 0)
    hits = []
    for v in visitors:
        visit_num = v["first_visit"]
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            start = rng.randint(day_start, day_end - 3600)
            ts = start
            ref_type = rng.choice([1, 2, 3, 3, 6, 7])
            engine = rng.randint(1, 4) if ref_type == 3 else 0
            closer = rng.choice([1, 2, 3, 4, 5])
            campaign = rng.choice(["", "", "spring_sale_2024", "newsletter_0302", "retarget_q1"])
            for page_num in range(1, rng.randint(2, 14)):
                if ts >= day_end:
                    break
                h = base_hit(rng, v, visit_num, start, page_num, ts)
                if v["bot"]:
                    h["exclude_hit"] = "4"  # excluded by the bot rules; kept in beta, filtered by reports
                elif rng.random() < 0.02:
                    h["exclude_hit"] = rng.choice(["1", "2"])
                h["ref_type"] = h["visit_ref_type"] = str(ref_type)
                h["search_engine"] = h["post_search_engine"] = h["visit_search_engine"] = str(engine)
                h["va_closer_id"], h["va_finder_id"] = str(closer), str(closer)
                h["post_evar1"] = h["evar1"] = campaign
                if rng.random() < 0.2 and page_num > 1:
                    kind = rng.choice([100, 100, 101, 102])
                    h["page_event"] = h["post_page_event"] = str(kind)
                    target = {100: "nav:mega-menu", 101: "https://www.example.com/size-guide.pdf",
                              102: "https://partner.example.org/"}[kind]
                    h["page_event_var1"] = h["post_page_event_var1"] = target
                    h["page_event_var2"] = h["post_page_event_var2"] = "link-%d" % kind
                    h["page_url"] = PAGES[rng.randrange(len(PAGES))][1]
                else:
                    name, url = PAGES[rng.randrange(len(PAGES))]
                    h["page_event"] = h["post_page_event"] = "0"
                    h["pagename"] = h["post_pagename"] = name
                    h["page_url"] = h["post_page_url"] = url
                    h["post_pagename_no_url"] = name
                    events = []
                    if name.startswith("product"):
                        events += ["2", "200"]
                        h["product_list"] = h["post_product_list"] = ";" + name.split(":")[1] + ";;;;"
                    if name == "checkout:confirmation":
                        events += ["1", "201", "20117=%.2f" % rng.uniform(20, 300)]
                        h["purchaseid"] = h["post_purchaseid"] = "ORD%06d" % rng.randint(1, 999999)
                    if name == "search results":
                        h["post_evar2"] = h["evar2"] = rng.choice(["boots", "rain jacket", "trail runner"])
                        h["prop1"] = h["post_prop1"] = h["post_evar2"]
                    h["post_event_list"] = h["event_list"] = ",".join(events)
                h["post_prop2"] = h["prop2"] = "logged_in" if rng.random() < 0.3 else "anonymous"
                hits.append(h)
                ts += rng.randint(8, 400)
            visit_num += 1
    hits.sort(key=lambda h: (int(h["hit_time_gmt"]), h["hitid_low"]))

    # Data source uploads (hit_source 5): offline orders tied to their own visitor ids.
    sources = []
    for i in range(12):
        ts = day_start + 3600 * (i + 6) + rng.randint(0, 3000)
        v = {"high": u64_near_2_63(rng), "low": rng.getrandbits(64), "browser": 0, "os": 0,
             "city": CITIES[0], "language": 0, "ua": "", "first_visit": 1, "bot": False}
        h = base_hit(rng, v, 1, ts, 1, ts)
        for k in ("browser", "os", "user_agent", "ip", "plugins", "geo_city", "geo_region"):
            h[k] = ""
        h["hit_source"] = "5"
        h["post_event_list"] = h["event_list"] = "1,20117=%.2f" % rng.uniform(40, 500)
        h["post_page_event"] = h["page_event"] = "0"
        sources.append(h)
    return hits, sources


def place_anomalies(rng, hits, sources, columns):
    """Puts the edge cases on chosen hits and splits the day into two data files. Returns
    (file1 records, file2 records, facts) where a record is a Hit or raw bytes."""
    facts = {}
    page_views = [h for h in hits if h.get("post_pagename") and h["exclude_hit"] == "0"]

    def pick(tag):
        h = page_views.pop(rng.randrange(len(page_views)))
        facts[tag] = h
        return h

    pick("tab")[FIRST_COLUMN] = "spring\tsale"                     # \ + TAB
    pick("newline")[LAST_COLUMN] = "red\nshoes"                    # \ + LF: the record spans lines
    pick("backslash_end")[LAST_COLUMN] = "C:\\Users\\"             # \\ + LF: value ends in a backslash
    pick("backslash_inside")["post_page_url"] = "https://www.example.com/search?q=a\\b"
    pick("quote")["post_pagename"] = 'say "hello"'                # no quoting: " is ordinary
    pick("caret")["post_product_list"] = ";Tom ^; Jerry^, the book;1;9.99;;"
    latin1 = [pick("latin1_%d" % i) for i in range(5)]
    for h in latin1:
        h["geo_city"] = LATIN1_CITY.encode("latin-1")
    pick("unknown_event")["post_event_list"] = "200,20999"         # 20999 is not in event.tsv

    late = base_hit(rng, {"high": u64_near_2_63(rng), "low": rng.getrandbits(64), "browser": 5000000101,
                          "os": 2147483701, "city": CITIES[1], "language": 1, "ua": USER_AGENTS[0],
                          "first_visit": 3, "bot": False},
                    3, local_ts(2024, 3, 1, 23, 40, 2), 4, local_ts(2024, 3, 1, 23, 58, 30))
    late["post_pagename"] = late["pagename"] = "home"
    late["post_page_url"] = late["page_url"] = PAGES[0][1]
    late["post_page_event"] = late["page_event"] = "0"
    facts["late"] = late

    split = len(hits) // 2 + 37
    file1 = [late] + hits[:split]
    file2 = hits[split:]
    for i, s in enumerate(sources):
        file2.insert(25 * i + 10, s)

    dup_of = hits[123]
    facts["duplicate_of"] = dup_of
    file2.insert(200, dup_of)                                      # same hit id, same bytes

    bad = base_hit(rng, {"high": u64_near_2_63(rng), "low": rng.getrandbits(64), "browser": 5000000101,
                         "os": 2147483701, "city": CITIES[0], "language": 1, "ua": USER_AGENTS[1],
                         "first_visit": 1, "bot": False},
                   1, local_ts(2024, 3, 2, 14, 0, 0), 2, local_ts(2024, 3, 2, 14, 2, 10))
    bad_bytes = b"\t".join(escape(bad.get(c, "")) for c in columns[:-12])  # truncated: 12 fields short
    facts["wrong_field_count"] = bad
    file2.insert(410, bad_bytes)
    return file1, file2, facts


def encode_record(rec, columns):
    if isinstance(rec, bytes):
        return rec
    return b"\t".join(escape(rec.get(c, "")) for c in columns)


# ---------------------------------------------------------------- independent check of the files

def read_back(data, ncols):
    """Splits escaped TSV the way FEEDS.md describes, byte by byte; returns records as lists of
    raw field bytes. Used only to assert that the files say what the hit model says."""
    records, fields, cur, i = [], [], bytearray(), 0
    while i < len(data):
        b = data[i]
        if b == 0x5C and i + 1 < len(data):
            cur.append(data[i + 1])
            i += 2
            continue
        if b == 0x09:
            fields.append(bytes(cur))
            cur = bytearray()
        elif b == 0x0A:
            fields.append(bytes(cur))
            records.append(fields)
            fields, cur = [], bytearray()
        else:
            cur.append(b)
        i += 1
    assert not fields and not cur, "a record without its final LF"
    return records


def is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# ---------------------------------------------------------------- metrics (Adobe's definitions)

def metrics(rows):
    """adobe_daily_metrics over written rows, as FEEDS.md section 1 'Metrics' defines them."""
    kept = [h for h in rows if h["exclude_hit"] == "0"]
    people = [h for h in kept if h["hit_source"] not in ("5", "7", "8", "9")]
    return {
        "date": DAY,
        "hits": len(kept),
        "page_views": sum(1 for h in kept if h.get("post_pagename") or h.get("post_page_url")),
        "visits": len({(h["post_visid_high"], h["post_visid_low"], h["visit_num"],
                        h["visit_start_time_gmt"]) for h in people}),
        "visitors": len({(h["post_visid_high"], h["post_visid_low"]) for h in people}),
        "custom_links": sum(1 for h in kept if h.get("post_page_event") == "100"),
        "download_links": sum(1 for h in kept if h.get("post_page_event") == "101"),
        "exit_links": sum(1 for h in kept if h.get("post_page_event") == "102"),
    }


# ---------------------------------------------------------------- building blocks of a delivery

HIT_DATA = "hit_data.tsv"  # the hit data member of a single-file delivery's archive
SHAPES = ("multi", "single", "hourly")


def lookup_members(columns):
    """The lookup archive's members, name -> bytes: column_headers.tsv and the id<TAB>name tables."""
    def table(rows):
        return b"".join(b"\t".join(x if isinstance(x, bytes) else str(x).encode("utf-8") for x in r) + b"\n"
                        for r in rows)

    members = {
        "column_headers.tsv": ("\t".join(columns) + "\n").encode("ascii"),
        "browser.tsv": table(sorted(BROWSERS.items())),
        "operating_systems.tsv": table(sorted(OPERATING_SYSTEMS.items())),
        "country.tsv": table(sorted(COUNTRIES.items())),
        "languages.tsv": table([(k, v.encode("latin-1") if k == LATIN1_LANGUAGE else v)
                                for k, v in sorted(LANGUAGES.items())]),
        "search_engines.tsv": table(sorted(SEARCH_ENGINES.items())),
        "referrer_type.tsv": table(REFERRER_TYPES),
        "plugins.tsv": table(PLUGINS),
        "event.tsv": table(EVENTS),
    }
    for k, rows in OTHER_LOOKUPS.items():
        members[k] = table(rows)
    return members


def tar_gz(entries):
    """A gzip'd USTAR tar of (name, bytes) entries, in the order given, with fixed member metadata."""
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), TAR_MTIME, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return gz(tar_buf.getvalue())


def untar_gz(blob):
    """(name, bytes) of every member of a tar.gz, in archive order."""
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(blob)), mode="r:") as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]


def md5(blob):
    return hashlib.md5(blob).hexdigest()


def tsv(records, columns):
    return b"".join(encode_record(r, columns) + b"\n" for r in records)


def check_records(name, data, records, columns):
    """Splits hit data as it was written (read_back) and asserts every field against the model.
    Returns the number of fields that are not valid UTF-8."""
    back = read_back(data, len(columns))
    assert len(back) == len(records), (name, len(back), len(records))
    for rec, fields in zip(records, back):
        if isinstance(rec, Hit):
            assert len(fields) == len(columns)
            for c, fv in zip(columns, fields):
                v = rec.get(c, "")
                assert fv == (v if isinstance(v, bytes) else v.encode("utf-8")), (c, fv, v)
        else:
            assert len(fields) == len(columns) - 12
    return sum(1 for fields in back for fv in fields if not is_utf8(fv))


class DataFile:
    """A delivered file of hit data: its records in order, the bytes delivered (blob) and what
    read_back found in the hit data inside them."""

    def __init__(self, name, records, blob, hit_data, latin1_fields):
        self.name, self.records, self.blob, self.latin1_fields = name, records, blob, latin1_fields
        self.physical_lines = hit_data.count(b"\n")

    def expected(self):
        return {"records": len(self.records), "physical_lines": self.physical_lines,
                "bytes": len(self.blob), "md5": md5(self.blob)}


def gz_data_file(name, records, columns):
    """A multi-file delivery's data file: the escaped TSV, gzip'd."""
    blob = gz(tsv(records, columns))
    hit_data = gzip.decompress(blob)
    return DataFile(name, records, blob, hit_data, check_records(name, hit_data, records, columns))


def manifest(lookup_files, data_files):
    """Manifest text (JAR-manifest style, no final newline, as real deliveries often are) for
    lookup files given as (name, blob) and DataFiles."""
    lines = ["Datafeed-Manifest-Version: 1.0", "Lookup-Files: %d" % len(lookup_files),
             "Data-Files: %d" % len(data_files),
             "Total-Records: %d" % sum(len(d.records) for d in data_files)]
    for name, blob in lookup_files:
        lines += ["", "Lookup-File: " + name, "MD5-Digest: " + md5(blob), "File-Size: %d" % len(blob)]
    for d in data_files:
        lines += ["", "Data-File: " + d.name, "MD5-Digest: " + md5(d.blob), "File-Size: %d" % len(d.blob),
                  "Record-Count: %d" % len(d.records)]
    return "\n".join(lines).encode("ascii")


class Delivery:
    """One delivery shape: data files in file name order, the lookup archive as (name, blob) or
    None, the manifests as (name, bytes), and what EXPECTED.json adds for this shape (extra)."""

    def __init__(self, shape, data_files, lookup, manifests, extra=None):
        assert [d.name for d in data_files] == sorted(d.name for d in data_files)
        self.shape, self.data_files, self.lookup, self.manifests = shape, data_files, lookup, manifests
        self.extra = extra or {}

    def outputs(self):
        """Every file but EXPECTED.json, manifests last."""
        return ([(d.name, d.blob) for d in self.data_files] + ([self.lookup] if self.lookup else [])
                + self.manifests)


# ---------------------------------------------------------------- the three shapes

def multi_delivery(columns, file1, file2, members):
    """Daily multi-file delivery: two data files, the lookup archive and one manifest."""
    data = [gz_data_file("%02d-%s_%s.tsv.gz" % (n, RSID, DAY), records, columns)
            for n, records in ((1, file1), (2, file2))]
    lookup = ("%s_%s-lookup_data.tar.gz" % (RSID, DAY), tar_gz(sorted(members.items())))
    return Delivery("multi", data, lookup, [("%s_%s.txt" % (RSID, DAY), manifest([lookup], data))])


def single_delivery(columns, records, members):
    """Daily single-file delivery: one tar.gz with hit_data.tsv first and then the lookups."""
    name = "%s_%s.tar.gz" % (RSID, DAY)
    entries = [(HIT_DATA, tsv(records, columns))] + sorted(members.items())
    blob = tar_gz(entries)
    back = untar_gz(blob)
    assert [n for n, _ in back] == [n for n, _ in entries], [n for n, _ in back]
    assert back[1:] == entries[1:], "lookup members differ from the lookup archive's"
    hit_data = back[0][1]
    d = DataFile(name, records, blob, hit_data, check_records(name, hit_data, records, columns))
    return Delivery("single", [d], None, [("%s_%s.txt" % (RSID, DAY), manifest([], [d]))])


def delivery_hour(rec, facts):
    """The local hour whose delivery carries a record: its date_time hour, except the late hit
    (2024-03-01), which arrived with hour 00, and the raw wrong-field-count record, which goes
    with the hour of the hit it was cut from."""
    if rec is facts["late"]:
        return 0
    h = facts["wrong_field_count"] if isinstance(rec, bytes) else rec
    assert h["date_time"][:10] == DAY, h["date_time"]
    return int(h["date_time"][11:13])


def hourly_delivery(columns, records, facts, lookup_blob):
    """Hourly multi-file delivery: per local hour one manifest and (if it has records) one data
    file; the lookup archive comes with hour 00 only."""
    hours = (local_ts(2024, 3, 3, 0, 0, 0) - local_ts(2024, 3, 2, 0, 0, 0)) // 3600
    assert hours == 24, "2024-03-02 is not a DST day in %s" % ZONE_ID

    def stamp(hh):
        return "%s-%02d0000" % (DAY.replace("-", ""), hh)

    by_hour = [[] for _ in range(hours)]
    for rec in records:
        by_hour[delivery_hour(rec, facts)].append(rec)
    lookup = ("%s_%s-lookup_data.tar.gz" % (RSID, stamp(0)), lookup_blob)
    data, manifests, empty = [], [], []
    for hh, recs in enumerate(by_hour):
        files = [gz_data_file("01-%s_%s.tsv.gz" % (RSID, stamp(hh)), recs, columns)] if recs else []
        if not recs:
            empty.append(hh)
        data += files
        manifests.append(("%s_%s.txt" % (RSID, stamp(hh)), manifest([lookup] if hh == 0 else [], files)))
    return Delivery("hourly", data, lookup, manifests, {"hours": hours, "empty_hours": empty})


# ---------------------------------------------------------------- where every record goes

def dispositions(data_files):
    """The counting rules of data-samples/README.md over the records in delivery order:
    (written hits, duplicates, quarantined by reason)."""
    seen, written, duplicates, by_reason = set(), [], 0, {}
    for d in data_files:
        for rec in d.records:
            if not isinstance(rec, Hit):
                by_reason["wrong_field_count"] = by_reason.get("wrong_field_count", 0) + 1
                continue
            key = (rec["hitid_high"], rec["hitid_low"])
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            if rec["date_time"][:10] < DAY:
                by_reason["late_event"] = by_reason.get("late_event", 0) + 1
            elif rec["date_time"][:10] > DAY:
                by_reason["early_event"] = by_reason.get("early_event", 0) + 1
            else:
                written.append(rec)
    return written, duplicates, by_reason


def locations(data_files):
    """id(record) -> every place the record is delivered, in delivery order, as {"file", "record"}
    (record: 1-based index in the file's hit data)."""
    places = {}
    for d in data_files:
        for i, rec in enumerate(d.records):
            places.setdefault(id(rec), []).append({"file": d.name, "record": i + 1})
    return places


def lookups(h):
    """The name columns of a hit, from the generator's own tables."""
    return {"browser_name": BROWSERS.get(int(h["browser"])),
            "os_name": OPERATING_SYSTEMS.get(int(h["os"])),
            "country_name": COUNTRIES.get(int(h["country"])),
            "language_name": LANGUAGES.get(int(h["language"])),
            "search_engine_name": SEARCH_ENGINES.get(int(h["post_search_engine"])),
            "referrer_type_name": {t[0]: t[1] for t in REFERRER_TYPES}.get(int(h["ref_type"])),
            "last_touch_channel": CHANNELS.get(h["va_closer_id"], "Other")}


def expected_json(delivery, columns, facts, global_order):
    """EXPECTED.json of a delivery. The hits it names are chosen in the global record order (the
    multi-file delivery's), so every shape names the same hits; only their places differ."""
    data_files = delivery.data_files
    total = sum(len(d.records) for d in data_files)
    written, duplicates, by_reason = dispositions(data_files)
    quarantined = sum(by_reason.values())
    assert total == len(written) + duplicates + quarantined
    places = locations(data_files)
    rank = {}
    for i, rec in enumerate(global_order):
        rank.setdefault(id(rec), i)
    in_order = sorted(written, key=lambda h: rank[id(h)])

    def ident(h):
        return {"hitid_high": h["hitid_high"], "hitid_low": h["hitid_low"], **places[id(h)][0]}

    purchase = next(h for h in in_order if "20117=" in h.get("post_event_list", ""))
    event_names = dict(EVENTS)
    decoded = []
    for item in purchase["post_event_list"].split(","):
        ident_, _, value = item.partition("=")
        decoded.append({"id": int(ident_), "value": value if "=" in item else None,
                        "name": event_names.get(int(ident_))})
    dup_places = places[id(facts["duplicate_of"])]
    assert len(dup_places) == 2, dup_places
    french = next(h for h in in_order if h["language"] == str(LATIN1_LANGUAGE) and h["browser"])
    bad = facts["wrong_field_count"]
    bad_places = [places[id(r)][0] for d in data_files for r in d.records if isinstance(r, bytes)]
    assert len(bad_places) == 1, bad_places
    unsigned = sorted({int(h["post_visid_low"]) for h in written}, reverse=True)
    lookup_file = None
    if delivery.lookup:
        name, blob = delivery.lookup
        lookup_file = {"name": name, "bytes": len(blob), "md5": md5(blob), "latin1_values": 1}
    return {
        "report_suite": RSID, "date": DAY, "time_zone": ZONE_ID, "columns": len(columns),
        "files": {d.name: d.expected() for d in data_files},
        "lookup_file": lookup_file,
        **delivery.extra,
        "counts": {"records_read": total, "skipped": 0, "written": len(written), "duplicates": duplicates,
                   "quarantined": quarantined, "quarantined_by_reason": dict(sorted(by_reason.items())),
                   "filtered": 0, "latin1_fields": sum(d.latin1_fields for d in data_files)},
        "reports": {"adobe_daily_metrics": {DAY: metrics(written)}},
        "hits": {
            "tab": {**ident(facts["tab"]), "internal_campaign": "spring\tsale"},
            "newline": {**ident(facts["newline"]), "post_evar2": "red\nshoes"},
            "backslash_end": {**ident(facts["backslash_end"]), "post_evar2": "C:\\Users\\"},
            "backslash_inside": {**ident(facts["backslash_inside"]),
                                 "post_page_url": "https://www.example.com/search?q=a\\b"},
            "quote": {**ident(facts["quote"]), "post_pagename": 'say "hello"'},
            "caret": {**ident(facts["caret"]), "post_product_list": ";Tom ^; Jerry^, the book;1;9.99;;"},
            "latin1": {**ident(facts["latin1_0"]), "geo_city": LATIN1_CITY},
            "unknown_event": {**ident(facts["unknown_event"]),
                              "post_event_list": [{"id": 200, "value": None, "name": "Custom Event 1"},
                                                  {"id": 20999, "value": None, "name": None}]},
            "late": {**ident(facts["late"]), "reason": "late_event", "event_date": "2024-03-01"},
            "duplicate_of": ident(facts["duplicate_of"]),
            "duplicate": dup_places[1],
            "purchase": {**ident(purchase), "post_event_list": decoded},
            "lookups": {**ident(french), **lookups(french)},
            "wrong_field_count": {**bad_places[0], "hitid_low": bad["hitid_low"],
                                  "fields": len(columns) - 12},
        },
        "largest_post_visid_low": str(unsigned[0]),
        "post_visid_low_at_or_above_2_63": sum(1 for u in {int(h["post_visid_low"]) for h in written}
                                               if u >= 1 << 63),
    }


def without_places(hits):
    """EXPECTED.json hits without file and record: what must be the same in every shape."""
    return {k: {f: v for f, v in h.items() if f not in ("file", "record")} for k, h in hits.items()}


def write_delivery(out, delivery, expected):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    text = (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    for name, blob in delivery.outputs() + [("EXPECTED.json", text)]:
        with open(os.path.join(out, name), "wb") as f:
            f.write(blob)


def summary(out, delivery, expected):
    c = expected["counts"]
    if delivery.shape == "hourly":
        per_file = "records per hour %s; empty hours %s" % (
            " ".join("%s=%d" % (d.name.split("-")[-1][:2], len(d.records)) for d in delivery.data_files),
            expected["empty_hours"] or "none")
    else:
        per_file = ", ".join("%s: %d" % (d.name, len(d.records)) for d in delivery.data_files)
    return ("wrote %s [%s]: %d manifest(s), %d data file(s)%s, %d records (%s), %d written, %d duplicate, "
            "quarantined %s, %d latin-1 fields"
            % (out, delivery.shape, len(delivery.manifests), len(delivery.data_files),
               ", lookups " + delivery.lookup[0] if delivery.lookup else "", c["records_read"], per_file,
               c["written"], c["duplicates"], c["quarantined_by_reason"], c["latin1_fields"]))


# ---------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(here, "adobe"), help="the daily multi-file delivery")
    ap.add_argument("--out-single", help="the daily single-file delivery (default: <out>-single)")
    ap.add_argument("--out-hourly", help="the hourly delivery (default: <out>-hourly)")
    ap.add_argument("--shapes", default=",".join(SHAPES),
                    help="comma-separated shapes to write, of %s (default: all)" % ",".join(SHAPES))
    args = ap.parse_args()
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown or not shapes:
        ap.error("--shapes: unknown shape(s) %s; choose from %s" % (unknown, ",".join(SHAPES)))
    out = os.path.normpath(os.path.abspath(args.out))
    outs = {"multi": out, "single": args.out_single or out + "-single",
            "hourly": args.out_hourly or out + "-hourly"}

    rng = Random(SEED)
    columns = column_order(rng)
    assert len(columns) == len(set(columns)) and len(columns) >= 200, len(columns)
    hits, sources = make_hits(rng)
    file1, file2, facts = place_anomalies(rng, hits, sources, columns)
    # No randomness from here on: every shape is built from the same records and lookups.
    members = lookup_members(columns)
    records = file1 + file2

    multi = multi_delivery(columns, file1, file2, members)
    deliveries = {"multi": multi, "single": single_delivery(columns, records, members),
                  "hourly": hourly_delivery(columns, records, facts, multi.lookup[1])}
    expected = {s: expected_json(d, columns, facts, records) for s, d in deliveries.items()}
    for s in ("single", "hourly"):
        assert expected[s]["counts"] == expected["multi"]["counts"], (s, expected[s]["counts"])
        assert expected[s]["reports"] == expected["multi"]["reports"], s
        assert without_places(expected[s]["hits"]) == without_places(expected["multi"]["hits"]), s
        assert sum(len(d.records) for d in deliveries[s].data_files) == len(records), s

    for s in shapes:
        write_delivery(outs[s], deliveries[s], expected[s])
        print(summary(outs[s], deliveries[s], expected[s]))
    m = expected["multi"]["reports"]["adobe_daily_metrics"][DAY]
    print("adobe_daily_metrics %s: %s" % (DAY, json.dumps(m)))


if __name__ == "__main__":
    main()
