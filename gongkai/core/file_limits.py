"""Limits on the files people give Gongkai, and the openers that keep to them. Pure: no Django.

Every file a person uploads — catalogue attachments, identity proofs, ledger and catalogue
files, images — is opened through here, so that no file can take the memory or the time of
the server. Two stages:

- Cheap checks, run in the request so that the uploader gets an answer at once: the size,
  the type judged by content (never by the name), a ZIP container's central directory
  (member count, each member's and the total unpacked size, the compression ratio) and an
  image's header (pixel count), all without unpacking or decoding anything.
- Text extraction (PDF, DOCX, XLSX), run by the task worker in a child process
  (`extract_text_limited`) under a memory limit (RLIMIT_AS) and a wall-clock limit, with caps
  on pages, rows, columns, decompressed PDF streams and the length of the text; a parser that
  goes wrong is killed, not the worker.

Python's zipfile never returns more of a member than the central directory declares (and then
fails its CRC check), so once the directory has passed `check_zip`, openpyxl and the XML
readers here cannot unpack more than its caps.

Each limit is a named constant; a file over a limit raises `FileLimitError` whose message, in
Chinese, names the limit.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess  # noqa: S404 - the extraction child is our own module, no shell
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, cast
from xml.etree.ElementTree import XMLPullParser  # noqa: S405 - DOCTYPEs refused first

MB = 1024 * 1024

# Sizes of what is uploaded.
ATTACHMENT_MAX_BYTES = 20 * MB
ID_PROOF_MAX_BYTES = 5 * MB
# ZIP containers (DOCX, XLSX), from the central directory, before anything is unpacked.
ZIP_MAX_UNCOMPRESSED = 100 * MB  # all members together
ZIP_MAX_MEMBER = 50 * MB  # any one member
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_RATIO = 200  # unpacked / packed, for members over ZIP_RATIO_FROM
ZIP_RATIO_FROM = 1 * MB  # a small member may compress any amount
# Spreadsheets (attachments; the ledger and catalogue files bring their own row caps).
XLSX_MAX_ROWS = 100_000  # all sheets together
XLSX_MAX_COLUMNS = 1_000
# PDF.
PDF_MAX_PAGES = 500
PDF_MAX_STREAM = 20 * MB  # any one stream, decompressed
PDF_MAX_ARRAY = 10_000  # elements of any one array or dictionary (a page tree's kids…)
# Images, from the header, before any decoding.
IMAGE_MAX_PIXELS = 50_000_000
# Extraction.
TEXT_MAX_CHARS = 1_000_000  # the privacy scan must see all of it, so more is refused
EXTRACT_SECONDS = 60
EXTRACT_MEMORY = 1024 * MB  # the child's address space

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png"}
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", JPEG: "JPG", PNG: "PNG"}
EXTRACTED = frozenset({PDF, DOCX, XLSX})  # the kinds whose text is extracted

DAMAGED = "无法读取文件内容：文件已损坏或格式不正确"


class FileLimitError(ValueError):
    """A file refused: over a limit, or not what it claims. The message is for people."""


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _limit_mb(size: int) -> str:
    return f"{size // MB} MB"


# --- cheap checks (in the request) ------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The type of a file by its content; a ZIP is looked into only once its directory has
    passed `check_zip`."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(check_zip(data))
        except FileLimitError:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def check_upload(data: bytes, *, kinds: frozenset[str], max_bytes: int) -> str:
    """The cheap checks in one: size, type by content among `kinds`, the ZIP directory, the
    image header. Returns the type."""
    if len(data) > max_bytes:
        raise FileLimitError(f"文件过大（{megabytes(len(data))}），上限为 {_limit_mb(max_bytes)}")
    if not data:
        raise FileLimitError("文件为空")
    if data.startswith(b"PK\x03\x04"):
        check_zip(data)  # the limit's own message rather than "type not supported"
    kind = sniff(data)
    if kind is None or kind not in kinds:
        accepted = "、".join(sorted(LABELS[k] for k in kinds))
        raise FileLimitError(f"文件类型不受支持：只接受 {accepted}（按文件内容判断）")
    if kind in (PNG, JPEG):
        check_image(data)
    return kind


def stored_name(kind: str) -> str:
    """A generated file name with the extension of what the file really is."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def _zip_entry_count(data: bytes) -> int | None:
    """The number of members the end-of-central-directory record declares (ZIP64 too),
    read without building the member list; None when there is no such record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    if count != 0xFFFF:
        return int(count)
    locator = end - 20
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    (offset,) = struct.unpack_from("<Q", data, locator + 8)
    if offset + 56 > len(data) or data[offset : offset + 4] != b"PK\x06\x06":
        return None
    (count64,) = struct.unpack_from("<Q", data, offset + 32)
    return int(count64)


def check_zip(
    data: bytes,
    *,
    max_total: int = ZIP_MAX_UNCOMPRESSED,
    max_member: int = ZIP_MAX_MEMBER,
    max_members: int = ZIP_MAX_MEMBERS,
    max_ratio: int = ZIP_MAX_RATIO,
) -> list[str]:
    """The member names of a ZIP container whose central directory keeps to the limits."""
    count = _zip_entry_count(data)
    if count is not None and count > max_members:
        raise FileLimitError(f"压缩包内有 {count:,} 个文件，超过上限 {max_members:,} 个")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileLimitError(DAMAGED) from None
    if len(infos) > max_members:
        raise FileLimitError(f"压缩包内有 {len(infos):,} 个文件，超过上限 {max_members:,} 个")
    total = 0
    for info in infos:
        name = info.filename[:60]
        if info.file_size > max_member:
            raise FileLimitError(
                f"文件中的“{name}”解压后为 {megabytes(info.file_size)}，"
                f"超过单个部件上限 {_limit_mb(max_member)}"
            )
        if info.file_size > ZIP_RATIO_FROM and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileLimitError(
                f"文件中的“{name}”压缩比为 {ratio:,}:1，超过上限 {max_ratio}:1（疑似压缩炸弹）"
            )
        total += info.file_size
        if total > max_total:
            raise FileLimitError(f"文件解压后超过上限 {_limit_mb(max_total)}（疑似压缩炸弹）")
    return [info.filename for info in infos]


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR or a JPEG's SOF header, without decoding."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) < 33 or data[12:16] != b"IHDR" or data[8:12] != b"\x00\x00\x00\x0d":
            raise FileLimitError("PNG 图片的文件头不完整或已损坏")
        width, height, depth, colour = struct.unpack_from(">IIBB", data, 16)
        if depth not in (1, 2, 4, 8, 16) or colour not in (0, 2, 3, 4, 6):
            raise FileLimitError("PNG 图片的文件头不完整或已损坏")
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    raise FileLimitError("不是 PNG 或 JPG 图片")


# Start-of-frame markers: baseline, progressive, lossless, arithmetic... not DHT, JPG, DAC.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    damaged = FileLimitError("JPG 图片的文件头不完整或已损坏")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise damaged
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if length < 2:
            raise damaged
        if marker in _SOF:
            if at + 9 > len(data):
                raise damaged
            height, width = struct.unpack_from(">HH", data, at + 5)
            return int(width), int(height)
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame
            raise damaged
        at += 2 + length
    raise damaged


def check_image(data: bytes, *, max_pixels: int = IMAGE_MAX_PIXELS) -> tuple[int, int]:
    width, height = image_size(data)
    if width <= 0 or height <= 0:
        raise FileLimitError("图片的宽度或高度为零，文件头已损坏")
    if width * height > max_pixels:
        raise FileLimitError(
            f"图片为 {width}×{height} 像素，超过上限 {max_pixels // 10_000:,} 万像素"
        )
    return width, height


# --- text extraction (in the worker's child process) ------------------------------------------


class _Text:
    """Text collected up to `TEXT_MAX_CHARS`; more is refused, since the privacy scan must
    read all of it."""

    def __init__(self, limit: int = TEXT_MAX_CHARS) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.limit = limit

    def add(self, text: str) -> None:
        self.length += len(text)
        if self.length > self.limit:
            raise FileLimitError(
                f"文件中的文字超过上限 {self.limit // 10_000:,} 万字，"
                "无法完整检查个人信息，请拆分后上传"
            )
        self.parts.append(text)

    def value(self) -> str:
        return "".join(self.parts)


def _refuse_doctype(archive: zipfile.ZipFile, name: str) -> None:
    """OOXML parts never declare a DOCTYPE; one that does may hide an entity bomb."""
    with archive.open(name) as part:
        head = part.read(4096)
    if b"<!DOCTYPE" in head.upper():
        raise FileLimitError(f"文件中的“{name[:60]}”含有不允许的文档类型声明（DOCTYPE）")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def _docx_part_text(archive: zipfile.ZipFile, name: str, text: _Text) -> None:
    """A WordprocessingML part's text, streamed: paragraphs end in a line break; elements are
    dropped once read, so memory stays small whatever the part's size."""
    _refuse_doctype(archive, name)
    parser: XMLPullParser[Any] = XMLPullParser(events=("start", "end"))
    stack: list[Any] = []
    with archive.open(name) as part:
        while chunk := part.read(256 * 1024):
            parser.feed(chunk)
            for pair in parser.read_events():
                event, element = cast(tuple[str, Any], pair)
                if event == "start":
                    stack.append(element)
                    continue
                stack.pop()
                tag = element.tag
                if tag == f"{_W}t" and element.text:
                    text.add(element.text)
                elif tag == f"{_W}tab":
                    text.add("\t")
                elif tag in (f"{_W}br", f"{_W}cr", f"{_W}p"):
                    text.add("\n")
                element.clear()
                if stack:
                    stack[-1].remove(element)
        parser.close()


def docx_text(data: bytes) -> str:
    check_zip(data)
    text = _Text()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = [n for n in _DOCX_PARTS if n in names] + sorted(
            n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml")
        )
        for name in parts:
            _docx_part_text(archive, name, text)
    return text.value()


def xlsx_text(
    data: bytes, *, max_rows: int = XLSX_MAX_ROWS, max_columns: int = XLSX_MAX_COLUMNS
) -> str:
    check_zip(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rows = 0
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                _refuse_doctype(archive, name)
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                # Count the rows in the XML first (a byte search, fast): a sheet of a
                # million rows is refused before openpyxl builds a single one.
                rows += _count_rows(archive, name)
                if rows > max_rows:
                    raise FileLimitError(_too_many_rows(max_rows))
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    text = _Text()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = 0
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # a stored dimension of A1:XFD1048576 is not trusted
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if rows > max_rows:
                    raise FileLimitError(_too_many_rows(max_rows))
                if len(row) > max_columns:
                    raise FileLimitError(f"表格超过上限 {max_columns:,} 列")
                text.add("\t".join("" if v is None else str(v) for v in row))
                text.add("\n")
    finally:
        book.close()
    return text.value()


def _too_many_rows(max_rows: int) -> str:
    return f"表格超过上限 {max_rows:,} 行，请拆分后上传"


def _count_rows(archive: zipfile.ZipFile, name: str) -> int:
    """How many <row> elements a worksheet part holds, by a byte search over its stream."""
    tags = (b"<row ", b"<row>", b"<row/")
    count = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(1024 * 1024):
            window = tail + chunk
            count += sum(window.count(tag) for tag in tags)
            tail = window[-4:]  # too short to hold a whole tag: nothing is counted twice
    return count


def pdf_text(data: bytes, *, max_pages: int = PDF_MAX_PAGES) -> str:
    import pypdf
    from pypdf.errors import LimitReachedError

    limits = {
        "zlib_maximum_output_length": PDF_MAX_STREAM,
        "maximum_declared_stream_length": PDF_MAX_STREAM,
        "array_based_stream_maximum_output_length": PDF_MAX_STREAM,
        "lzw_maximum_output_length": PDF_MAX_STREAM,
        "run_length_maximum_output_length": PDF_MAX_STREAM,
        "jbig2_maximum_output_length": PDF_MAX_STREAM,
        "array_maximum_element_count": PDF_MAX_ARRAY,
        "dictionary_maximum_element_count": PDF_MAX_ARRAY,
    }
    text = _Text()
    try:
        with pypdf.apply_configuration(None, **limits):
            reader = pypdf.PdfReader(io.BytesIO(data))
            # The declared count first: cheap, and enough to refuse a page-tree bomb before
            # the tree is walked; then the walked count, in case the declaration lies.
            declared = int(reader.root_object["/Pages"]["/Count"])  # type: ignore[index]
            if declared > max_pages:
                raise FileLimitError(_too_many_pages(declared, max_pages))
            pages = reader.pages
            if len(pages) > max_pages:
                raise FileLimitError(_too_many_pages(len(pages), max_pages))
            for page in pages:
                # extract_text() swallows a decompression limit and returns "": decode the
                # content first so that a bomb is refused, not read as an empty page.
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                text.add(page.extract_text() or "")
                text.add("\n")
    except LimitReachedError as error:
        if "decompress" in str(error).lower():
            raise FileLimitError(
                f"PDF 中的数据流解压后超过上限 {_limit_mb(PDF_MAX_STREAM)}（疑似压缩炸弹）"
            ) from None
        raise FileLimitError(f"PDF 中的数组或字典超过上限 {PDF_MAX_ARRAY:,} 个元素") from None
    return text.value()


def _too_many_pages(pages: int, max_pages: int) -> str:
    return f"PDF 共 {pages:,} 页，超过上限 {max_pages} 页，请拆分后上传"


def extract_text(data: bytes, kind: str) -> str:
    """The file's text, within the caps on pages, rows, streams and length; '' for images.
    In-process and without a time or memory limit: the worker calls it in a child process
    through `extract_text_limited`."""
    try:
        if kind == PDF:
            return pdf_text(data)
        if kind == DOCX:
            return docx_text(data)
        if kind == XLSX:
            return xlsx_text(data)
    except (FileLimitError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - a damaged file is the uploader's problem
        raise FileLimitError(DAMAGED) from None
    return ""


def extract_text_limited(
    data: bytes,
    kind: str,
    *,
    seconds: float = EXTRACT_SECONDS,
    memory: int = EXTRACT_MEMORY,
    stats: dict[str, int] | None = None,
) -> str:
    """`extract_text` in a child process (`python -m gongkai.core.extract_worker`) limited to
    `memory` bytes of address space and killed after `seconds`. `stats`, when given, receives
    the child's peak resident memory (`peak_rss_kb`), for the benchmark."""
    if kind not in EXTRACTED:
        return ""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [sys.executable, "-m", "gongkai.core.extract_worker", kind, str(memory)],
            input=data,
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FileLimitError(f"文字提取超过时间上限 {seconds:g} 秒") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        # Killed (by the kernel, or by the C library failing an allocation) before answering.
        raise FileLimitError(f"{_over_memory(memory)}，或文件已损坏") from None
    if stats is not None:
        stats["peak_rss_kb"] = int(answer.get("peak_rss_kb", 0))
    if "error" in answer:
        raise FileLimitError(str(answer["error"]))
    return str(answer["text"])


def worker_main(argv: list[str], stdin: BinaryIO, stdout: BinaryIO) -> int:
    """The child's side: limit itself, read the file from stdin, answer one JSON object.

    The parser is imported before the limit is set and a reserve is held back, so that
    running out of memory while parsing still leaves enough to answer with the reason."""
    import resource

    kind, memory = argv[0], int(argv[1])
    if kind == PDF:
        import pypdf  # noqa: F401
    elif kind == XLSX:
        import openpyxl  # noqa: F401
    reserve: bytearray | None = bytearray(4 * MB)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = EXTRACT_SECONDS * 2  # a backstop to the parent's wall-clock limit
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    answer: dict[str, str]
    try:
        answer = {"text": extract_text(stdin.read(), kind)}
    except FileLimitError as error:
        answer = {"error": str(error)}
    except MemoryError:
        reserve = None
        answer = {"error": _over_memory(memory)}
    del reserve
    answer["peak_rss_kb"] = str(peak_rss_kb())
    stdout.write(json.dumps(answer, ensure_ascii=False).encode())
    stdout.flush()
    return 0


def peak_rss_kb() -> int:
    """This process's peak resident memory (VmHWM, Linux; 0 elsewhere). Unlike ru_maxrss it
    does not carry over the parent's size at fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _over_memory(memory: int) -> str:
    return f"文字提取超过内存上限 {_limit_mb(memory)}"
