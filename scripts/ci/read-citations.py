"""Reads a citation file Stacks wrote with an independent Python parser and prints what it found
as JSON, one object per entry: key, type, title, authors, year, isbn, publisher (the terms of
tests/support/citations.ts's ParsedCitation). Run by tests/e2e/citations-python.test.ts with the
virtualenv scripts/ci/citation-parsers.sh makes.

    python read-citations.py ris|bibtex FILE
"""

import json
import re
import sys


def _tex(value: str) -> str:
    """BibTeX's grouping braces off and TeX's escapes of special characters undone."""
    kept = []

    def keep(char: str) -> str:
        kept.append(char)
        return f"\x00{len(kept) - 1}\x01"

    for command, char in (("textbackslash", "\\"), ("textasciitilde", "~"), ("textasciicircum", "^")):
        value = value.replace(f"\\{command}{{}}", keep(char))
    value = re.sub(r"\\([&%$#_{}])", lambda m: keep(m.group(1)), value)
    value = re.sub(r"[{}]", "", value)
    return re.sub("\x00(\\d+)\x01", lambda m: kept[int(m.group(1))], value).strip()


def _bibtex(text: str) -> list:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        raise SystemExit(f"bibtexparser failed on {len(library.failed_blocks)} block(s)")
    out = []
    for entry in library.entries:
        fields = {f.key.lower(): _tex(str(f.value)) for f in entry.fields}
        authors = re.split(r"\s+and\s+", fields["author"]) if "author" in fields else []
        out.append(
            {
                "key": entry.key,
                "type": entry.entry_type.lower(),
                "title": fields.get("title"),
                "authors": authors,
                "year": fields.get("year"),
                "isbn": fields.get("isbn"),
                "publisher": fields.get("publisher"),
            }
        )
    return out


def _ris(text: str) -> list:
    import rispy

    out = []
    for entry in rispy.loads(text):
        out.append(
            {
                "key": entry.get("id"),
                "type": entry.get("type_of_reference"),
                "title": entry.get("title") or entry.get("primary_title"),
                "authors": entry.get("authors") or entry.get("first_authors") or [],
                "year": entry.get("year") or entry.get("publication_year"),
                # RIS has one SN tag for both; rispy names it issn.
                "isbn": entry.get("issn"),
                "publisher": entry.get("publisher"),
            }
        )
    return out


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as fd:
        text = fd.read()
    entries = _bibtex(text) if kind == "bibtex" else _ris(text)
    json.dump([{k: v for k, v in e.items() if v not in (None, "")} for e in entries], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
