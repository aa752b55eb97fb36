"""Real small files for SMS attachments and faxes, built in code (no dependency): a PDF of N
pages with a fax cover text, and PNG images. Both are valid files that viewers open."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache


def _pdf_text(s: str) -> str:
    s = s.encode("latin-1", "replace").decode("latin-1")
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def fax_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A minimal valid PDF 1.4: ``pages`` US-letter pages, each with ``lines`` of Helvetica text
    and a "Page i of n" footer. Offsets in the xref table are exact."""
    pages = max(1, int(pages))
    objs: list[bytes] = []
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        text = ["BT", "/F1 14 Tf", "72 720 Td", "18 TL"]
        for line in lines:
            text.append(f"({_pdf_text(line)}) Tj T*")
        text += ["ET", "BT", "/F1 9 Tf", "72 40 Td", f"(Page {i + 1} of {pages}) Tj", "ET"]
        stream = "\n".join(text).encode("latin-1")
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_pages(data: bytes) -> int:
    """The page count of a PDF (its /Type /Page objects), 1 if it cannot tell."""
    n = data.count(b"/Type /Page ") + data.count(b"/Type /Page>") + data.count(b"/Type/Page ")
    n += data.count(b"/Type/Page/") + data.count(b"/Type /Page/")
    return max(1, n)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(seed: int, size: int = 24) -> bytes:
    """A ``size`` x ``size`` RGB PNG: a diagonal two-colour pattern, one of 256 chosen by ``seed``."""
    return _png(seed % 256, size)


@lru_cache(maxsize=512)
def _png(seed: int, size: int) -> bytes:
    r1, g1, b1 = (seed * 97) % 256, (seed * 57) % 256, (seed * 31) % 256
    a, b = bytes((r1, g1, b1)), bytes((255 - r1, 255 - g1, 255 - b1))
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        rows += b"".join(a if ((x + y) // 4) % 2 == 0 else b for x in range(size))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(
        b"IEND", b"")


# What an attachment's bytes are, from their first bytes.
def sniff(data: bytes) -> tuple[str, str] | None:
    """(documented attachment type, content type) of known image/PDF bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPG", "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF", "image/gif"
    if data.startswith(b"%PDF-"):
        return "OTHER", "application/pdf"
    return None
