"""Schemathesis hooks for scripts/ci/schemathesis.sh: the two rules openapi.yaml states in prose
because OpenAPI 3.1 has no way to state them, applied to positive (schema-valid) cases only, so
that positive_data_acceptance tests what a client following the document would send.

- GET /lookup takes exactly one identifier parameter ("exactly one of" cannot be said of query
  parameters): keep the first one generated, or add one when none was.
- `cursor` is a server-made token (a previous response's nextCursor for the same sort): a
  generated string that matches its pattern is still not one, so positive cases go without.
- `yearFrom` may not be after `yearTo` (a rule between two parameters): such a pair is swapped.
- GET /search with `format=citation` holds at most 20 hits (formatting is slow; docs/interop.md,
  "Citations"), a rule between two parameters: positive cases keep `limit` within it.
- `q` is the query language (docs/query-language.md), a grammar no pattern states: positive
  cases keep its letters, digits and spaces, lower-cased (AND, OR, NOT are operators).
- GET /search: a URL holds 16 KB at most (the spec says so; longer searches are POSTs), which
  50 filters of 500 characters overrun: positive cases keep the filters that fit.
- POST /ingest as multipart/form-data: the file part comes last (the options must arrive before
  the file streams to disk; OpenAPI has no order of parts): positive cases move it there.
- If-Match: the coverage phase of this schemathesis version sends "0" as a positive value
  despite the header's pattern; such a value is replaced by "*".
- Items: a location written over the API, or read by shelf work, must be one the locations file
  lists (the file is configuration, not schema): positive cases use listed ones. `withdrawn` needs a reason, a call
  number patched onto an item without one needs its value, `callnumberFrom` a whole location, and
  item list cursors are server-made: positive cases follow those rules.
- GET /availability: `id` values are split at `|` and commas, at most 100 ids in all; positive
  cases keep each generated id one id.
- Patrons and circulation: the loan rules' patron types, the locations file's libraries, one
  patron search field at a time, server-made cursors, current versions in If-Match, due ranges
  in order, offline files with lines: scripts/ci/schemathesis-desk.py, which this file loads.

Real items: random barcodes and record ids find nothing, so item operations would only ever
answer 404. scripts/ci/schemathesis.sh writes what the sample catalog holds (its items and the
locations file, STACKS_FUZZ_SAMPLES) before the runs, and about half the cases draw from it: the
barcode and record id in the path (unless the path is the negative part), the ids DAIA is asked
for, the barcodes of a transfer or a shelf-reading (the shelf's own items, shuffled, with a few
strangers) and the locations of writes, lists and shelf work. So GET, PATCH, status moves,
transfers, deletes and shelf work run on real items, and change them: the catalog is the run's
own. Deletes draw from a few records of their own, so the others keep their items. The draws come
from a generator seeded like the run, so a run is reproducible.
"""

import importlib.util
import json
import os
import random
import re
from pathlib import Path

import schemathesis
from schemathesis.core.parameters import ParameterLocation

LOOKUP_KINDS = ("isbn", "issn", "lccn", "oclc", "id", "controlNumber")
URL_BUDGET = 12_000
KNOWN_LOCATION = "MAIN/STACKS"
# Drawn from in order by the one worker the script runs, so the draws repeat run after run.
DRAW = random.Random(10)
# Records whose DELETE may be real: the last few with items; every other record keeps its items.
DELETABLE = 4


def _load_samples() -> dict:
    path = os.environ.get("STACKS_FUZZ_SAMPLES")
    if not path:
        return {"items": [], "locations": [KNOWN_LOCATION]}
    with open(path, encoding="utf-8") as fd:
        return json.load(fd)


SAMPLES = _load_samples()
BARCODES = [i["barcode"] for i in SAMPLES["items"]]
RECORD_IDS = sorted({i["recordId"] for i in SAMPLES["items"]})
DELETE_IDS, RECORD_IDS = RECORD_IDS[-DELETABLE:], RECORD_IDS[:-DELETABLE] or RECORD_IDS
BARCODES = [i["barcode"] for i in SAMPLES["items"] if i["recordId"] not in DELETE_IDS] or BARCODES
SHELVES: dict[str, list[str]] = {}
for _item in SAMPLES["items"]:
    SHELVES.setdefault(_item["location"], []).append(_item["barcode"])
LOCATIONS = SAMPLES["locations"] or [KNOWN_LOCATION]


def _load_desk():
    """scripts/ci/schemathesis-desk.py: loaded by path (a hook file is not on the import path)."""
    path = Path(__file__).with_name("schemathesis-desk.py")
    spec = importlib.util.spec_from_file_location("schemathesis_desk", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Desk(SAMPLES, DRAW, os.environ.get("STACKS_FUZZ_URL"), os.environ.get("STACKS_FUZZ_KEY"))


DESK = _load_desk()

IF_MATCH = re.compile(r'^(\*|(W/)?"v[0-9]{1,15}(-[a-z]+)?"(, ?(W/)?"v[0-9]{1,15}(-[a-z]+)?")*)$')


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


def _sometimes() -> bool:
    return bool(BARCODES) and DRAW.random() < 0.5


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value) -> bytes:
    """The bookmobile's offline file (POST /circulation/offline) is JSON lines: its schema is a
    string, sent as it is; anything else generated is written one JSON value per line."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "replace")
    if isinstance(value, list):
        return "\n".join(json.dumps(v) for v in value).encode("utf-8")
    return json.dumps(value).encode("utf-8")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    meta = getattr(case, "meta", None)
    if meta is not None and not meta.is_negative_at(ParameterLocation.PATH):
        _real_path(case)
    if not _positive(case):
        return
    _items_rules(case)
    _real_items(case)
    DESK.positive(case)
    path = case.operation.path
    if path == "/lookup":
        query = dict(case.query or {})
        given = [k for k in LOOKUP_KINDS if k in query]
        for extra in given[1:]:
            del query[extra]
        if not given:
            query["isbn"] = "0140449132"
        case.query = query
    elif path == "/ingest" and isinstance(case.body, dict) and "file" in case.body:
        case.body = {**{k: v for k, v in case.body.items() if k != "file"}, "file": case.body["file"]}
    elif (path.startswith("/records/") or path.startswith("/items")) and case.headers is not None:
        tag = case.headers.get("If-Match")
        if tag is not None and not IF_MATCH.match(tag):
            case.headers["If-Match"] = "*"
    elif path == "/search":
        for params in (case.query, case.body):
            if isinstance(params, dict):
                _search_rules(params)
        if isinstance(case.query, dict) and isinstance(case.query.get("filter"), list):
            kept, size = [], 0
            for item in case.query["filter"]:
                # Percent-encoded UTF-8: up to 12 bytes a character.
                size += 12 * len(str(item)) + 8
                if size > URL_BUDGET:
                    break
                kept.append(item)
            case.query["filter"] = kept


@schemathesis.hook
def after_call(ctx, case, response):
    DESK.after_call(case, response)


def _real_path(case) -> None:
    if DESK.real_path(case):
        return
    params = case.path_parameters
    if not isinstance(params, dict) or not _sometimes():
        return
    if "barcode" in params:
        params["barcode"] = DRAW.choice(BARCODES)
    elif "id" in params and case.operation.path.startswith("/records/"):
        deleting = case.operation.method.upper() == "DELETE"
        params["id"] = DRAW.choice(DELETE_IDS if deleting else RECORD_IDS)


def _real_items(case) -> None:
    """Positive cases only: what they would send, on items the catalog holds."""
    path = case.operation.path
    body = case.body if isinstance(case.body, dict) else None
    query = case.query if isinstance(case.query, dict) else None
    if body is not None:
        for field in ("location", "to"):
            if field in body:
                body[field] = DRAW.choice(LOCATIONS)
        if path == "/items/transfer" and isinstance(body.get("barcodes"), list) and _sometimes():
            body["barcodes"] = [DRAW.choice(BARCODES) if DRAW.random() < 0.8 else b for b in body["barcodes"]]
        elif path == "/shelf-reading" and _sometimes():
            shelf = DRAW.choice(sorted(SHELVES))
            scans = SHELVES[shelf][:]
            DRAW.shuffle(scans)
            # Mostly in order, a few out of it, and one of another shelf or none at all.
            scans = sorted(scans[: DRAW.randint(1, 30)], key=SHELVES[shelf].index)
            if len(scans) > 2 and DRAW.random() < 0.7:
                i, j = DRAW.sample(range(len(scans)), 2)
                scans[i], scans[j] = scans[j], scans[i]
            body["location"] = shelf
            body["barcodes"] = scans + [DRAW.choice(BARCODES + ["not-a-barcode"])]
        elif path.endswith("/items") and "barcode" in body and DRAW.random() < 0.2:
            body["barcode"] = DRAW.choice(BARCODES)
    if query is not None:
        if path == "/shelf/position" or (path == "/items" and "location" in query and _sometimes()):
            query["location"] = DRAW.choice(LOCATIONS)
        if path == "/availability" and _sometimes():
            query["id"] = [DRAW.choice(RECORD_IDS + DELETE_IDS) for _ in range(DRAW.randint(1, 5))]


def _items_rules(case) -> None:
    path = case.operation.path
    body = case.body if isinstance(case.body, dict) else None
    if body is not None and (path.startswith("/items") or path.endswith("/items")):
        for field in ("location", "to"):
            if field in body:
                body[field] = KNOWN_LOCATION
        if body.get("status") == "withdrawn" and not body.get("reason"):
            body["reason"] = "worn out"
        call = body.get("callNumber")
        if isinstance(call, dict) and not call.get("value"):
            call["value"] = "QA76.73 .J38 2020"
    if path == "/items" and isinstance(case.query, dict):
        case.query.pop("cursor", None)
        if "/" not in str(case.query.get("location", "")):
            case.query.pop("callnumberFrom", None)
    if path == "/availability" and isinstance(case.query, dict):
        ids = case.query.get("id")
        ids = ids if isinstance(ids, list) else [ids]
        case.query["id"] = [re.sub(r"[|,]", "", str(i)).strip() or "x" for i in ids if i is not None][:100] or ["x"]


CITATION_PAGE_MAX = 20


def _search_rules(params: dict) -> None:
    params.pop("cursor", None)
    if params.get("format") == "citation":
        try:
            if int(params.get("limit", 20)) > CITATION_PAGE_MAX:
                params["limit"] = CITATION_PAGE_MAX
        except (TypeError, ValueError):
            pass
    if isinstance(params.get("q"), str):
        params["q"] = re.sub(r"[^0-9A-Za-z ]", "", params["q"]).lower()
    low, high = params.get("yearFrom"), params.get("yearTo")
    try:
        swap = float(low) > float(high)
    except (TypeError, ValueError):
        return
    if swap:
        params["yearFrom"], params["yearTo"] = high, low
