"""Every code example in README.md, docs/ and amock's docstrings runs.

Sybil finds the examples; each document's examples run in order, sharing one
namespace, so a page reads top to bottom as a user would type it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers import markdown, myst, rest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "amock").glob("*.py")]
)

_SYBILS = {
    ".md": Sybil(parsers=[myst.PythonCodeBlockParser(), markdown.SkipParser()], path=str(ROOT)),
    ".py": Sybil(parsers=[rest.DocTestParser(), rest.PythonCodeBlockParser()], path=str(ROOT)),
}


def _examples(path: Path) -> list[object]:
    document = _SYBILS[path.suffix].parse(path)
    return list(document)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_runs(path: Path) -> None:
    for example in _examples(path):
        example.evaluate()  # type: ignore[attr-defined]


def test_the_documents_have_examples() -> None:
    # Guard against a parser that silently finds nothing.
    counted = {path.name: len(_examples(path)) for path in DOCUMENTS if path.suffix == ".md"}
    assert counted["README.md"] >= 1
    assert counted["tutorial.md"] >= 5
    assert counted["patching.md"] >= 4
    assert counted["autospec.md"] >= 4
    assert counted["toolkit.md"] >= 6
    assert counted["tasklocal.md"] >= 2
