"""What a file added to a vector store says: its text, read the way its type needs.

Text, Markdown, JSON, HTML and code files are read as UTF-8; a PDF's text is
taken from its content streams (uncompressed or Flate-compressed, the two
encodings text streams use in practice) with the standard library's ``zlib``,
so the mock needs no PDF package. ``.docx`` and ``.pptx`` are zip archives of
XML, read with ``zipfile``. A file the service would not take, or cannot read,
raises :class:`Unreadable` with the ``last_error`` the file then shows.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Final, Literal

__all__ = ["SUPPORTED_EXTENSIONS", "Unreadable", "read_text"]

#: The extensions file search reads (the others are refused as ``unsupported_file``).
SUPPORTED_EXTENSIONS: Final = frozenset(
    {
        "c", "cpp", "cs", "css", "doc", "docx", "go", "html", "java", "js", "json", "md",
        "pdf", "php", "pptx", "py", "rb", "sh", "tex", "ts", "txt",
    }
)  # fmt: skip
_MARKUP: Final = re.compile(r"<[^>]+>")
_STREAM: Final = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)
_TEXT_OBJECT: Final = re.compile(rb"BT(.*?)ET", re.S)
_SHOWN: Final = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|T\*|'|\"|Td|TD|Tj|TJ|\]")
_ESCAPES: Final = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_XML_TEXT: Final = re.compile(rb"<(?:w|a):t(?: [^>]*)?>([^<]*)</(?:w|a):t>")

ErrorCode = Literal["unsupported_file", "invalid_file"]


class Unreadable(Exception):
    """A file the store cannot index; ``code``/``message`` are its ``last_error``."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes (``raw`` without its parentheses), escapes resolved."""
    out = bytearray()
    i = 0
    while i < len(raw):
        byte = raw[i : i + 1]
        if byte != b"\\":
            out += byte
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
            continue
        out += _ESCAPES.get(nxt, nxt)
        i += 2
    return bytes(out)


def _shown_text(text_object: bytes) -> str:
    """The text a ``BT ... ET`` object shows, a line break where it moves to a new line."""
    pieces: list[str] = []
    for token in _SHOWN.findall(text_object):
        if token.startswith(b"("):
            pieces.append(_literal(token[1:-1]).decode("latin-1"))
        elif token.startswith(b"<"):
            digits = re.sub(rb"\s", b"", token[1:-1])
            pieces.append(
                bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()).decode("latin-1")
            )
        elif token in (b"T*", b"'", b'"', b"Td", b"TD"):
            pieces.append("\n")
    return "".join(pieces)


def _pdf_text(data: bytes) -> str:
    texts: list[str] = []
    for header, body in _STREAM.findall(data):
        if b"/FlateDecode" in header:
            try:
                body = zlib.decompress(body)
            except zlib.error:
                continue
        elif b"/Filter" in header:
            continue  # an image or a font: no text to read
        texts.extend(_shown_text(obj) for obj in _TEXT_OBJECT.findall(body))
    return "\n".join(t.strip() for t in texts if t.strip())


def _office_text(data: bytes, prefix: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable("invalid_file", "The file could not be parsed.") from exc
    names = sorted(n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml"))
    parts = [b" ".join(_XML_TEXT.findall(archive.read(name))) for name in names]
    return "\n".join(p.decode("utf-8", "replace") for p in parts if p)


def read_text(filename: str, data: bytes) -> str:
    """The text of ``filename`` holding ``data``; :class:`Unreadable` when it has none."""
    extension = _extension(filename)
    if extension not in SUPPORTED_EXTENSIONS:
        raise Unreadable(
            "unsupported_file", f"The file type .{extension or filename} is not supported."
        )
    if extension == "pdf":
        if not data.startswith(b"%PDF-"):
            raise Unreadable("invalid_file", "The file could not be parsed as a PDF.")
        text = _pdf_text(data)
    elif extension == "docx":
        text = _office_text(data, "word/document")
    elif extension == "pptx":
        text = _office_text(data, "ppt/slides/slide")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise Unreadable("invalid_file", "The file is not valid UTF-8 text.") from exc
        if "\x00" in text:
            raise Unreadable("invalid_file", "The file is not valid UTF-8 text.")
        if extension == "html":
            text = _MARKUP.sub(" ", text)
    if not text.strip():
        raise Unreadable("invalid_file", "The file contains no text to index.")
    return text
