"""The survey as CSV (ministry column order, Japanese headers) and as an Excel workbook."""
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jiritsu.core.exports import csv_text, excel_safe

from . import public
from .survey import Report


def to_csv(report: Report) -> str:
    return csv_text(report.header, (row.cells() for row in report.rows))


def _excel_value(cell):
    """Derived figures are exact decimal strings; Excel gets them as numbers, blanks stay empty."""
    if isinstance(cell, str) and cell and cell.replace(".", "", 1).isdigit():
        return Decimal(cell)
    return excel_safe(cell) if cell != "" else None


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


def public_xlsx(tables, header: list[str], rule: str, title: str) -> bytes:
    """One sheet per item: the title and the suppression rule above the table."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.label[:31])
        ws.append([f"{title} {table.label}"])
        ws.cell(row=1, column=1).font = Font(bold=True)
        ws.append([rule])
        ws.append(header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in public.rows([table]):
            ws.append([excel_safe(c) for c in row])
        ws.freeze_panes = "D4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
