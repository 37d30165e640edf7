"""A visitor's upload gives its memory back to the system when their session ends, not only to Python.

Streamlit frees a session's uploaded files and state once the session is dropped (its tab closed,
then `server.disconnectedSessionTTL`), but glibc keeps the freed pages: 20 sessions of 5 MB uploads
left the server at 3.5 times the RSS of as many sessions without (bench/results/upload_sessions.md). A
marker in the session's state asks glibc to return what is free (`malloc_trim`) when it is collected
with the rest of the session, and large blocks are mapped on their own so that freeing them returns
them. Elsewhere than glibc nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import weakref
from typing import Any

_TRIM_DELAY_S = 2.0  # sessions often end in a burst (a screening's tabs): one trim for them all


def _glibc(function: str) -> Any | None:
    """One of glibc's functions, or None elsewhere (musl, macOS): nothing to give back this way."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), function) if name else None
    except (OSError, AttributeError):
        return None


_TRIM = _glibc("malloc_trim")
if _TRIM is not None:
    _TRIM.argtypes = [ctypes.c_size_t]
    _TRIM.restype = ctypes.c_int
_MALLOPT = _glibc("mallopt")
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
# Blocks over 128 KiB (an upload's bytes, a parsed file's buffers) mapped on their own, so freeing them gives
# them back: glibc's threshold otherwise rises to the largest block freed (up to 32 MiB), and every later
# upload lands in the heap, where freed memory stays (as MALLOC_MMAP_THRESHOLD_ does, set at run time).
if _MALLOPT is not None:
    _MALLOPT(_M_MMAP_THRESHOLD, 128 * 1024)

_pending = threading.Lock()
_timer: threading.Timer | None = None


def give_back() -> bool:
    """Return the process's free memory to the system now; whether there is a way to."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True


def _give_back_soon() -> None:
    global _timer
    with _pending:
        if _timer is not None and _timer.is_alive():
            return
        _timer = threading.Timer(_TRIM_DELAY_S, give_back)
        _timer.daemon = True
        _timer.start()


class SessionMemory:
    """Kept in a session's state: when the session is gone, its memory is given back (`give_back`)."""

    __slots__ = ("__weakref__",)

    def __init__(self) -> None:
        weakref.finalize(self, _give_back_soon)
