#!/usr/bin/env python3
"""Checks that an xlsx file opens: every zip member's CRC, the workbook names a sheet, and the first
sheet parses as XML. Prints {"rows": n, "columns": m} (rows including the header; columns of the
widest row) or exits 1 with the reason on stderr. Used by bench/xlsx_compare.mjs."""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def sheet_path(z):
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    sheet = workbook.find(f"{NS}sheets/{NS}sheet")
    if sheet is None:
        raise ValueError("the workbook lists no sheet")
    rel_id = sheet.get(f"{REL_NS}id")
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target").lstrip("/")
            return target if target.startswith("xl/") else "xl/" + target
    raise ValueError(f"the sheet's relationship {rel_id} is missing")


def main(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            raise ValueError(f"bad CRC in {bad}")
        rows = 0
        columns = 0
        with z.open(sheet_path(z)) as f:
            for _, element in ET.iterparse(f):
                if element.tag == f"{NS}row":
                    rows += 1
                    columns = max(columns, sum(1 for c in element if c.tag == f"{NS}c"))
                    element.clear()
    print(json.dumps({"rows": rows, "columns": columns}))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as e:  # any failure means the file does not open
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
