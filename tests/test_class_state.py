"""amock's mocks hold every piece of state the stdlib's own constructors set.

amock sets a new mock's state itself rather than running the ``unittest.mock``
``__init__`` chain (see ``amock._mocks._setup``), while the methods amock
inherits from the stdlib read that state. These tests ask the running
interpreter's ``unittest.mock`` what its construction of each class sets, and
check that amock's namesake has every one of those names, so a CPython release
that adds state to its mocks fails here, naming what is missing.
"""

from __future__ import annotations

import unittest.mock as std
from typing import Any

import pytest

import amock

pytestmark = pytest.mark.filterwarnings("error")

#: Names the stdlib's construction sets that amock deliberately does not set,
#: each with the reason. Keep it tiny: every entry is state some stdlib method
#: may one day read.
NOT_SET: dict[str, str] = {}

CLASSES = [
    "Mock",
    "MagicMock",
    "NonCallableMock",
    "NonCallableMagicMock",
    "AsyncMock",
    "PropertyMock",
    *(["ThreadingMock"] if hasattr(std, "ThreadingMock") else []),  # Python 3.13+
]


class Spec:
    """A spec class with sync and async methods, a magic method and a plain attribute."""

    limit = 10

    def get(self, key: str) -> str:
        return key

    async def fetch(self, key: str) -> str:
        return key

    def __len__(self) -> int:
        return 0


def spec_function(key: str, *, default: int = 0) -> int:
    """A spec function."""
    return default


CONSTRUCTIONS = {
    "no spec": {},
    "spec=a class": {"spec": Spec},
    "spec=a function": {"spec": spec_function},
    "spec_set=a class": {"spec_set": Spec},
    "wraps=a function": {"wraps": spec_function},
}


def reachable(mock: Any, name: str) -> bool:
    """Whether ``name`` is in the mock's ``__dict__`` or on its class (its MRO)."""
    return name in vars(mock) or any(name in vars(klass) for klass in type(mock).__mro__)


def both(name: str, kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """A fresh stdlib mock and a fresh amock mock of class ``name``, made alike."""
    return getattr(std, name)(**kwargs), getattr(amock, name)(**kwargs)


@pytest.mark.parametrize("kwargs", CONSTRUCTIONS.values(), ids=CONSTRUCTIONS.keys())
@pytest.mark.parametrize("name", CLASSES)
class TestFreshMockState:
    def test_every_instance_attribute_the_stdlib_sets_is_there(
        self, name: str, kwargs: dict[str, Any]
    ) -> None:
        stdlib, ours = both(name, kwargs)
        expected = set(vars(stdlib)) - set(NOT_SET)
        missing = sorted(key for key in expected if not reachable(ours, key))
        assert not missing, f"amock.{name}({kwargs}) lacks the stdlib's state {missing}"

    def test_every_class_attribute_the_stdlib_sets_is_there(
        self, name: str, kwargs: dict[str, Any]
    ) -> None:
        # The stdlib's own class of each mock holds its magic methods.
        stdlib, ours = both(name, kwargs)
        expected = set(vars(type(stdlib))) - set(NOT_SET)
        missing = sorted(
            key for key in expected if not any(key in vars(k) for k in type(ours).__mro__)
        )
        assert not missing, f"amock.{name}({kwargs})'s class lacks the stdlib's {missing}"
