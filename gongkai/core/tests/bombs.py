"""File bombs, generated small: each is a few MB at most on disk and claims or unpacks to far
more. Used by the tests and by `bench/file_bombs.py`."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _write_repeated(
    archive: zipfile.ZipFile, name: str, head: bytes, unit: bytes, size: int, tail: bytes
) -> None:
    chunk = unit * (1024 * 1024 // len(unit))
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        written = 0
        while written < size:
            part = chunk[: size - written]
            member.write(part)
            written += len(part)
        member.write(tail)


def docx_bomb(size: int = 1024 * 1024 * 1024) -> bytes:
    """A DOCX whose word/document.xml unpacks to `size` bytes of one repeated paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        _write_repeated(
            archive,
            "word/document.xml",
            b"<w:document " + W + b"><w:body>",
            b"<w:p><w:r><w:t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</w:t></w:r></w:p>",
            size,
            b"</w:body></w:document>",
        )
    return out.getvalue()


def _xlsx_with_sheet(sheet_head: bytes, unit_rows: bytes, rows_bytes: int, tail: bytes) -> bytes:
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                _write_repeated(archive, info.filename, sheet_head, unit_rows, rows_bytes, tail)
            else:
                archive.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def xlsx_rows_bomb(rows: int = 150_000) -> bytes:
    """An XLSX whose one sheet has `rows` numbered rows (a few MB unpacked, an ordinary
    compression ratio): over the row cap, within the ZIP caps."""
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD + b"<sheetData>")
            for n in range(1, rows + 1):
                sheet.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919))
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def xlsx_wide_bomb(rows: int = 1000) -> bytes:
    """An XLSX claiming A1:XFD1048576, each row with one cell in the last column (16,384)."""
    unit = b'<row><c r="XFD1"><v>1</v></c></row>'
    return _xlsx_with_sheet(
        SHEET_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData>',
        unit,
        rows * len(unit),
        b"</sheetData></worksheet>",
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_pages_bomb(pages: int = 100_000, fanout: int = 1000, declared: int | None = None) -> bytes:
    """A PDF with `pages` pages in a two-level page tree, every leaf the same page object;
    the root declares `declared` pages (by default the truth)."""
    nodes = pages // fanout
    leaf = 3 + nodes
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(nodes))
    node = (
        b"<< /Type /Pages /Parent 2 0 R /Kids ["
        + b" ".join([b"%d 0 R" % leaf] * fanout)
        + b"] /Count %d >>" % fanout
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % (declared or pages),
            *[node] * nodes,
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def pdf_flate_bomb(size: int = 1024 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(compressor.flush())
    stream = b"".join(parts)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims width × height pixels (the data is a few bytes)."""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int = 65_000, height: int = 65_000) -> bytes:
    """A JPEG whose start-of-frame header claims width × height pixels."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def zip_members_bomb(members: int = 100_000) -> bytes:
    """A DOCX-looking ZIP with `members` empty members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document " + W + b"/>")
        for n in range(members):
            archive.writestr(f"m/{n}", b"")
    return out.getvalue()


def text_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("ascii") + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def xlsx_strings_bomb(strings: int = 1_800_000) -> bytes:
    """An XLSX whose shared-strings part holds `strings` distinct strings (about 45 MB, under
    the ZIP caps): more than openpyxl can read within 120 MB of address space."""
    from openpyxl import Workbook

    template = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "x"
    book.save(template)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for n in range(0, strings, 1000):
                part.write(b"".join(b"<si><t>s%08d</t></si>" % i for i in range(n, n + 1000)))
            part.write(b"</sst>")
    return out.getvalue()
