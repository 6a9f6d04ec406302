"""What the catalog under test holds, for scripts/ci/schemathesis-hooks.py: its items (barcode,
record, location, status) and the locations file's codes, read over HTTP with the admin key and
written as JSON. The hooks substitute these for some generated barcodes, record ids and
locations, so item operations reach real items instead of answering 404 to random strings.

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


def main() -> None:
    base, key, out = sys.argv[1], sys.argv[2], sys.argv[3]
    items, cursor = [], None
    while True:
        page = get(base, key, "/items", limit=200, **({"cursor": cursor} if cursor else {}))
        for item in page["items"]:
            items.append(
                {
                    "barcode": item["barcode"],
                    "recordId": item["recordId"],
                    "location": item["location"]["code"],
                    "status": item["status"],
                }
            )
        cursor = page.get("nextCursor")
        if not cursor:
            break
    libraries = get(base, key, "/locations")["libraries"]
    locations = [loc["code"] for lib in libraries for loc in lib["locations"]]
    with open(out, "w", encoding="utf-8") as fd:
        json.dump({"items": items, "locations": locations}, fd)
    print(f"schemathesis: {len(items)} items and {len(locations)} locations to draw from", file=sys.stderr)


if __name__ == "__main__":
    main()
