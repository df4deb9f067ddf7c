"""pytest-mock's fixture names on amock's toolbox, for suites written for pytest-mock.

amock's pytest plugin registers this module (as the plugin ``amock_mocker``)
when pytest-mock is not installed, or disabled with ``-p no:pytest_mock``:
a suite written for pytest-mock then runs on amock unchanged. With
pytest-mock active, its own fixtures keep these names and this module stays
unregistered. ``-p no:amock_mocker`` keeps these names away in any case.
"""

from __future__ import annotations

from amock import _fixture

__all__ = ["class_mocker", "mocker", "module_mocker", "package_mocker", "session_mocker"]

mocker = _fixture.define("function", "mocker")
class_mocker = _fixture.define("class", "class_mocker")
module_mocker = _fixture.define("module", "module_mocker")
package_mocker = _fixture.define("package", "package_mocker")
session_mocker = _fixture.define("session", "session_mocker")
