"""What the catalog under test holds, for scripts/ci/schemathesis-hooks.py: its items (barcode,
record, location, status), the locations file's codes, the loan rules' patron types, and the
sample desk's patrons, open loans and active holds, read over HTTP with the admin key and written
as JSON. The hooks substitute these for some generated barcodes, ids, locations, libraries and
patron types, so item, patron and circulation operations reach real ones instead of answering 404
(or 422) to random strings.

Usage: python schemathesis-samples.py BASE_URL KEY OUT.json
"""

import json
import sys
import urllib.parse
import urllib.request


def get(base: str, key: str, path: str, **query) -> dict:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def pages(base: str, key: str, path: str, field: str, limit: int) -> list[dict]:
    """Every entry of a cursor-paged list."""
    entries, cursor = [], None
    while True:
        page = get(base, key, path, limit=limit, **({"cursor": cursor} if cursor else {}))
        entries.extend(page[field])
        cursor = page.get("nextCursor")
        if not cursor:
            return entries


def main() -> None:
    base, key, out = sys.argv[1], sys.argv[2], sys.argv[3]
    items = [
        {
            "barcode": item["barcode"],
            "recordId": item["recordId"],
            "location": item["location"]["code"],
            "status": item["status"],
        }
        for item in pages(base, key, "/items", "items", 200)
    ]
    libraries = get(base, key, "/locations")["libraries"]
    locations = [loc["code"] for lib in libraries for loc in lib["locations"]]
    patrons = [
        {"barcode": p["barcode"], "name": p["name"], "email": p.get("email"), "blocked": "block" in p}
        for p in pages(base, key, "/patrons", "patrons", 200)
    ]
    # Every open loan: a due list with neither end bounded.
    loans = [
        {"id": loan["id"], "itemBarcode": loan["itemBarcode"]}
        for loan in pages(base, key, "/circulation/loans/due", "loans", 500)
    ]
    holds = [
        hold["id"]
        for patron in patrons
        for hold in get(base, key, f"/patrons/{urllib.parse.quote(patron['barcode'], safe='')}/holds")["holds"]
    ]
    desk = {
        "libraries": [lib["code"] for lib in libraries],
        "patronTypes": get(base, key, "/circulation/rules")["patronTypes"],
        "patrons": patrons,
        "loans": loans,
        "holds": holds,
    }
    with open(out, "w", encoding="utf-8") as fd:
        json.dump({"items": items, "locations": locations, **desk}, fd)
    print(
        f"schemathesis: {len(items)} items, {len(locations)} locations, {len(patrons)} patrons, "
        f"{len(loans)} loans and {len(holds)} holds to draw from",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
