"""The PDF printer: page rules, and chart PNGs embedded with the same pixels."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from analysis.outputs.pdf import PageInfo, html_to_pdf, page_css, png_idat


def _png(mode: str = "RGB", size=(37, 23), **save) -> bytes:
    shape = (size[1], size[0], len(mode)) if len(mode) > 1 else (size[1], size[0])
    pixels = np.random.default_rng(7).integers(0, 256, shape, dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).convert(mode).save(buffer, format="PNG", **save)
    return buffer.getvalue()


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(png):
        length, kind = struct.unpack_from("!I4s", png, position)
        chunks.append((kind, png[position + 8:position + 8 + length]))
        position += 12 + length
    return chunks


def _page_with(png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<html><body><p>Grafik</p><img src="data:image/png;base64,{data}"></body></html>'


def _embedded(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_png_idat_is_the_compressed_rows_of_an_rgb_png():
    png = _png(compress_level=3)
    rows = png_idat(png)
    assert rows == b"".join(data for kind, data in _chunks(png) if kind == b"IDAT")
    width, height = Image.open(io.BytesIO(png)).size
    assert len(zlib.decompress(rows)) == height * (1 + 3 * width)  # a filter byte per row


@pytest.mark.parametrize("png", [
    pytest.param(_png("RGBA"), id="alpha"),
    pytest.param(_png("L"), id="grey"),
    pytest.param(_png("RGB", optimize=True).replace(b"PNG", b"GIF", 1), id="not a PNG"),
])
def test_png_idat_leaves_other_images_to_the_renderer(png):
    assert png_idat(png) is None


def _with_header(png: bytes, depth: int, interlace: int) -> bytes:
    """The PNG with other IHDR fields (and a matching CRC)."""
    width, height, _, colour, compression, filtering, _ = struct.unpack_from("!IIBBBBB", png, 16)
    header = b"IHDR" + struct.pack("!IIBBBBB", width, height, depth, colour, compression,
                                   filtering, interlace)
    return png[:12] + header + struct.pack("!I", zlib.crc32(header)) + png[33:]


def test_png_idat_refuses_a_damaged_interlaced_or_16_bit_png():
    png = _png()
    assert png_idat(_with_header(png, 8, 0)) == png_idat(png) is not None
    assert png_idat(_with_header(png, 8, 1)) is None
    assert png_idat(_with_header(png, 16, 0)) is None
    damaged = bytearray(png)
    damaged[png.index(b"IDAT") + 6] ^= 0xFF  # a byte of the pixel data: the CRC fails
    assert png_idat(bytes(damaged)) is None
    assert png_idat(png[:-12]) is None  # cut short before IEND


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_pdf_holds_the_pixels_of_its_pngs(mode):
    png = _png(mode)
    pdf = html_to_pdf(_page_with(png), PageInfo(header="BKBK · Tebo"))
    (image,) = _embedded(pdf)
    original = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.image.size == original.size
    assert ImageChops.difference(image.image.convert("RGB"), original).getbbox() is None


def test_an_rgb_chart_is_embedded_without_compressing_it_again():
    png = _png(compress_level=1)  # a level WeasyPrint would never choose itself
    pdf = html_to_pdf(_page_with(png), PageInfo(header="BKBK · Tebo"))
    (image,) = _embedded(pdf)
    stream = image.indirect_reference.get_object()
    assert stream["/Filter"] == "/FlateDecode"
    assert stream["/DecodeParms"]["/Predictor"] == 15
    assert stream._data == png_idat(png)


def test_page_rules_carry_the_header_page_numbers_and_marks():
    css = page_css(PageInfo(header='BKBK · "Tebo"', lang="en", synthetic=True, internal=True))
    assert 'content: "BKBK · \\"Tebo\\""' in css
    assert '"Page " counter(page) " of " counter(pages)' in css
    assert "SYNTHETIC DATA" in css and "not for publication" in css
