"""CPython's own ``unittest.mock`` test suite, run against amock.

Run it as ``python tests/stdlib_suite.py`` with amock installed (the nox session
``stdlib-suite`` does, on every interpreter). It takes the mock test package of
the interpreter it runs on (``unittest.test.testmock`` on 3.10 and 3.11,
``test.test_unittest.testmock`` from 3.12), points ``unittest.mock`` at amock
the way the migration guide's whole-suite aliasing does, and runs the package
with unittest. Nothing of the suite is copied into this repository.

It fails when a test fails that is not on :data:`EXPECTED_FAILURES` for this
version, when a listed test passes (the entry is stale), or when fewer than 99%
of the tests (subtests counted in their test) pass. Each listed test has a line
in ``docs/differences.md`` saying what amock does instead and why.
"""

from __future__ import annotations

import io
import sys
import unittest
from collections.abc import Iterable

#: Tests expected to fail, by id below the package (``module.Class.test``),
#: with the interpreters they fail on. ``tests/test_docs.py`` checks that
#: each has its line in ``docs/differences.md``.
SUPPORTED = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


def since(version: str) -> frozenset[str]:
    """The supported versions from ``version`` on."""
    return frozenset(SUPPORTED[SUPPORTED.index(version) :])


EXPECTED_FAILURES: dict[str, frozenset[str]] = {
    # amock checks an autospecced async call's signature when it is made (cpython#137594).
    "testasync.AsyncAutospecTest.test_autospec_checks_signature": since("3.13"),
    # amock reads whether a spec's attribute is async when its child is first made.
    "testasync.AsyncSpecTest.test_spec_async_attributes_instance": since("3.12"),
}
PASS_RATE = 0.99
#: Fewer tests than this means the package was not found whole.
MIN_TESTS = 450


def package_name() -> str:
    """Where this interpreter keeps CPython's mock tests."""
    if sys.version_info < (3, 12):
        return "unittest.test.testmock"
    return "test.test_unittest.testmock"


class _Result(unittest.TestResult):
    """Collects the id (below the package) of every failing test; subtests fold into it."""

    def __init__(self, package: str) -> None:
        super().__init__()
        self.prefix = package + "."
        self.failing: dict[str, str] = {}

    def _note(self, test: unittest.TestCase, error: object) -> None:
        case = getattr(test, "test_case", test)  # a subtest names its test
        test_id = case.id().removeprefix(self.prefix)
        self.failing.setdefault(test_id, self._exc_info_to_string(error, case))  # type: ignore[arg-type]

    def addError(self, test: unittest.TestCase, err: object) -> None:
        super().addError(test, err)  # type: ignore[arg-type]
        self._note(test, err)

    def addFailure(self, test: unittest.TestCase, err: object) -> None:
        super().addFailure(test, err)  # type: ignore[arg-type]
        self._note(test, err)

    def addSubTest(self, test: unittest.TestCase, subtest: unittest.TestCase, err: object) -> None:
        super().addSubTest(test, subtest, err)  # type: ignore[arg-type]
        if err is not None:
            self._note(subtest, err)


def alias_unittest_mock() -> None:
    """Make ``unittest.mock`` (every import form) give amock, as the migration guide does."""
    import amock

    sys.modules["unittest.mock"] = amock
    unittest.mock = amock  # type: ignore[misc]


def run() -> tuple[int, dict[str, str]]:
    """Run the suite aliased to amock: the number of tests and the failing ones with tracebacks."""
    package = package_name()
    alias_unittest_mock()
    suite = unittest.defaultTestLoader.loadTestsFromName(package)
    result = _Result(package)
    suite.run(result)
    return result.testsRun, result.failing


def verdict(
    version: str, tests: int, failing: Iterable[str]
) -> tuple[list[str], list[str], list[str]]:
    """``(unexpected failures, stale expected failures, other problems)`` for one run."""
    failing = set(failing)
    expected = {test for test, versions in EXPECTED_FAILURES.items() if version in versions}
    problems = []
    if tests < MIN_TESTS:
        problems.append(f"only {tests} tests found: is CPython's mock test package complete?")
    passed = tests - len(failing)
    if tests and passed / tests < PASS_RATE:
        problems.append(f"{passed}/{tests} tests pass, under {PASS_RATE:.0%}")
    return sorted(failing - expected), sorted(expected - failing), problems


def main() -> int:
    """Run, report, and exit non-zero on any unexpected outcome."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    tests, failing = run()
    unexpected, stale, problems = verdict(version, tests, failing)
    out = io.StringIO()
    for test in unexpected:
        print(f"\nUNEXPECTED FAILURE: {test}\n{failing[test]}", file=out)
    for test in stale:
        print(f"STALE: {test} passes on {version}; remove it from EXPECTED_FAILURES", file=out)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=out)
    passed = tests - len(failing)
    print(
        f"CPython {sys.version.split()[0]}'s mock suite through amock: {passed}/{tests} pass "
        f"({passed / max(tests, 1):.1%}); {len(failing)} failing, "
        f"{len(failing) - len(unexpected)} of them expected.",
        file=out,
    )
    sys.stdout.write(out.getvalue())
    return 1 if unexpected or stale or problems else 0


if __name__ == "__main__":
    sys.exit(main())
