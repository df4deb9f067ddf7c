"""How amock shows a user's objects inside its messages."""

from __future__ import annotations

__all__ = ["short_repr"]


def short_repr(obj: object, limit: int = 60) -> str:
    """``repr(obj)`` cut to ``limit`` characters; a ``repr`` that raises gives the default one."""
    try:
        text = repr(obj)
    except Exception:
        text = object.__repr__(obj)
    return text if len(text) <= limit else text[: limit - 3] + "..."
