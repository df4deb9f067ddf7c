"""Shared fixtures for amock's test suite."""

import pytest

# Some tests run whole pytest sessions of their own (pytester).
pytest_plugins = ["pytester"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every `@pytest.mark.anyio` test on asyncio and on trio."""
    backend: str = request.param
    return backend
