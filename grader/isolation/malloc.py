"""Keeping freed memory for reuse instead of handing it back to the system (glibc).

Grading allocates and frees the same arrays over and over, some above glibc's mmap
threshold (128 kB to begin with): each such array was a fresh ``mmap``, a page fault per
4 kB page touched and an ``munmap``.  That churn was 8% of a submission's CPU in the
grader and the worker together (``perf``, 2-core benchmark VM).  Raising the thresholds
keeps those arrays on the heap, where the next one reuses the pages.  The price is that
a process keeps its peak heap until it exits; grading processes are short-lived, and the
worker's memory limit (RLIMIT_AS) still applies to every allocation.
"""

from __future__ import annotations

import ctypes
import sys

MMAP_THRESHOLD = 256 * 1024**2  # allocations larger than this still get mmap of their own
TRIM_THRESHOLD = 512 * 1024**2  # free heap kept before any is returned
TOP_PAD = 64 * 1024**2  # heap grown by at least this much at a time

# The same settings for a process about to start (the sandboxed worker): glibc reads
# these variables once, at start-up.
ENVIRONMENT = {
    "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD),
    "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD),
    "MALLOC_TOP_PAD_": str(TOP_PAD),
}

# mallopt's parameter numbers (malloc.h).
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def keep_freed_memory() -> bool:
    """Apply the settings to this process; False where there is no glibc mallopt."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        return False
    return all(
        mallopt(option, value) == 1
        for option, value in (
            (_M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (_M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (_M_TOP_PAD, TOP_PAD),
        )
    )
