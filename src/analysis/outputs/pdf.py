"""HTML report -> A4 PDF with WeasyPrint (no LaTeX, no browser).

The PDF is printed from the same HTML as the web page; this module adds the page rules:
A4 margins, a running header (programme, regency, quarter), page numbers in the footer
("Halaman 3 dari 12"), a "DATA SINTETIS" mark on every page when the data are synthetic and
an "INTERNAL" mark on every page of unsuppressed reports.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import cache

PAGE_WORDS = {
    "id": ("Halaman ", " dari "),
    "en": ("Page ", " of "),
}
SYNTHETIC_MARK = {"id": "DATA SINTETIS", "en": "DATA SINTETIS (SYNTHETIC DATA)"}
INTERNAL_MARK = {
    "id": "INTERNAL - tanpa sensor sel kecil, tidak untuk publikasi",
    "en": "INTERNAL - small cells not suppressed, not for publication",
}


@dataclass(frozen=True)
class PageInfo:
    """What every page of a report carries besides its content."""

    header: str
    lang: str = "id"
    synthetic: bool = False
    internal: bool = False


def _css_string(text: str) -> str:
    """A CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_css(info: PageInfo) -> str:
    """The @page rules for a report."""
    page, of = PAGE_WORDS.get(info.lang, PAGE_WORDS["id"])
    synthetic = SYNTHETIC_MARK.get(info.lang, SYNTHETIC_MARK["id"]) if info.synthetic else ""
    internal = INTERNAL_MARK.get(info.lang, INTERNAL_MARK["id"]) if info.internal else ""
    return f"""
@page {{
  size: A4;
  margin: 20mm 16mm 18mm 16mm;
  font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
  @top-left {{
    content: {_css_string(info.header)};
    font-size: 7.5pt; color: #5b6770; vertical-align: bottom; padding-bottom: 3mm;
  }}
  @top-right {{
    content: {_css_string(synthetic)};
    font-size: 8pt; font-weight: bold; color: #b42318; vertical-align: bottom;
    padding-bottom: 3mm;
  }}
  @bottom-left {{
    content: {_css_string(internal)};
    font-size: 7.5pt; font-weight: bold; color: #8a4b00; vertical-align: top; padding-top: 3mm;
  }}
  @bottom-right {{
    content: {_css_string(page)} counter(page) {_css_string(of)} counter(pages);
    font-size: 7.5pt; color: #5b6770; vertical-align: top; padding-top: 3mm;
  }}
}}
"""


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_RGB = 2  # IHDR colour type of truecolour without alpha


def png_idat(png: bytes) -> bytes | None:
    """The compressed pixel rows of an 8-bit, non-interlaced RGB PNG, as a PDF image stream
    with PNG predictors takes them; None for any other PNG.

    The chunks' CRCs are checked: a damaged file is left to the renderer's own decoding.
    """
    if not png.startswith(PNG_SIGNATURE):
        return None
    idat, position = [], len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        length, kind = struct.unpack_from("!I4s", png, position)
        data = png[position + 8:position + 8 + length]
        crc = png[position + 8 + length:position + 12 + length]
        if len(data) != length or crc != struct.pack("!I", zlib.crc32(kind + data)):
            return None
        if kind == b"IHDR":
            _, _, depth, colour, _, _, interlace = struct.unpack("!IIBBBBB", data)
            if (depth, colour, interlace) != (8, PNG_RGB, 0):
                return None
        elif kind == b"IDAT":
            idat.append(data)
        elif kind == b"IEND":
            return b"".join(idat) if idat else None
        position += 12 + length
    return None


@cache
def _keep_png_streams() -> None:
    """Let WeasyPrint embed an opaque chart PNG's own compressed rows in the PDF.

    WeasyPrint decodes every PNG and compresses it again at zlib's default level, a sixth of
    a report's PDF time; the charts are already 8-bit RGB PNGs, whose rows a PDF image
    stream takes as they are (FlateDecode with PNG predictors, as WeasyPrint declares).
    Any other image goes through WeasyPrint's own code.
    """
    from weasyprint.images import RasterImage

    reencode = getattr(RasterImage, "_get_png_data", None)
    if reencode is None:  # another WeasyPrint: its own code, a little slower
        return

    def png_data(pillow_image) -> bytes:
        source = getattr(pillow_image, "fp", None)
        if pillow_image.format == "PNG" and isinstance(source, io.BytesIO):
            rows = png_idat(source.getvalue())
            if rows is not None:
                return rows
        return reencode(pillow_image)

    RasterImage._get_png_data = staticmethod(png_data)


def html_to_pdf(html: str, info: PageInfo) -> bytes:
    """Print a report page to PDF bytes."""
    from weasyprint import CSS, HTML

    _keep_png_streams()
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=page_css(info))])
