"""The text of a PDF written by reportlab, read without a PDF library (pypdf is not a dependency).

Content streams are ASCII85 and Flate encoded; text is shown with ``(...) Tj`` in WinAnsi
(cp1252) with octal escapes; ``T*`` and ``ET`` end a line.
"""

from __future__ import annotations

import base64
import contextlib
import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
TOKEN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj|T\*|ET|Td|TD")
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(raw: bytes) -> str:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)

    return ESCAPE.sub(one, raw).decode("cp1252")


def pdf_text(pdf: bytes) -> str:
    """Every line of text in ``pdf``, in order, one line of text per line."""
    assert pdf.startswith(b"%PDF-")
    lines: list[str] = []
    current = ""
    for match in STREAM.finditer(pdf):
        data = match.group(1).strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data, adobe=True)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        for token in TOKEN.finditer(data):
            if token.group(1) is not None:
                current += _unescape(token.group(1))
            elif current:
                lines.append(current)
                current = ""
    return "\n".join(lines)
