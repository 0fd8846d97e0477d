"""A4 PDF of a printed form through WeasyPrint, with a Japanese font installed on the machine.

WeasyPrint needs Pango from the operating system; where it or a Japanese font is missing, PDF output is
reported as unavailable and the HTML print page (the browser's own print) still works.
"""
import functools
import shutil
import subprocess

from django.contrib.staticfiles import finders

PRINT_CSS = "jiritsu/forms-print.css"


@functools.cache
def weasyprint_ready() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango or its libraries are not installed
        return False
    return True


@functools.cache
def japanese_font_installed() -> bool:
    """fontconfig knows a font covering Japanese (fonts-ipaexfont or fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def available() -> bool:
    return weasyprint_ready() and japanese_font_installed()


@functools.cache
def print_css() -> str:
    """The print stylesheet's text, inlined into the PDF's HTML so WeasyPrint never fetches a URL."""
    path = finders.find(PRINT_CSS)
    with open(path, encoding="utf-8") as f:
        return f.read()


def render_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    import weasyprint
    from weasyprint.urls import URLFetcher

    # Municipal networks have no internet and the forms need no outside resource: allow no protocol.
    no_fetch = URLFetcher(allowed_protocols=[])
    return weasyprint.HTML(string=html, url_fetcher=no_fetch).write_pdf(uncompressed_pdf=uncompressed)
