"""amock's public face: every public name is in ``__all__``, and shows where users import it."""

from __future__ import annotations

import types
import unittest.mock as std

import pytest

import amock
import amock.errors
import amock.pytest_plugin

#: Submodules that are public on their own (``amock.errors.TargetNotFoundError``).
PUBLIC_SUBMODULES = {"errors", "pytest_plugin"}


def is_fixture(value: object) -> bool:
    return type(value).__name__ in {
        "FixtureFunctionDefinition",
        "FixtureFunctionMarker",
    } or hasattr(value, "_pytestfixturefunction")


def public_names(module: types.ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def test_all_lists_every_public_name_of_the_package_and_nothing_private() -> None:
    assert public_names(amock) == set(amock.__all__) - {"FILTER_DIR"}
    assert not [name for name in amock.__all__ if name.startswith("_")]


def test_the_only_public_submodules_are_errors_and_the_pytest_plugin() -> None:
    submodules = {
        name for name, value in vars(amock).items() if isinstance(value, types.ModuleType)
    }
    assert {name for name in submodules if not name.startswith("_")} <= PUBLIC_SUBMODULES


@pytest.mark.parametrize("module", [amock.errors, amock.pytest_plugin], ids=lambda m: m.__name__)
def test_public_modules_list_their_public_names(module: types.ModuleType) -> None:
    own = {
        name
        for name in public_names(module)
        if getattr(getattr(module, name), "__module__", module.__name__) == module.__name__
        # pytest's hooks and fixtures are found by pytest, not imported.
        and not name.startswith("pytest_")
        and not is_fixture(getattr(module, name))
    }
    assert own <= set(module.__all__)
    assert all(hasattr(module, name) for name in module.__all__)


def test_amocks_own_names_show_the_package_as_their_module() -> None:
    for name in amock.__all__:
        value = getattr(amock, name)
        if isinstance(value, (type, types.FunctionType)) and value is not getattr(std, name, None):
            assert value.__module__ == "amock", name
    assert repr(amock.AsyncMock).startswith("<class 'amock.AsyncMock'")
