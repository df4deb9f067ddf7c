"""The foreign suites in the gate are judged as promised, and their failures explained.

CPython's own mock suite runs in the ``stdlib-suite`` nox session
(``tests/stdlib_suite.py``), pytest-mock's in the ``pytest-mock`` session
(``noxfile.py``). These tests check the runner's verdicts and that each suite's
expected failures are the ones ``docs/differences.md`` explains.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import stdlib_suite

ROOT = Path(__file__).resolve().parent.parent


def listed_in_differences(heading: str) -> set[str]:
    """The test ids listed (as ``- `id`:``) in one section of the differences page."""
    text = (ROOT / "docs" / "differences.md").read_text()
    section = text[text.index(heading) :]
    following = section.find("\n## ", len(heading))
    section = section if following < 0 else section[:following]
    return set(re.findall(r"^- `([\w.:]+)`", section, flags=re.MULTILINE))


def noxfile_constant(name: str) -> object:
    """A literal assigned at the top level of noxfile.py (which imports nox, so is not run)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                assert node.value is not None
                return ast.literal_eval(node.value)
    raise LookupError(name)


def test_every_expected_stdlib_failure_is_explained_in_the_differences_page() -> None:
    listed = listed_in_differences("## CPython's own mock test suite")
    assert listed == set(stdlib_suite.EXPECTED_FAILURES)


def test_every_expected_pytest_mock_failure_is_explained_in_the_differences_page() -> None:
    expected = noxfile_constant("PYTEST_MOCK_EXPECTED_FAILURES")
    assert isinstance(expected, dict)
    assert listed_in_differences("## The pytest fixtures, beside pytest-mock") == set(expected)


def test_expected_failures_name_only_supported_versions() -> None:
    for versions in stdlib_suite.EXPECTED_FAILURES.values():
        assert versions
        assert versions <= set(stdlib_suite.SUPPORTED)


class TestVerdict:
    def test_a_failure_not_on_the_list_is_unexpected(self) -> None:
        unexpected, stale, problems = stdlib_suite.verdict(
            "3.11", 500, ["testmock.MockTest.test_new_bug"]
        )
        assert unexpected == ["testmock.MockTest.test_new_bug"]
        assert stale == []
        assert problems == []

    def test_a_listed_test_that_passes_is_stale(self) -> None:
        listed = "testasync.AsyncAutospecTest.test_autospec_checks_signature"
        unexpected, stale, _ = stdlib_suite.verdict("3.14", 560, [])
        assert unexpected == []
        assert listed in stale

    def test_a_listed_failure_on_a_version_it_is_not_listed_for_is_unexpected(self) -> None:
        listed = "testasync.AsyncAutospecTest.test_autospec_checks_signature"
        unexpected, _, _ = stdlib_suite.verdict("3.12", 500, [listed])
        assert unexpected == [listed]

    def test_under_99_percent_is_a_problem_even_if_every_failure_is_listed(self) -> None:
        listed = sorted(t for t, v in stdlib_suite.EXPECTED_FAILURES.items() if "3.14" in v)
        tests = stdlib_suite.MIN_TESTS
        failing = [*listed, *(f"testmock.T.test_{n}" for n in range(tests // 100 - len(listed)))]
        _, _, problems = stdlib_suite.verdict("3.14", tests, failing)
        assert problems == []  # just at or above 99%
        _, _, problems = stdlib_suite.verdict("3.14", tests, [*failing, "testmock.T.test_x"])
        assert problems == [f"{tests - len(failing) - 1}/{tests} tests pass, under 99%"]

    def test_a_package_with_too_few_tests_is_a_problem(self) -> None:
        _, _, problems = stdlib_suite.verdict("3.11", 10, [])
        assert any("only 10 tests" in problem for problem in problems)
