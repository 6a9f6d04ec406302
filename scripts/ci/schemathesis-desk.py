"""The patron and circulation rules of scripts/ci/schemathesis-hooks.py, which loads this file:
what a client following openapi.yaml and the deployment's files would send, on the patrons,
loans, holds and items the sample desk holds (scripts/ci/schemathesis-samples.py wrote them).

The rules that live in the deployment's files and the catalog's state, not in the schema:

- A patron type is one of the loan rules' (GET /circulation/rules), a home library, a pickup
  library and a check-in library one of the locations file's.
- A cursor is one the server made for the same parameters: a positive case that has one asks the
  server for it (the same query, one to a page) and sends that page's `nextCursor`, or none.
- A patron search names one field at a time (`q`, `barcode`, `email` or `name`): the first
  generated is kept.
- If-Match on a patron names its current version (asked of the server just before), or is `*`
  when there is no patron to ask about.
- A due list's `to` is not before its `from`; a card is renewed to today or later.
- A hold names a record or an item, one of the two.
- An offline file holds at least one line; about half of them are real files, check-outs of
  sample items to sample patrons and check-ins, each line with an id of its own.

Real patrons, loans and holds are drawn for about half the cases, as items are: card barcodes in
/patrons/{barcode} paths and in bodies, loan and hold ids in their paths, items on loan for the
item renewals and loan look-ups. Anonymising draws only from the patrons the run registered
itself, so the sample desk keeps its patrons. A patch that changes a card's barcode, and an
anonymisation, are followed (after_call), so later draws name the card as it is now.
"""

import datetime
import json
import urllib.error
import urllib.parse
import urllib.request

PATRON_FIELDS = ("q", "barcode", "email", "name")


class Desk:
    def __init__(self, samples: dict, draw, url: str | None, key: str | None):
        self.draw = draw
        self.url, self.key = url, key
        self.patrons = samples.get("patrons", [])
        self.barcodes = [p["barcode"] for p in self.patrons]
        self.libraries = samples.get("libraries") or ["MAIN"]
        self.patron_types = samples.get("patronTypes") or ["adult"]
        self.loans = samples.get("loans", [])
        self.holds = samples.get("holds", [])
        self.items = [i["barcode"] for i in samples.get("items", [])]
        self.locations = samples.get("locations") or ["MAIN/STACKS"]
        self.records = sorted({i["recordId"] for i in samples.get("items", [])})
        self.registered: list[str] = []
        self.offline_files = 0
        self.cards = 0

    def sometimes(self, pool) -> bool:
        return bool(pool) and self.draw.random() < 0.5

    # Paths: real patrons, loans, holds (whenever the path is not the negative part of a case).

    def real_path(self, case) -> bool:
        """Draws the path's patron, loan or hold; True when this path is the desk's."""
        params, path = case.path_parameters, case.operation.path
        if not isinstance(params, dict):
            return False
        if path.startswith("/patrons/{barcode}"):
            pool = self.registered if path.endswith("/anonymise") else self.barcodes
            if self.sometimes(pool):
                params["barcode"] = self.draw.choice(pool)
            return True
        if path == "/circulation/loans/{id}/renew":
            if self.sometimes(self.loans):
                params["id"] = self.draw.choice(self.loans)["id"]
            return True
        if path == "/circulation/holds/{id}":
            if self.sometimes(self.holds):
                params["id"] = self.draw.choice(self.holds)
            return True
        if path in ("/circulation/items/{barcode}/renew", "/items/{barcode}/loan"):
            if self.sometimes(self.loans):
                params["barcode"] = self.draw.choice(self.loans)["itemBarcode"]
            elif self.sometimes(self.items):
                params["barcode"] = self.draw.choice(self.items)
            return True
        return False

    # Positive cases: the deployment's rules, and real values.

    def positive(self, case) -> None:
        op = case.operation.definition.raw.get("operationId")
        body = case.body if isinstance(case.body, dict) else None
        query = case.query if isinstance(case.query, dict) else None
        if case.operation.path.startswith("/patrons") and case.headers is not None:
            self._if_match(case)
        if op in ("registerPatron", "patchPatron") and body is not None:
            self._patron_body(body)
            if op == "registerPatron":
                self._fresh_card(body)
        elif op == "renewPatron" and body is not None:
            self._renewal(body)
        elif op == "findPatrons" and query is not None:
            self._patron_search(query)
            self._cursor(case, "/patrons")
        elif op in ("listOverdueLoans", "listLoansDue") and query is not None:
            self._loan_list(query)
            self._cursor(case, case.operation.path)
        elif op == "checkIn" and body is not None:
            self._check_in(body)
        elif op == "checkOut" and body is not None:
            self._check_out(body)
        elif op == "placeHold" and body is not None:
            self._hold(body)
        elif op == "applyOfflineCirculation":
            self._offline(case)

    def _if_match(self, case) -> None:
        if case.headers.get("If-Match") is None:
            return
        barcode = (case.path_parameters or {}).get("barcode")
        found = self._get(f"/patrons/{urllib.parse.quote(str(barcode), safe='')}") if barcode else None
        case.headers["If-Match"] = (found[0] or "*") if found else "*"

    def _patron_body(self, body: dict) -> None:
        if "patronType" in body:
            body["patronType"] = self.draw.choice(self.patron_types)
        if isinstance(body.get("homeLibrary"), str):
            body["homeLibrary"] = self.draw.choice(self.libraries)

    def _fresh_card(self, body: dict) -> None:
        """Half the registrations get a card no one holds: the generator repeats its few shortest
        barcodes ("0"), which after the first are 409 `patron_barcode_taken` and test nothing new."""
        if isinstance(body.get("barcode"), str) and self.draw.random() < 0.5:
            self.cards += 1
            body["barcode"] = f"{body['barcode'][:56]}-{self.cards}"

    def _renewal(self, body: dict) -> None:
        today = datetime.datetime.now(datetime.timezone.utc).date()
        if isinstance(body.get("expiry"), str) and body["expiry"] < today.isoformat():
            body["expiry"] = (today + datetime.timedelta(days=self.draw.randint(1, 3650))).isoformat()

    def _patron_search(self, query: dict) -> None:
        given = [k for k in PATRON_FIELDS if k in query]
        for extra in given[1:]:
            del query[extra]
        if not given or not self.sometimes(self.patrons):
            return
        patron = self.draw.choice(self.patrons)
        field = given[0]
        if field == "name":
            query["name"] = patron["name"][: self.draw.randint(1, len(patron["name"]))]
        elif field == "email" and patron.get("email"):
            query["email"] = patron["email"]
        else:
            query[field] = patron["barcode"]

    def _loan_list(self, query: dict) -> None:
        if "library" in query and self.sometimes(self.libraries):
            query["library"] = self.draw.choice(self.libraries)
        low, high = query.get("from"), query.get("to")
        if isinstance(low, str) and isinstance(high, str) and high < low:
            query["from"], query["to"] = high, low

    def _cursor(self, case, path: str) -> None:
        """A cursor the server made for this very query, or none."""
        if "cursor" not in case.query:
            return
        query = {k: v for k, v in case.query.items() if k not in ("cursor", "limit")}
        found = self._get(path, {**query, "limit": 1})
        cursor = found[1].get("nextCursor") if found else None
        if cursor:
            case.query["cursor"] = cursor
        else:
            del case.query["cursor"]

    def _check_in(self, body: dict) -> None:
        if "library" in body:
            body["library"] = self.draw.choice(self.libraries)
        if self.sometimes(self.loans):
            body["itemBarcode"] = self.draw.choice(self.loans)["itemBarcode"]

    def _check_out(self, body: dict) -> None:
        if self.sometimes(self.items):
            body["itemBarcode"] = self.draw.choice(self.items)
        if self.sometimes(self.barcodes):
            body["patronBarcode"] = self.draw.choice(self.barcodes)

    def _hold(self, body: dict) -> None:
        body["pickupLibrary"] = self.draw.choice(self.libraries)
        if self.sometimes(self.barcodes):
            body["patronBarcode"] = self.draw.choice(self.barcodes)
        if "recordId" in body and "itemBarcode" in body:
            del body["itemBarcode" if self.draw.random() < 0.5 else "recordId"]
        if "itemBarcode" in body:
            if self.sometimes(self.items):
                body["itemBarcode"] = self.draw.choice(self.items)
        elif self.records and ("recordId" not in body or self.sometimes(self.records)):
            body["recordId"] = self.draw.choice(self.records)
        elif "recordId" not in body:
            body["recordId"] = "(StKS)stk001001"

    def _offline(self, case) -> None:
        text = case.body if isinstance(case.body, str) else ""
        if text.replace("\ufeff", "").strip() and not self.sometimes(self.items):
            return
        case.body = self._offline_file()

    def _offline_file(self) -> str:
        """A bookmobile's morning: check-outs of sample items to sample patrons, some checked in."""
        self.offline_files += 1
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        lines = []
        for n in range(self.draw.randint(1, 6)):
            at = (now - datetime.timedelta(minutes=90 - 10 * n)).isoformat().replace("+00:00", "Z")
            item = self.draw.choice(self.items or ["not-a-barcode"])
            line = {"id": f"fuzz{self.offline_files}-{n}", "at": at, "itemBarcode": item}
            if self.draw.random() < 0.6 and self.barcodes:
                line.update(op="checkout", patronBarcode=self.draw.choice(self.barcodes))
                line["location"] = self.draw.choice(self.locations)
            else:
                line.update(op="checkin", library=self.draw.choice(self.libraries))
            lines.append(json.dumps(line))
        return "\n".join(lines) + "\n"

    # The catalog as the run changes it.

    def after_call(self, case, response) -> None:
        op = case.operation.definition.raw.get("operationId")
        if response.status_code not in (200, 201):
            return
        barcode = (case.path_parameters or {}).get("barcode")
        if op == "registerPatron":
            self.registered.append(response.json()["barcode"])
        elif op == "patchPatron" and barcode is not None:
            now = response.json()["barcode"]
            for pool in (self.barcodes, self.registered):
                if barcode in pool and now != barcode:
                    pool[pool.index(barcode)] = now
        elif op == "anonymisePatron" and barcode in self.registered:
            self.registered.remove(barcode)

    def _get(self, path: str, query: dict | None = None) -> tuple[str | None, dict] | None:
        """A staff GET's ETag and JSON body, or None (no server given, or not a 200)."""
        if not self.url or not self.key:
            return None
        url = f"{self.url}{path}" + (f"?{urllib.parse.urlencode(query, doseq=True)}" if query else "")
        headers = {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
                return response.headers.get("ETag"), json.load(response)
        except (urllib.error.URLError, OSError, ValueError):
            return None
