"""The runner of CPython's own mock suite judges a run as the gate promises.

The suite itself runs in the ``stdlib-suite`` nox session (``tests/stdlib_suite.py``);
these tests check its verdicts and that its expected failures are the ones
``docs/differences.md`` explains.
"""

from __future__ import annotations

import re
from pathlib import Path

import stdlib_suite

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## CPython's own mock test suite"


def listed_in_differences() -> set[str]:
    text = (ROOT / "docs" / "differences.md").read_text()
    section = text[text.index(SECTION) :]
    following = section.find("\n## ", len(SECTION))
    section = section if following < 0 else section[:following]
    return set(re.findall(r"^- `([\w.]+)`", section, flags=re.MULTILINE))


def test_every_expected_failure_is_explained_in_the_differences_page() -> None:
    assert listed_in_differences() == set(stdlib_suite.EXPECTED_FAILURES)


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
