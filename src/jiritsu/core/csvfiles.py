"""What every CSV import shares: reading the file into rows, and naming a problem by row and column.

The header is row 1, so a problem's row number is the one a spreadsheet shows. Each import (the case ledger,
organisations and staff, the directory) checks its own columns and writes nothing while any problem remains.
"""
import csv
import io
from dataclasses import dataclass


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


class FileProblem(Exception):
    """The file cannot be read at all (encoding, empty file)."""


def decode_utf8_or_cp932(raw: bytes) -> str:
    """UTF-8 (a byte-order mark from Excel is dropped), else CP932 (Shift_JIS as Windows writes it)."""
    for codec in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    raise FileProblem("文字コードを読み取れません。UTF-8 または Shift_JIS（CP932）で保存してください。")


def read_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (trimmed) and the numbered rows that are not blank."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise FileProblem("ファイルが空です（1行目に列名が必要です）。")
    header = [h.strip() for h in records[0]]
    rows = [(n, cells) for n, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    return header, rows
