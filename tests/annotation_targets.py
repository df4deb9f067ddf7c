"""Sources of a package whose annotations name what it imports only for type checkers.

The ``annotated_package`` fixture (tests/test_annotations.py) writes them to a
temporary directory under a fresh package name (``{pkg}``) and imports the
modules that import themselves. Each guarded import is one form people write;
the functions in ``client`` and the classes in ``declared`` annotate with them.
"""

import sys

import pytest

#: Files of the package, by path relative to the temporary directory.
PACKAGE_FILES = {
    "{pkg}/__init__.py": '''\
"""Imports nothing: every submodule loads only when something imports it."""
''',
    "{pkg}/models.py": """\
from typing import Generic, TypeVar

T = TypeVar("T")


class Result(Generic[T]):
    pass


class ScalarResult(Generic[T]):
    pass


class Connection:
    pass


class Negated:
    pass


class Hidden:
    pass


class Shadow:
    pass
""",
    "{pkg}/lazy.py": '''\
class Lazy:
    """In a module nothing imports until an annotation needs it."""
''',
    "{pkg}/lazy2.py": '''\
class Lazy2:
    """Reached through ``import {pkg}.lazy2``, which binds the package."""
''',
    "{pkg}/counter.py": """\
imports = 0
""",
    "{pkg}/broken.py": """\
from . import counter

counter.imports += 1
raise RuntimeError("this module fails at import")
""",
    "{pkg}/gettable.py": """\
def __getattr__(name):
    if name == "Dynamic":
        from .models import Connection

        return Connection
    raise AttributeError(name)
""",
    "{pkg}/client.py": """\
{future}
import sys
import typing
import typing as t
from typing import TYPE_CHECKING, Any, Optional, Tuple

if TYPE_CHECKING:
    from .models import Result, ScalarResult
    from . import models
    from {pkg}.models import Connection as Conn
    import {pkg}.lazy as lazy_module
    import {pkg}.lazy2
    from .gettable import Dynamic
    from .broken import Broken
    from amock_never_imported import Never
    from {third_party} import Widget
    from sched import scheduler
    from .models import Shadow
    from . import lazy
    from .models import NotThere

if typing.TYPE_CHECKING:
    from .models import Connection as ViaTyping

if t.TYPE_CHECKING:
    from .models import Connection as ViaAlias
else:
    from .models import Hidden

    del Hidden

if not TYPE_CHECKING:
    pass
else:
    from .models import Negated

if sys.version_info < (3,):
    pass
elif TYPE_CHECKING:
    from .models import Connection as ViaElif

Shadow = int


def returns_result() -> Result[Any]:
    raise NotImplementedError


def returns_scalars() -> ScalarResult[Any]:
    raise NotImplementedError


def returns_nested() -> Result[Tuple[int]]:
    raise NotImplementedError


def returns_list() -> list[Conn]:
    raise NotImplementedError


def returns_optional() -> Optional["Conn"]:
    raise NotImplementedError


def returns_module_attribute() -> models.Connection:
    raise NotImplementedError


def returns_lazy() -> lazy_module.Lazy:
    raise NotImplementedError


def returns_dotted() -> {pkg}.lazy2.Lazy2:
    raise NotImplementedError


def returns_submodule() -> lazy.Lazy:
    raise NotImplementedError


def returns_dynamic() -> Dynamic:
    raise NotImplementedError


def returns_broken() -> Broken:
    raise NotImplementedError


def returns_never() -> Never:
    raise NotImplementedError


def returns_widget() -> Widget:
    raise NotImplementedError


def returns_scheduler() -> scheduler:
    raise NotImplementedError


def returns_via_typing() -> ViaTyping:
    raise NotImplementedError


def returns_via_alias() -> ViaAlias:
    raise NotImplementedError


def returns_via_elif() -> ViaElif:
    raise NotImplementedError


def returns_hidden() -> Hidden:
    raise NotImplementedError


def returns_negated() -> Negated:
    raise NotImplementedError


def returns_shadowed() -> dict[Shadow, Conn]:
    raise NotImplementedError


def returns_not_there() -> NotThere:
    raise NotImplementedError


def returns_int() -> int:
    raise NotImplementedError
""",
    "{pkg}/declared.py": """\
{future}
import dataclasses
from typing import TYPE_CHECKING, ClassVar, Optional

if TYPE_CHECKING:
    from .models import Connection, Result


class Base:
    content: Connection
    counter: ClassVar[int]

    def __init__(self, connection: Connection, size: int) -> None:
        self.connection = connection
        self.size = size
        self.result: Result[int] = None


class Child(Base):
    label: Optional[Connection]

    def __init__(self) -> None:
        super().__init__(None, 0)
        self.content = None


@dataclasses.dataclass
class Record:
    connection: Connection
    result: Optional[Result[int]] = None
    _: dataclasses.KW_ONLY
    flag: ClassVar[bool] = False
    seed: dataclasses.InitVar[int] = 0
""",
    "{third_party}.py": '''\
class Widget:
    """A top-level module the tests never import: amock must not either."""
''',
}

#: Two ways to write the annotating modules: plain, which imports from 3.14 on
#: (PEP 649 evaluates annotations lazily) and fails at import before; and with
#: ``from __future__ import annotations``, which imports on every version.
ANNOTATION_STYLES = [
    pytest.param(
        "",
        id="PEP 649",
        marks=pytest.mark.skipif(
            sys.version_info < (3, 14),
            reason="annotations are evaluated at definition before 3.14: the module cannot import",
        ),
    ),
    pytest.param("from __future__ import annotations", id="PEP 563"),
]
