"""The installed ``regex`` does not read outside the text in partial matching.

Releases before 2026.11.15 read memory before the start of the text when a partial match
needs a literal longer than the text (``regex.match("abcde", "x", partial=True)``). Inside
a Python string that read usually lands in the string's own header, so it went unnoticed,
but where the text followed unmapped memory the process died with a segmentation fault:
the pattern planner's partial matches of one- and two-character line prefixes did that
now and then (docs/robustness.md). The test puts the text right after an unreadable page,
so a stray read is a crash every time; it runs in a child process, which a crash ends.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import regex

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="needs mprotect through ctypes (Linux)"
)

# Bytes patterns: regex's literal search is the same code for bytes and for str, and a
# bytes-like object (a view of a mapping) is the only text whose neighbours a test chooses.
_GUARDED = textwrap.dedent(
    """
    import ctypes, mmap, sys
    import regex

    page = mmap.PAGESIZE
    memory = mmap.mmap(-1, 2 * page)
    start = ctypes.addressof((ctypes.c_char * (2 * page)).from_buffer(memory))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    if libc.mprotect(start, page, 0) != 0:  # the first page: no access
        sys.exit("mprotect failed")
    found = []
    for pattern, text in (
        (rb"abcde", b"x"),
        (rb"(?i)Image caption\\s*+,\\s*+.{1,200}", b'"'),
        (rb"(?i)Weitere Artikel zum Thema.*", b"We"),
    ):
        memory[page : page + len(text)] = text
        view = memoryview(memory)[page : page + len(text)]
        found.append(regex.compile(pattern).fullmatch(view, partial=True) is not None)
        found.append(regex.compile(pattern).match(view, partial=True) is not None)
        view.release()
    print(found)
    """
)


def test_partial_matches_of_short_texts_read_nothing_outside_the_text() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _GUARDED], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, (
        f"regex {regex.__version__} read outside the text in a partial match "
        f"(exit status {done.returncode}; newsclean needs regex >= 2026.11.15): {done.stderr}"
    )
    # The answers themselves: "x" cannot start "abcde"; '"' cannot start "Image caption";
    # "We" may start "Weitere …".
    assert done.stdout.split() == ["[False,", "False,", "False,", "False,", "True,", "True]"]
