"""The survey as CSV (ministry column order, Japanese headers) and as an Excel workbook."""
import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .survey import Report

FORMULA_START = ("=", "+", "-", "@")


def _text_safe(cell):
    """Excel runs a text cell starting with = + - @ as a formula; quote it."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(report.header)
    writer.writerows([_text_safe(c) for c in row.cells()] for row in report.rows)
    return out.getvalue()


def _excel_value(cell):
    """Derived figures are exact decimal strings; Excel gets them as numbers, blanks stay empty."""
    if isinstance(cell, str) and cell and cell.replace(".", "", 1).isdigit():
        return Decimal(cell)
    return _text_safe(cell) if cell != "" else None


def to_xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "支援状況調査"
    first, last = report.months[0], report.months[-1]
    ws.append([f"支援状況調査 {report.unit.name}（{report.unit.code}） {first:%Y-%m}〜{last:%Y-%m}"])
    ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append(report.header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in report.rows:
        ws.append([_excel_value(c) for c in row.cells()])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col in ws.iter_cols(min_row=2, max_row=2):
        ws.column_dimensions[col[0].column_letter].width = 14
    ws.freeze_panes = "B3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
