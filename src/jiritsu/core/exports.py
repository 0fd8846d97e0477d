"""Tables leaving the system as files. One home for the CSV-injection rule and for download responses,
so every export (case search, access log, reports) quotes and encodes the same way."""
import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

# Excel runs a text cell starting with one of these as a formula (CSV injection): such cells get a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_safe(cell):
    """The cell as Excel should read it: numbers stay numbers, formula-like text is quoted."""
    if cell is not None and not isinstance(cell, int | float | str):
        cell = str(cell)  # dates already formatted by the caller, lazy translations and the like
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_text(header, rows) -> str:
    """CSV as text (commands print it; no byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([excel_safe(c) for c in row] for row in rows)
    return out.getvalue()


class _Echo:
    """csv.writer target that hands each line back, so a download can stream."""

    def write(self, value):
        return value


def csv_download(filename: str, header, rows, *, stream: bool = False):
    """A CSV attachment, UTF-8 with a byte-order mark so that Excel reads the Japanese. `stream` for
    exports of unbounded length (rows is then consumed lazily)."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([excel_safe(c) for c in row]) for row in rows)
    first = "\ufeff" + writer.writerow(header)
    if stream:
        response = StreamingHttpResponse(_chain(first, lines), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(first + "".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chain(first, lines):
    yield first
    yield from lines


def xlsx_download(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
