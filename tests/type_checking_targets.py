"""Source of a module whose annotations name what it imports only for type checkers.

The ``type_checking_module`` fixture (conftest) writes it to a temporary
directory and imports it, in each style of :data:`TYPE_CHECKING_STYLES`.
"""

import sys

import pytest

#: A module whose annotations name what it imports only for type checkers.
#: The guarded import names a module that does not exist, so anything that
#: obtains the names by running the block fails loudly.
TYPE_CHECKING_MODULE = '''\
{future}
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amock_never_imported import Price, Self


def compute(price: Price) -> Price:
    return price


async def fetch(price: Price) -> Price:
    return price


class Shop:
    async def price(self, item: str) -> Price:
        raise NotImplementedError

    def label(self, price: Price) -> str:
        return "label"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


def checkout(mock_compute: Price, price: Price) -> tuple[Price, Price]:
    return compute(price), mock_compute


@functools.wraps(fetch)
def wrapped_fetch(*args, **kwargs):
    return fetch(*args, **kwargs)


class Response:
    """Named as a class of test_shapes is: annotations must resolve here."""


async def respond() -> "Response":
    return Response()
'''

#: Two ways to write such a module: plain, which imports from 3.14 on
#: (PEP 649 evaluates annotations lazily) and fails at import before; and with
#: ``from __future__ import annotations``, which imports on every version.
TYPE_CHECKING_STYLES = [
    pytest.param(
        "",
        id="PEP 649",
        marks=pytest.mark.skipif(
            sys.version_info < (3, 14),
            reason="annotations are evaluated at definition before 3.14: the module cannot import",
        ),
    ),
    pytest.param("from __future__ import annotations", id="future annotations"),
]
