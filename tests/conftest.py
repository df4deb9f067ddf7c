"""Shared fixtures for amock's test suite."""

import importlib
import itertools
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from type_checking_targets import TYPE_CHECKING_MODULE, TYPE_CHECKING_STYLES

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


_module_numbers = itertools.count()


@pytest.fixture(params=TYPE_CHECKING_STYLES)
def type_checking_module(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[types.ModuleType]:
    """A real module, written to a temporary directory, with ``TYPE_CHECKING``-only names."""
    name = f"amock_type_checking_{next(_module_numbers)}"
    (tmp_path / f"{name}.py").write_text(TYPE_CHECKING_MODULE.format(future=request.param))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        yield importlib.import_module(name)
    finally:
        sys.modules.pop(name, None)
    assert "amock_never_imported" not in sys.modules
