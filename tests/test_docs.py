"""Every code example in README.md, docs/ and amock's docstrings runs.

Sybil finds the examples; each document's examples run in order, sharing one
namespace, so a page reads top to bottom as a user would type it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sybil import Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers import markdown, myst, rest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "amock").glob("*.py")]
)

#: Pages whose Python blocks are whole test files: each runs under pytest,
#: in a fresh process with amock's plugin, and must pass.
TEST_FILE_PAGES = frozenset({"pytest.md"})
#: Pages whose Python blocks that define tests are whole test files (as above);
#: their other blocks run in the page's namespace.
MIXED_PAGES = frozenset({"migration.md"})
_DEFINES_TESTS = re.compile(r"^(async )?def test_", re.MULTILINE)


class _TestFiles:
    """The blocks of one page that are whole test files, run together in one pytest session.

    Each block is its own module (named after its line), so the page costs one
    pytest start-up rather than one per block. pytest-mock, where it is
    installed, is off: the pages show amock's fixtures, ``mocker`` included,
    as a suite sees them with pytest-mock uninstalled.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.modules: list[str] = []

    def add(self, example: Any) -> None:
        module = self.folder / f"test_example_line_{example.line}.py"
        module.write_text(textwrap.dedent(example.parsed))
        self.modules.append(module.name)

    def run(self, page: Path) -> None:
        if not self.modules:
            return
        (self.folder / "pytest.ini").write_text("[pytest]\n")
        command = ["-q", "-p", "no:cacheprovider", "-p", "no:pytest_mock", "-rfE", *self.modules]
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", *command],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, (
            f"{page}: an example (test_example_line_<line>.py) does not pass under pytest:\n"
            f"{completed.stdout}{completed.stderr}"
        )
        # Every block ran: as many modules as blocks, none of them without tests.
        assert "no tests ran" not in completed.stdout
        assert len(self.modules) == len(set(self.modules))


_batch: list[_TestFiles] = []


def _run_as_test_file(example: Any) -> None:
    """Add one code block to the page's test files (see :class:`_TestFiles`)."""
    _batch[-1].add(example)


def _test_file_or_code(example: Any) -> None:
    """A block that defines tests runs as a test file; any other, in the page's namespace."""
    if _DEFINES_TESTS.search(example.parsed):
        _run_as_test_file(example)
    else:
        PythonEvaluator()(example)


_SYBILS = {
    ".md": Sybil(parsers=[myst.PythonCodeBlockParser(), markdown.SkipParser()], path=str(ROOT)),
    "mixed": Sybil(
        parsers=[
            myst.CodeBlockParser(language="python", evaluator=_test_file_or_code),
            markdown.SkipParser(),
        ],
        path=str(ROOT),
    ),
    ".py": Sybil(parsers=[rest.DocTestParser(), rest.PythonCodeBlockParser()], path=str(ROOT)),
    "test files": Sybil(
        parsers=[myst.CodeBlockParser(language="python", evaluator=_run_as_test_file)],
        path=str(ROOT),
    ),
}


def _examples(path: Path) -> list[object]:
    if path.name in TEST_FILE_PAGES:
        kind = "test files"
    elif path.name in MIXED_PAGES:
        kind = "mixed"
    else:
        kind = path.suffix
    document = _SYBILS[kind].parse(path)
    return list(document)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_runs(path: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _batch.append(_TestFiles(Path(folder)))
        try:
            for example in _examples(path):
                example.evaluate()  # type: ignore[attr-defined]
            _batch[-1].run(path)
        finally:
            _batch.pop()


def test_the_documents_have_examples() -> None:
    # Guard against a parser that silently finds nothing.
    counted = {path.name: len(_examples(path)) for path in DOCUMENTS if path.suffix == ".md"}
    assert counted["README.md"] >= 1
    assert counted["tutorial.md"] >= 5
    assert counted["patching.md"] >= 4
    assert counted["autospec.md"] >= 1
    assert counted["libraries.md"] >= 6
    assert counted["toolkit.md"] >= 6
    assert counted["tasklocal.md"] >= 2
    assert counted["pytest.md"] >= 4
    assert counted["recipes.md"] >= 6
    assert counted["migration.md"] >= 8


# -- docs/architecture.md ------------------------------------------------------------------------

#: The rooms table of docs/architecture.md: module, rounded line count, bottom up.
_ROOMS = re.findall(
    r"^\| `(\w+)` \| (\d+) \|", (ROOT / "docs" / "architecture.md").read_text(), re.MULTILINE
)


def _amock_imports(path: Path) -> set[str]:
    """The amock modules ``path`` imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "amock":
            # ``from amock import _mocks`` names a module; ``from amock import patch``, the package.
            found.update(
                alias.name if (ROOT / "amock" / f"{alias.name}.py").exists() else "__init__"
                for alias in node.names
            )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("amock."):
            found.add(node.module.split(".")[1])  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found.update(
                "__init__" if alias.name == "amock" else alias.name.split(".")[1]
                for alias in node.names
                if alias.name == "amock" or alias.name.startswith("amock.")
            )
    return found - {path.stem}


def test_the_architecture_page_lists_every_module_once_with_its_size() -> None:
    modules = {path.stem: path for path in (ROOT / "amock").glob("*.py")}
    assert sorted(name for name, _ in _ROOMS) == sorted(modules)
    for name, lines in _ROOMS:
        actual = len(modules[name].read_text(encoding="utf-8").splitlines())
        # Rounded on the page: it must stay near the truth.
        assert abs(int(lines) - actual) <= max(30, actual // 10), (name, lines, actual)


def test_each_module_imports_only_modules_listed_above_it() -> None:
    """Data flows one way: the table is bottom up, and no import, lazy or not, goes upwards."""
    rank = {name: index for index, (name, _) in enumerate(_ROOMS)}
    upwards = [
        (name, imported)
        for name, _ in _ROOMS
        for imported in sorted(_amock_imports(ROOT / "amock" / f"{name}.py"))
        if rank[imported] > rank[name]
    ]
    assert upwards == []
