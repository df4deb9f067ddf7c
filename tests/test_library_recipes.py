"""The recipes of docs/libraries.md, each run again on asyncio and on trio.

tests/test_docs.py runs the page as a reader would (on asyncio, and httpx's on
trio too). Here the page's namespace is built once and every ``test_*``
coroutine function it defines runs on both backends: the libraries other than
httpx need asyncio for real I/O, but under their mocks nothing of them runs,
so amock's behaviour on their paths is checked on trio as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sybil import Sybil
from sybil.parsers import markdown, myst

PAGE = Path(__file__).resolve().parent.parent / "docs" / "libraries.md"
#: The recipes' test functions, as the page defines them.
RECIPES = re.findall(r"^async def (test_\w+)\(", PAGE.read_text(), re.MULTILINE)

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def page_namespace() -> dict[str, Any]:
    """The names the page's examples define, after running them all in order."""
    sybil = Sybil(parsers=[myst.PythonCodeBlockParser(), markdown.SkipParser()], path=str(PAGE))
    document = sybil.parse(PAGE)
    for example in document:
        example.evaluate()
    return document.namespace


def test_the_page_has_recipes_for_every_library() -> None:
    assert len(RECIPES) >= 15
    text = PAGE.read_text()
    for library in ("httpx", "aiohttp", "redis.asyncio", "asyncpg", "sqlalchemy"):
        assert f"import {library}" in text or f"from {library}" in text


@pytest.mark.parametrize("name", RECIPES)
async def test_recipe(name: str, page_namespace: dict[str, Any]) -> None:
    recipe: Callable[[], Any] = page_namespace[name]
    await recipe()
