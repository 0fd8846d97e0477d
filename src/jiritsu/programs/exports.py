"""Writing a table (a header and rows of cells) as Excel or a standalone HTML page (CSV: core.exports)."""
import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jiritsu.core.exports import excel_safe


def to_xlsx(title: str, header: list, rows: list[list], *, caption: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    if caption:
        ws.append([caption])
        ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append(header)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in rows:
        ws.append([excel_safe(c) for c in row])
    for i, col in enumerate(ws.iter_cols(min_row=header_row), start=1):
        width = max(len(str(c.value or "")) for c in col)
        ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width = min(max(10, width * 2 + 2), 40)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_html(title: str, header: list, rows: list[list]) -> str:
    """A standalone HTML page of the table (programs/standalone_table.html), the first cell of a row its heading."""
    return render_to_string("programs/standalone_table.html", {"title": title, "header": header, "rows": rows})
