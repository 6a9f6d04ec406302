"""A harvest of an OAI-PMH repository by Sickle, as a harvester would run it.

    oai-harvest.py BASE_URL [--prefix marc21] [--from 2026-12-06T19:00:00Z] [--set format:book]

Walks ListRecords through every resumption token and prints one JSON object: how many records
and deletions came, every identifier in order with whether it was deleted, and the latest
datestamp (where an incremental harvest would start). A list with no records (noRecordsMatch) is
an empty harvest, not a failure. Used by tests/e2e/oai-sickle.test.ts.
"""
import argparse
import json
import sys

from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--prefix", default="marc21")
    parser.add_argument("--from", dest="from_")
    parser.add_argument("--set")
    args = parser.parse_args()

    params = {"metadataPrefix": args.prefix}
    if args.from_:
        params["from"] = args.from_
    if args.set:
        params["set"] = args.set

    sickle = Sickle(args.base_url, max_retries=3)
    harvested = []
    latest = None
    try:
        for record in sickle.ListRecords(ignore_deleted=False, **params):
            header = record.header
            harvested.append({"identifier": header.identifier, "deleted": header.deleted})
            if not header.deleted and not record.metadata:
                raise SystemExit(f"record {header.identifier} came without metadata")
            if latest is None or header.datestamp > latest:
                latest = header.datestamp
    except NoRecordsMatch:
        pass

    json.dump(
        {
            "records": sum(1 for h in harvested if not h["deleted"]),
            "deleted": sum(1 for h in harvested if h["deleted"]),
            "headers": harvested,
            "latestDatestamp": latest,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
