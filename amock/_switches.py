"""The process-wide flags a mock's call and await read first, on their hot paths.

Each is a plain module attribute, so a call pays one global read per flag;
the code that turns a feature on writes here, and the mock classes only read.

* ``hooks_in_use``: some per-call hook of the async toolkit (a hold, a wait, a
  delay, a checkpoint, a strict block) was used. Calls and awaits look for
  hooks only once it is set, and it stays set: the checks it enables are
  cheap and always correct, while skipping them needs proof that nothing is
  in use.
* ``checkpoint_all``: every await of every async mock passes one scheduling
  point (``amock.configure(checkpoint=True)``).
* ``strict_blocks``: how many strict blocks are open; while any is, calls of
  async mocks are registered so forgotten awaits can be reported.
"""

from __future__ import annotations

__all__ = ["checkpoint_all", "hooks_in_use", "strict_blocks", "use_hooks"]

hooks_in_use = False
checkpoint_all = False
strict_blocks = 0


def use_hooks() -> None:
    """Note that a hook is in use: from now on, calls and awaits look for hooks."""
    global hooks_in_use
    hooks_in_use = True
