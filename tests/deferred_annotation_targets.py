"""Targets annotated with names imported only for type checkers (PEP 649).

Imported by the tests on Python 3.14+ only: before PEP 649 (and without
``from __future__ import annotations``, which this module must not have)
defining these functions evaluates the annotations and fails.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal


def price(amount: Decimal, *, currency: str = "EUR") -> Decimal:
    raise NotImplementedError


class Till:
    """A class whose every signature names ``Decimal``."""

    def __init__(self, opening: Decimal) -> None:
        pass

    def __call__(self, amount: Decimal) -> None:
        pass

    def charge(self, amount: Decimal) -> Decimal:
        raise NotImplementedError

    async def refund(self, amount: Decimal) -> Decimal:
        raise NotImplementedError

    @classmethod
    def opened(cls, opening: Decimal) -> "Till":
        return cls(opening)

    @staticmethod
    def rounded(amount: Decimal) -> Decimal:
        raise NotImplementedError
