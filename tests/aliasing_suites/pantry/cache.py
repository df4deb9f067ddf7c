"""A time-to-live cache that hands out copies, and a memoising decorator over it."""

import asyncio
import copy
import functools
import inspect
import time


class TTLCache:
    """Entries expire ``ttl`` seconds after they are set; values are stored as copies."""

    def __init__(self, ttl, *, maxsize=128):
        self.ttl = ttl
        self.maxsize = maxsize
        self._entries = {}
        self.hits = 0
        self.misses = 0

    def get(self, key, default=None):
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return default
        expires, value = entry
        if time.monotonic() >= expires:
            del self._entries[key]
            self.misses += 1
            return default
        self.hits += 1
        return value

    def set(self, key, value):
        if key not in self._entries and len(self._entries) >= self.maxsize:
            oldest = min(self._entries, key=lambda k: self._entries[k][0])
            del self._entries[oldest]
        # A copy, so that the caller changing its object later leaves the cache alone.
        self._entries[key] = (time.monotonic() + self.ttl, copy.copy(value))

    def invalidate(self, key):
        self._entries.pop(key, None)

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return self.get(key, _MISSING) is not _MISSING


_MISSING = object()


def cache_key(func, args, kwargs):
    """The key of one call: the function's name and its arguments."""
    parts = [func.__name__, *map(repr, args)]
    parts += [f"{name}={value!r}" for name, value in sorted(kwargs.items())]
    return ":".join(parts)


def memoize(cache):
    """Cache the results of a function or coroutine function in ``cache``."""

    def decorate(func):
        if inspect.iscoroutinefunction(func):
            locks = {}

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                key = cache_key(func, args, kwargs)
                lock = locks.setdefault(key, asyncio.Lock())
                async with lock:
                    value = cache.get(key, _MISSING)
                    if value is _MISSING:
                        value = await func(*args, **kwargs)
                        cache.set(key, value)
                    return value

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = cache_key(func, args, kwargs)
            value = cache.get(key, _MISSING)
            if value is _MISSING:
                value = func(*args, **kwargs)
                cache.set(key, value)
            return value

        return wrapper

    return decorate
