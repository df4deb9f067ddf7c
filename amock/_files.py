"""``amock.mock_open``: a mock of ``open()`` whose files read the given data.

It behaves as :func:`unittest.mock.mock_open`, but every mock it makes is one
of amock's classes, so suites that check ``isinstance(handle, mock.MagicMock)``
through the module they import (amock, or amock aliased as ``unittest.mock``)
see their own classes.
"""

from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final

from amock._mocks import DEFAULT, MagicMock

__all__ = ["mock_open"]

_file_spec: list[str] = []
#: Leaving ``with open(...)`` closes the file from 3.13 on, as in the stdlib.
_CLOSES_ON_EXIT: Final = sys.version_info >= (3, 13)


def _handle_spec() -> list[str]:
    """What a file object offers: text and binary files' attributes together."""
    if not _file_spec:
        _file_spec.extend(sorted(set(dir(io.TextIOWrapper)) | set(dir(io.BytesIO))))
    return _file_spec


def _open_spec() -> Any:
    """What the stdlib of this Python specs its ``open`` mock on."""
    if sys.version_info < (3, 11):
        return open
    return sorted(set(dir(io.open)))


def mock_open(mock: Any = None, read_data: str | bytes = "") -> Any:
    """A mock of ``open()``: each call opens a file handle that reads ``read_data``.

    The handle supports ``read``, ``readline``, ``readlines``, iteration and
    ``with``; its reads share one position, which every call of the mock
    resets to the start. Setting a read method's ``return_value`` overrides
    what it reads (``readline``'s also what iteration and ``next()`` give).
    Writes are recorded, as on any mock. From Python 3.13, leaving ``with``
    calls the handle's ``close()``, as the stdlib's does.

    Args:
        mock: the mock to configure; by default a ``MagicMock`` specced like ``open``.
        read_data: the text (or bytes) every opened file contains.

    Returns:
        The configured mock; its ``return_value`` is the file handle.
    """
    opener: Callable[[Any], Any] = io.BytesIO if isinstance(read_data, bytes) else io.StringIO
    empty = read_data[:0]
    stream: list[Any] = [None]

    def rewind() -> None:
        stream[0] = opener(read_data)

    if mock is None:
        # 3.11's stdlib specs open() by the names it has (so the repr shows no
        # spec class); 3.10's by the function itself. amock follows each.
        mock = MagicMock(name="open", spec=_open_spec())
    handle = MagicMock(spec=_handle_spec())
    handle.__enter__.return_value = handle
    handle.write.return_value = None

    def reading(name: str) -> Callable[..., Any]:
        def side_effect(*args: Any, **kwargs: Any) -> Any:
            if getattr(handle, name)._mock_return_value is not DEFAULT:
                return DEFAULT  # configured by the test: its return_value wins
            return getattr(stream[0], name)(*args, **kwargs)

        return side_effect

    for name in ("read", "readline", "readlines"):
        getattr(handle, name).side_effect = reading(name)

    def configured_line() -> Any:
        """What ``readline`` was set to return, or ``DEFAULT``."""
        return handle.readline._mock_return_value

    def lines() -> Iterator[Any]:
        line = configured_line()
        if line is not DEFAULT:
            # As the stdlib: a set readline return value is every line, endlessly.
            return itertools.repeat(line)
        return iter(stream[0].readline, empty)

    def next_line() -> Any:
        line = configured_line()
        if line is not DEFAULT:
            return line
        line = stream[0].readline()
        if line == empty:
            raise StopIteration
        return line

    handle.__iter__.side_effect = lines
    handle.__next__.side_effect = next_line
    if _CLOSES_ON_EXIT:

        def closing(*exc_info: Any) -> None:
            # Any arity: ExitStack (3.11-3.14) passes the handle too (cpython gh-150484).
            handle.close()

        handle.__exit__.side_effect = closing

    def opened(*args: Any, **kwargs: Any) -> Any:
        rewind()
        return DEFAULT

    rewind()
    mock.side_effect = opened
    mock.return_value = handle
    return mock
