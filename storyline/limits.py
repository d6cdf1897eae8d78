"""Size and time limits of every stage, so no input can make a run hang or run out of memory.

Sizes are checked before a stage starts (a document's bytes, the text handed
to the annotator). Time is a wall-clock limit per document and stage: when it
runs out, ``StageTimeout`` is raised inside the thread doing the work (an
asynchronous exception, so it works in Dask worker threads as well as in the
main thread). It interrupts Python code only, which is why the sizes that bound
the C parts (lxml, spaCy's tokenizer) are checked first.

Each limit can be changed through the environment:

- ``STORYLINE_MAX_DOCUMENT_MB``: one raw document (file, archive record, JSONL line, fetched page); default 16
- ``STORYLINE_MAX_TEXT_CHARS``: the article text annotated after cleaning; default 300,000
- ``STORYLINE_STAGE_SECONDS``: one document in one stage (cleaning, annotation); default 60
- ``STORYLINE_DB_BUSY_SECONDS``: waiting for another process's lock on an SQLite database; default 30
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be above zero")
    return value


def max_document_bytes() -> int:
    return int(_number("STORYLINE_MAX_DOCUMENT_MB", 16) * 1024 * 1024)


def max_text_chars() -> int:
    return int(_number("STORYLINE_MAX_TEXT_CHARS", 300_000))


def stage_seconds() -> float:
    return _number("STORYLINE_STAGE_SECONDS", 60)


def busy_seconds() -> float:
    """How long an SQLite write waits for another process's lock before it gives up."""
    return _number("STORYLINE_DB_BUSY_SECONDS", 30)


def check_settings() -> None:
    """Raise ValueError naming the variable when a limit in the environment is not a positive number."""
    max_document_bytes(), max_text_chars(), stage_seconds(), busy_seconds()


def describe_bytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def too_large(size: int) -> str | None:
    """The reason a document of ``size`` bytes is refused, or None."""
    limit = max_document_bytes()
    if size <= limit:
        return None
    return f"{describe_bytes(size)} is over the {describe_bytes(limit)} limit for one document (STORYLINE_MAX_DOCUMENT_MB)"


class StageTimeout(BaseException):
    """A stage ran past its time limit on one document.

    A BaseException, like KeyboardInterrupt: it lands wherever the stage is, and the ``except Exception`` of a
    parser it interrupts must not swallow it (the rest of the stage would then run with no limit).
    """


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


@contextmanager
def time_limit(seconds: float | None = None, what: str = "this stage") -> Iterator[None]:
    """Raise ``StageTimeout`` in the calling thread if the block runs longer than ``seconds``."""
    seconds = stage_seconds() if seconds is None else seconds
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _set_async_exc(thread_id, ctypes.py_object(StageTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    try:
        try:
            timer.start()
            yield
        finally:
            with lock:
                state["active"] = False
                timer.cancel()
                if state["fired"]:
                    # the exception may still be pending if the block ended just as the timer fired
                    _set_async_exc(thread_id, ctypes.py_object())
    except StageTimeout as error:
        if error.args:
            raise
        raise StageTimeout(f"{what} took longer than {seconds:g} s (STORYLINE_STAGE_SECONDS)") from None
