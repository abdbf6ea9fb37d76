"""CSV downloads of staff reports, safe to open in a spreadsheet.

Report cells hold shoppers' queries, which are public input: a cell that a
spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`, a tab or
a carriage return first) is written as text, prefixed with an apostrophe
(OWASP's advice against CSV injection).
"""
import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_download(filename: str, header: list, rows) -> HttpResponse:
    """`rows`: sequences of cells in the order of `header`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
