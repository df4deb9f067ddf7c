"""Hypothesis strategies and state probes for the patch/restore property tests."""

from __future__ import annotations

import builtins
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest.mock import DEFAULT

import patch_targets as targets
from hypothesis import strategies as st

_MISSING = object()


@dataclass(frozen=True)
class Site:
    """One attribute a test may patch: where it lives and how to name it."""

    label: str
    owner: Any
    name: str
    create: bool = False
    #: For attributes that accept one type only: makes a fresh value of it.
    fresh: Callable[[], Any] | None = None

    def new_value(self, kind: str) -> Any:
        """The object a patch installs for ``kind`` ("object", "none" or "mock")."""
        if self.fresh is not None:
            return self.fresh()
        if kind == "object":
            return object()
        if kind == "none":
            return None
        return DEFAULT

    def state(self) -> tuple[Any, ...]:
        """Everything observable about the attribute, compared by identity."""
        namespace = getattr(self.owner, "__dict__", None)
        if isinstance(namespace, (dict, types.MappingProxyType)):
            local = namespace.get(self.name, _MISSING)
        else:
            local = _MISSING
        try:
            seen = getattr(self.owner, self.name)
        except AttributeError:
            seen = _MISSING
        # Bound methods are made afresh on each access: compare what they bind.
        if isinstance(seen, types.MethodType):
            seen = (seen.__func__, seen.__self__)
        return (local, seen)

    def visible(self) -> Any:
        value = getattr(self.owner, self.name, _MISSING)
        return value.__func__ if isinstance(value, types.MethodType) else value


SITES: tuple[Site, ...] = (
    Site("module function", targets, "plain"),
    Site("module coroutine function", targets, "fetch"),
    Site("module constant", targets, "VALUE"),
    Site("module __getattr__ attribute", targets, "LAZY"),
    Site("builtin looked up in a module", targets, "open", create=True),
    Site("missing attribute with create=True", targets, "NOT_THERE", create=True),
    Site("method", targets.Client, "get"),
    Site("inherited method", targets.SubClient, "get"),
    Site("staticmethod", targets.Client, "ping"),
    Site("classmethod", targets.Client, "connect"),
    Site("property", targets.Client, "name"),
    Site("class attribute", targets.Client, "retries"),
    Site("inherited class attribute", targets.SubClient, "retries"),
    Site("instance attribute", targets.settings, "name"),
    Site("class attribute read on an instance", targets.settings, "debug"),
    Site("method read on an instance", targets.client, "close"),
    Site("slot", targets.slotted, "value"),
    Site("function __doc__", targets.with_defaults, "__doc__"),
    Site("function __defaults__", targets.with_defaults, "__defaults__", fresh=lambda: (5,)),
    Site("function __kwdefaults__", targets.with_defaults, "__kwdefaults__", fresh=dict),
    Site("function __annotations__", targets.with_defaults, "__annotations__", fresh=dict),
    Site("class __doc__", targets.Settings, "__doc__"),
    Site("builtins module attribute", builtins, "credits"),
)

# Values a patch may install: a fresh object, None, and "let patch make a mock".
NEW_VALUES = st.sampled_from(["object", "none", "mock"])


#: How a patch may end abnormally in a program step: the error raised inside it.
ERRORS = st.sampled_from([ValueError, KeyboardInterrupt, SystemExit, GeneratorExit])
#: The ways a program step uses a patch that ends within the step.
FORMS = st.sampled_from(["with", "decorator", "failed start"])


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """A random program of patch starts, stops and abnormal exits over the sites.

    Each step is ``("start", site index, new kind)``, ``("stop", k)``, where
    ``k`` picks one of the patches still active, in any order, or
    ``("raise", site index, new kind, form, error)``: a patch used as
    ``with`` or as a decorator whose body raises ``error``, or a stack whose
    second patcher fails to start, while the started patches stay on.
    """
    steps: list[tuple[Any, ...]] = []
    active = 0
    for _ in range(draw(st.integers(min_value=1, max_value=14))):
        choice = draw(st.sampled_from(["start", "stop", "raise"]))
        if choice == "stop" and active:
            steps.append(("stop", draw(st.integers(0, active - 1))))
            active -= 1
        elif choice == "raise":
            site = draw(st.integers(0, len(SITES) - 1))
            steps.append(("raise", site, draw(NEW_VALUES), draw(FORMS), draw(ERRORS)))
        else:
            site = draw(st.integers(0, len(SITES) - 1))
            steps.append(("start", site, draw(NEW_VALUES)))
            active += 1
    return steps
