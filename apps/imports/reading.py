"""Reading an uploaded HR file into headings and rows of text, with tablib (CSV) and openpyxl
(XLSX). Problems with the file as a whole (too big, not a table, an encoding we cannot read)
are a :class:`FileProblem` naming the row and column where there is one; nothing is stored."""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import tablib
from django.conf import settings
from openpyxl.utils.exceptions import InvalidFileException

# Cells beginning with these are formulas to a spreadsheet (CSV injection): refused on import,
# neutralised with a leading apostrophe on export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # rows[i] is row i + 2 of the file (row 1 holds the headings)
    format: str


def file_row(index: int) -> int:
    """The spreadsheet's row number of data row ``index`` (the headings are row 1)."""
    return index + 2


def max_bytes() -> int:
    return int(settings.IMPORT_MAX_BYTES)


def read_table(data: bytes, file_name: str) -> Table:
    if len(data) > max_bytes():
        raise FileProblem(
            f"This file is {len(data) / 1_000_000:.1f} MB; the most we take is {max_bytes() // 1_000_000} MB. "
            "Split it into smaller files."
        )
    if not data.strip():
        raise FileProblem("This file is empty.")
    if data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data)
    if len(table.rows) > settings.IMPORT_MAX_ROWS:
        raise FileProblem(f"This file has {len(table.rows)} rows; the most we take is {settings.IMPORT_MAX_ROWS}.")
    _check_headers(table.headers)
    return table


def _check_headers(headers: list[str]) -> None:
    if not any(headers):
        raise FileProblem("Row 1 should hold the column headings, but it is empty.")
    seen: set[str] = set()
    for number, heading in enumerate(headers, start=1):
        if heading and heading.casefold() in seen:
            raise FileProblem(f"Row 1: the heading “{heading}” appears twice (column {number}). Rename one.")
        seen.add(heading.casefold())


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or Windows-1252 — one of them for the whole file.

    A file whose lines are partly UTF-8 and partly another encoding (two exports pasted together)
    is refused naming the first row that does not match, rather than read as mojibake."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    utf8_row = None
    other_row = None
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_row = utf8_row or number
        except UnicodeDecodeError:
            other_row = other_row or number
        if utf8_row and other_row:
            text = line.decode("utf-8", errors="replace")
            column = _column_of(text, "\ufffd")
            raise FileProblem(
                f"Row {other_row}{column}: this file mixes encodings (row {utf8_row} is UTF-8, row {other_row} "
                "is not). Save it again as “CSV UTF-8” and upload it again."
            )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"Row {row}: this file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and try again."
        ) from None


def _column_of(line: str, needle: str) -> str:
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return ""
    for number, cell in enumerate(cells, start=1):
        if needle in cell:
            return f", column {number}"
    return ""


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise FileProblem("This does not look like a CSV or XLSX file. Export the data as CSV or Excel and try again.")
    dataset = tablib.Dataset()
    try:
        dataset.load(text, format="csv")
    except tablib.InvalidDimensions:
        raise FileProblem(_ragged_row(text)) from None
    except csv.Error as exc:
        raise FileProblem(f"This CSV file could not be read ({exc}).") from None
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    rows = [[_text(cell) for cell in row] for row in dataset]
    return Table(headers=headers, rows=[row for row in rows if any(row)], format="csv")


def _ragged_row(text: str) -> str:
    reader = csv.reader(io.StringIO(text))
    width = None
    for number, row in enumerate(reader, start=1):
        if width is None:
            width = len(row)
        elif row and len(row) != width:
            return (
                f"Row {number} has {len(row)} cells but row 1 has {width} headings. Check for a stray comma or quote."
            )
    return "The rows of this file have different numbers of cells."


def _read_xlsx(data: bytes) -> Table:
    try:
        # Formulas are read as their text ("=SUM(A1:A3)"), not their cached result, so that they
        # are refused rather than trusted; read_only streams the sheet.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem("This Excel file could not be opened. Save it as .xlsx (or CSV) and try again.") from None
    try:
        sheet = workbook.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None:
            raise FileProblem("This file is empty.")
        headers = [_text(h) for h in first]
        while headers and not headers[-1]:
            headers.pop()
        rows: list[list[str]] = []
        for row in rows_iter:
            cells = [_text(cell) for cell in row][: len(headers)]
            cells += [""] * (len(headers) - len(cells))
            rows.append(cells)
            if len(rows) > settings.IMPORT_MAX_ROWS:
                break
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(headers=headers, rows=rows, format="xlsx")


def _text(value: object) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()
