"""Reading the world: files, folders, archives, feeds and URLs become raw documents.

``discover`` walks the inputs and yields, in a stable order, either a
``RawDocument`` or an ``InputError`` naming the input and what is wrong with it,
so one bad file never stops a batch.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.errors import InputError
from storyline.ingest.feed import read_feed_bytes
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.pages import read_html_file, read_text_file
from storyline.ingest.warc import read_warc
from storyline.model import RawDocument

__all__ = [
    "PUSH_SOURCE",
    "SUPPORTED_SUFFIXES",
    "UPLOAD_SOURCE",
    "InputError",
    "SkippedFiles",
    "discover",
    "file_folder",
    "input_files",
    "is_binary_document",
    "is_container",
    "is_url",
    "read_upload",
]

READERS = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl,
    ".json": read_jsonl,
    ".ndjson": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed_bytes,
    ".atom": read_feed_bytes,
    ".xml": read_feed_bytes,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for double in (".warc.gz", ".jsonl.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


SKIPPED_NAMED = 8  # files of a type not read named in a folder's note; the rest counted


@dataclass
class SkippedFiles:
    """Files of a folder that were not read, by why: not an error, but never silent."""

    folder: str
    unsupported: list[str] = field(default_factory=list)  # their paths within the folder
    hidden: int = 0
    broken_links: int = 0
    folder_links: int = 0  # links to folders, not entered (a loop, or another tree): give the folder itself

    @property
    def count(self) -> int:
        return len(self.unsupported) + self.hidden + self.broken_links + self.folder_links

    def __str__(self) -> str:
        if not self.count:  # nothing read and nothing skipped: a folder given empty, said rather than silent
            return f"{self.folder}: the folder holds no files"
        parts = []
        if self.unsupported:
            named = sorted(self.unsupported)
            more = f" and {len(named) - SKIPPED_NAMED} more" if len(named) > SKIPPED_NAMED else ""
            parts.append(f"{len(named)} of a type not read ({', '.join(named[:SKIPPED_NAMED])}{more})")
        if self.hidden:
            parts.append(f"{self.hidden} hidden")
        if self.broken_links:
            parts.append(f"{self.broken_links} broken link{'s' if self.broken_links != 1 else ''}")
        if self.folder_links:
            parts.append(f"{self.folder_links} link{'s' if self.folder_links != 1 else ''} to a folder, not entered "
                         "(give the folder itself to read it)")
        return f"{self.folder}: {self.count} file{'s' if self.count != 1 else ''} skipped: {', '.join(parts)}"


def discover(
    inputs: Iterable[str], outlet: str | None = None
) -> Iterator[RawDocument | InputError | SkippedFiles]:
    """Yield raw documents (or per-input errors) for files, folders and URLs, in order, and what each folder
    held that was not read."""
    for item in inputs:
        if is_url(item):
            from storyline.ingest.fetch import read_url

            yield from _with_outlet(read_url(item), outlet, None)
            continue
        path = Path(item)
        if path.is_dir():
            root = path.resolve()
            files, skipped = folder_contents(path)
            for file in files:
                target = file.resolve()
                if not target.is_relative_to(root):  # a scraped folder must not read the rest of the machine
                    yield InputError(str(file), f"is a link to {target}, outside the folder {path}: not followed "
                                     "(give that path itself to ingest it)")
                    continue
                yield from _read_file(file, outlet)
            if skipped.count or not files:
                yield skipped
        elif path.is_file():
            if suffix_of(path) in READERS:
                yield from _read_file(path, outlet)
            else:
                yield InputError(str(path), f"unsupported file type {suffix_of(path) or '(none)'!r}; "
                                 f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        else:
            yield InputError(str(path), "no such file, folder or URL")


def input_files(folder: Path) -> list[Path]:
    """The readable files under a folder, recursively, in a stable order (hidden files skipped)."""
    return folder_contents(folder)[0]


def folder_contents(folder: Path) -> tuple[list[Path], SkippedFiles]:
    """The readable files under a folder, recursively, in a stable order, and what is left out: files of other
    types, hidden ones, links to nothing; one walk of the folder.

    Links to folders are not entered; links to files are listed, and ``discover`` refuses those leading outside.
    """
    files, skipped = [], SkippedFiles(str(folder))
    for path in folder.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            skipped.hidden += path.is_file()
        elif path.is_symlink() and not path.exists():
            skipped.broken_links += 1
        elif path.is_symlink() and path.is_dir():
            skipped.folder_links += 1
        elif path.is_file():
            if suffix_of(path) in READERS:
                files.append(path)
            else:
                skipped.unsupported.append(str(path.relative_to(folder)))
    return sorted(files), skipped


def _read_file(path: Path, outlet: str | None, in_a_folder: bool = True) -> Iterator[RawDocument | InputError]:
    reader = READERS[suffix_of(path)]
    try:
        yield from _with_outlet(reader(path), outlet, folder_outlet(path) if in_a_folder else None)
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(str(path), f"cannot read: {error.strerror or error}")


_DATED_FOLDER = re.compile(r"^[\d_.-]+$")  # "2026", "03", "2026-03-02": an archive's dates, not an outlet


UPLOAD_SOURCE = "upload:"  # the source of an uploaded file: a label before its name, never a path here


_CONTAINERS = frozenset({".jsonl", ".json", ".ndjson", ".jsonl.gz", ".warc", ".warc.gz", ".rss", ".atom", ".xml"})
# documents no reader reads: refused by name, not stored as a page of their bytes
_BINARY_DOCUMENTS = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".zip",
                               ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".epub"})


def is_container(name: str) -> bool:
    """A file of articles by its name: a JSON lines export, a WARC archive, a feed."""
    return suffix_of(Path(name)) in _CONTAINERS


def is_binary_document(name: str) -> bool:
    return suffix_of(Path(name)) in _BINARY_DOCUMENTS


def read_upload(raw: bytes, name: str, outlet: str | None) -> list[RawDocument | InputError]:
    """An uploaded file read as `storyline ingest` reads a file of its name: a JSON lines export, a WARC archive
    or a feed by its reader, anything else refused; its sources are ``upload:<name>`` (and the line or item)."""
    filename = Path(name).name or "upload"
    suffix = suffix_of(Path(filename))
    if suffix not in READERS:
        return [InputError(f"{UPLOAD_SOURCE}{name}", f"unsupported file type {suffix or '(none)'!r}; expected one "
                           f"of {', '.join(SUPPORTED_SUFFIXES)}")]
    with tempfile.TemporaryDirectory(prefix="storyline-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(raw)
        found = list(_read_file(path, outlet, in_a_folder=False))  # a temporary folder names no outlet
    for item in found:
        item.source = item.source.replace(str(path), f"{UPLOAD_SOURCE}{name}", 1)
    return found
PUSH_SOURCE = "api:"  # ... of an article pushed as JSON


def file_folder(source: str) -> str | None:
    """The outlet folder of a source that is a file of its own; None for a URL, a record inside a file (``#``),
    an upload or a push, which no folder of this machine published."""
    if "#" in source or source.startswith((UPLOAD_SOURCE, PUSH_SOURCE)) or is_url(source):
        return None
    return folder_outlet(Path(source))


def folder_outlet(path: Path) -> str | None:
    """The name of the nearest folder above ``path`` that is not a date ("courier" for courier/2026/03/a.txt),
    also for "." and other relative paths."""
    for folder in Path(os.path.abspath(path)).parents:
        if folder.name and not _DATED_FOLDER.match(folder.name):
            return folder.name
    return None


def _with_outlet(
    docs: Iterable[RawDocument | InputError], outlet: str | None, folder: str | None
) -> Iterator[RawDocument | InputError]:
    """Record the outlet fallbacks: --outlet first, then the parent folder's name."""
    for doc in docs:
        if isinstance(doc, RawDocument):
            doc.meta.setdefault("fallback_outlet", outlet or folder)
            doc.meta.setdefault("outlet_is_folder", outlet is None and folder is not None)
        yield doc
