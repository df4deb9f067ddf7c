"""Whether any per-call hook of the async toolkit may be in use: one flag for the hot paths.

A mock's call and await check this flag first and look for holds, waits,
delays, checkpoints or strict blocks only once it is set, so a process that
uses none of them pays one global read per call. The flag is set by the
first use of any of them and stays set (the checks it enables are cheap and
always correct; only skipping them needs proof that nothing is in use).
"""

from __future__ import annotations

__all__ = ["in_use", "use"]

in_use = False


def use() -> None:
    """Note that a hook is in use: from now on, calls and awaits look for hooks."""
    global in_use
    in_use = True
