"""Shared fixtures for amock's test suite."""

import os
from pathlib import Path

import pytest

import amock

# Some tests run whole pytest sessions of their own (pytester).
pytest_plugins = ["pytester"]

if os.environ.get("AMOCK_TEST_INSTALLED"):
    # The nox sessions test the built wheel: importing this tree instead would
    # hide a file missing from the package.
    _tree = Path(__file__).resolve().parent.parent / "amock"
    if Path(amock.__file__).resolve().parent == _tree:
        raise pytest.UsageError(f"amock was imported from the source tree ({_tree}), not the wheel")


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every `@pytest.mark.anyio` test on asyncio and on trio."""
    backend: str = request.param
    return backend
