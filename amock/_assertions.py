"""What a failed ``assert_*`` method of a mock says, and which frames it shows.

amock's mock classes take their assertion methods from the two mixins here.
By default (and always outside pytest) each method is the stdlib's, unchanged:
same message, same exception, same chaining. A process-wide switch, which
amock's pytest plugin turns on (:func:`enable`), makes every failure:

* raised afresh from the method the test called, without the stdlib's frames
  or a chained "During handling of the above exception" traceback;
* for ``assert_called_with``/``assert_awaited_with`` (and the ``_once_``
  variants when the count is right), followed by pytest's own comparison of
  the last call's (or await's) positional and keyword arguments with the
  expected ones, both bound to the mock's spec signature first, as the mock
  compares them (``pytest introspection follows:``, as pytest-mock prints);
* for ``assert_has_calls``/``assert_any_call`` and their await twins,
  followed by the expected and the actual calls, one per line.

Nothing here runs unless an assertion fails; mock calls never reach this module.
A missing attribute passes through here to the stdlib's ``__getattr__``,
whose error for a misspelt assertion gets the name the test meant.
"""

from __future__ import annotations

import difflib
import unittest.mock as _std
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

from amock import _stdlib

__all__ = ["AWAIT_ASSERTIONS", "AwaitAssertions", "CallAssertions", "disable", "enable", "enabled"]

#: pytest's explanation of ``left == right`` ("" when they are equal, or when
#: pytest cannot explain it, as with ``--assert=plain``).
Compare = Callable[[Any, Any], str]

#: Set on an error this module (or pytest-mock, which uses the same name) has
#: already explained, so an assertion that calls another one (stdlib's
#: ``assert_called_once_with`` calls ``assert_called_with``) explains once.
_APPLIED = "_mock_introspection_applied"


class _Switch:
    """The process-wide switch: ``None`` leaves every assertion as the stdlib's."""

    compare: Compare | None = None


_switch = _Switch()


def enable(compare: Compare) -> bool:
    """Turn the switch on with pytest's comparison; whether this call turned it on.

    Only the caller that turned it on should turn it off: a pytest session run
    inside another one (pytester) finds it on and leaves it to the outer one.
    """
    if _switch.compare is not None:
        return False
    _switch.compare = compare
    return True


def disable() -> None:
    """Turn the switch off: assertions are the stdlib's again."""
    _switch.compare = None


def enabled() -> bool:
    """Whether failed assertions are explained (see the module docstring)."""
    return _switch.compare is not None


# -- the explanations ------------------------------------------------------------------


def _introspection(
    compare: Compare, mock: Any, actual: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str:
    """The comparison, by pytest, of the recorded call ``actual`` with the expected arguments."""
    actual_args, actual_kwargs = tuple(actual)[-2:]
    signature = mock.__dict__.get("_spec_signature")
    got, wanted = (tuple(actual_args), dict(actual_kwargs)), (args, kwargs)
    if signature is not None:
        # Both sides bound, or neither: f(1, b=2) and f(1, 2) are the same call.
        try:
            got = _bound_strictly(signature, actual_args, actual_kwargs)
            wanted = _bound_strictly(signature, args, kwargs)
        except TypeError:
            got, wanted = (tuple(actual_args), dict(actual_kwargs)), (args, kwargs)
    text = ""
    explained = compare(got[0], wanted[0])
    if explained:
        text += "\nArgs:\n" + explained
    explained = compare(got[1], wanted[1])
    if explained:
        text += "\nKwargs:\n" + explained
    return "\n\npytest introspection follows:\n" + text if text else ""


def _bound_strictly(signature: Any, args: Sequence[Any], kwargs: dict[str, Any]) -> Any:
    """``(args, kwargs)`` bound to ``signature``; raises ``TypeError`` if they do not fit."""
    bound = signature.bind(*args, **kwargs)
    return tuple(bound.args), dict(bound.kwargs)


def _describe(item: Any) -> str:
    """One expected or recorded call, as ``call(...)``."""
    try:
        return repr(item if isinstance(item, _stdlib.Call) else _stdlib.Call(item))
    except Exception:
        return repr(item)


def _listing(expected: Any, recorded: Sequence[Any]) -> str:
    """The expected and the recorded calls, one per line."""
    single = isinstance(expected, _stdlib.Call) or not isinstance(expected, (list, tuple))
    wanted = [expected] if single else list(expected)
    lines = ["", "Expected:", *(f"  {_describe(item)}" for item in wanted), "Actual:"]
    lines.extend(f"  {_describe(item)}" for item in recorded)
    if not recorded:
        lines.append("  (none)")
    return "\n".join(lines)


def _reraise(error: AssertionError, detail: Callable[[Compare], str]) -> NoReturn:
    """Raise ``error``'s message (plus ``detail``) afresh, from the caller's frame."""
    __tracebackhide__ = True
    message = str(error)
    compare = _switch.compare
    if compare is not None and not getattr(error, _APPLIED, False):
        try:
            message += detail(compare)
        except Exception:
            pass  # an explanation that fails never hides the failure it explains
    fresh = AssertionError(message)
    setattr(fresh, _APPLIED, True)
    # No chaining: the stdlib's own frames and error would show twice.
    raise fresh from None


def _nothing(compare: Compare) -> str:
    """No explanation: the failure is not about the arguments of one call."""
    return ""


def _last(mock: Any, record: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The explanation against the last recorded call (``call_args``/``await_args``)."""

    def detail(compare: Compare) -> str:
        actual = getattr(mock, record)
        return "" if actual is None else _introspection(compare, mock, actual, args, kwargs)

    return detail


def _among(mock: Any, record: str, expected: Any) -> Any:
    """The explanation listing ``expected`` and every recorded call."""

    def detail(compare: Compare) -> str:
        return _listing(expected, getattr(mock, record))

    return detail


def _has_calls_expected(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The ``calls`` argument of ``assert_has_calls``/``assert_has_awaits``."""
    return args[0] if args else kwargs.get("calls", [])


if TYPE_CHECKING:
    _CallBase = _std.NonCallableMock
    _AwaitBase = _std.AsyncMockMixin
else:
    _CallBase = _AwaitBase = object


class CallAssertions(_CallBase):
    """The ``assert_*`` methods about calls (a mixin of ``amock.NonCallableMock``)."""

    def __getattr__(self, name: str) -> Any:
        # The stdlib's (it makes children); its error for a name that is no
        # assertion gets the name the test meant, and why a sync mock has no
        # await assertions.
        try:
            return super().__getattr__(name)
        except AttributeError as error:
            hint = _misnamed_assertion(self, name)
            if hint is None:
                raise
            text = str(error)
            joined = f"{text} {hint}" if text.endswith(".") else f"{text}. {hint}"
            raise AttributeError(joined, name=name, obj=self) from None

    def assert_called_with(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.Mock.assert_called_with` (see the module docstring)."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_called_with(*args, **kwargs)
        try:
            return super().assert_called_with(*args, **kwargs)
        except AssertionError as error:
            _reraise(error, _last(self, "call_args", args, kwargs))

    def assert_called_once_with(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.Mock.assert_called_once_with`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_called_once_with(*args, **kwargs)
        try:
            return super().assert_called_once_with(*args, **kwargs)
        except AssertionError as error:
            # Called another number of times: the arguments are not the point.
            once = self.call_count == 1
            _reraise(error, _last(self, "call_args", args, kwargs) if once else _nothing)

    def assert_any_call(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.Mock.assert_any_call`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_any_call(*args, **kwargs)
        try:
            return super().assert_any_call(*args, **kwargs)
        except AssertionError as error:
            expected = _std.call(*args, **kwargs)
            _reraise(error, _among(self, "call_args_list", expected))

    def assert_has_calls(self, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.Mock.assert_has_calls`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_has_calls(*args, **kwargs)
        try:
            return super().assert_has_calls(*args, **kwargs)
        except AssertionError as error:
            expected = _has_calls_expected(args, kwargs)
            _reraise(error, _among(self, "mock_calls", expected))

    def assert_called(self) -> None:
        """As :meth:`unittest.mock.Mock.assert_called`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_called()
        try:
            return super().assert_called()
        except AssertionError as error:
            _reraise(error, _nothing)

    def assert_called_once(self) -> None:
        """As :meth:`unittest.mock.Mock.assert_called_once`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_called_once()
        try:
            return super().assert_called_once()
        except AssertionError as error:
            _reraise(error, _nothing)

    def assert_not_called(self) -> None:
        """As :meth:`unittest.mock.Mock.assert_not_called`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_not_called()
        try:
            return super().assert_not_called()
        except AssertionError as error:
            _reraise(error, _nothing)


#: The assertions only a mock of something awaited has (the stdlib's ``AsyncMock``'s).
AWAIT_ASSERTIONS: Final = (
    "assert_awaited",
    "assert_awaited_once",
    "assert_awaited_with",
    "assert_awaited_once_with",
    "assert_any_await",
    "assert_has_awaits",
    "assert_not_awaited",
)
#: Where the stdlib refuses a name as a misspelt assertion (3.10-3.15).
_ASSERTION_PREFIXES: Final = ("assert", "assret", "asert", "aseert", "assrt")


def _misnamed_assertion(mock: Any, name: str) -> str | None:
    """What to add to the stdlib's error for ``mock.name``, if it looks like an assertion."""
    if not name.startswith(_ASSERTION_PREFIXES):
        return None
    if name in AWAIT_ASSERTIONS and not isinstance(mock, _std.AsyncMockMixin):
        called = name.replace("awaited", "called").replace("await", "call")
        return (
            f"{mock._extract_mock_name()!r} is a sync mock (a mock of something that is "
            f"not awaited): it records calls, not awaits; assert them with {called}()."
        )
    known = [entry for entry in dir(type(mock)) if entry.startswith("assert_")]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"Did you mean {close[0]}()?" if close else None


class AwaitAssertions(_AwaitBase):
    """The ``assert_*`` methods about awaits (a mixin of amock's coroutine shape)."""

    def assert_awaited_with(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_awaited_with` (see the module docstring)."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_awaited_with(*args, **kwargs)
        try:
            return super().assert_awaited_with(*args, **kwargs)
        except AssertionError as error:
            _reraise(error, _last(self, "await_args", args, kwargs))

    def assert_awaited_once_with(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_awaited_once_with`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_awaited_once_with(*args, **kwargs)
        try:
            return super().assert_awaited_once_with(*args, **kwargs)
        except AssertionError as error:
            once = self.await_count == 1
            _reraise(error, _last(self, "await_args", args, kwargs) if once else _nothing)

    def assert_any_await(self, /, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_any_await`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_any_await(*args, **kwargs)
        try:
            return super().assert_any_await(*args, **kwargs)
        except AssertionError as error:
            expected = _std.call(*args, **kwargs)
            _reraise(error, _among(self, "await_args_list", expected))

    def assert_has_awaits(self, *args: Any, **kwargs: Any) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_has_awaits`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_has_awaits(*args, **kwargs)
        try:
            return super().assert_has_awaits(*args, **kwargs)
        except AssertionError as error:
            expected = _has_calls_expected(args, kwargs)
            _reraise(error, _among(self, "await_args_list", expected))

    def assert_awaited(self) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_awaited`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_awaited()
        try:
            return super().assert_awaited()
        except AssertionError as error:
            _reraise(error, _nothing)

    def assert_awaited_once(self) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_awaited_once`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_awaited_once()
        try:
            return super().assert_awaited_once()
        except AssertionError as error:
            _reraise(error, _nothing)

    def assert_not_awaited(self) -> None:
        """As :meth:`unittest.mock.AsyncMock.assert_not_awaited`."""
        __tracebackhide__ = True
        if _switch.compare is None:
            return super().assert_not_awaited()
        try:
            return super().assert_not_awaited()
        except AssertionError as error:
            _reraise(error, _nothing)
