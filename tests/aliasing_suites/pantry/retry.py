"""Retrying with exponential back-off, sync and async, under an overall deadline."""

import asyncio
import functools
import inspect
import logging
import time

log = logging.getLogger(__name__)


class RetryError(Exception):
    """Every attempt failed; ``last`` is the last attempt's exception."""

    def __init__(self, attempts, last):
        super().__init__(f"gave up after {attempts} attempts: {last!r}")
        self.attempts = attempts
        self.last = last


def delays(base, factor=2.0, limit=30.0):
    """The back-off delays: base, base * factor, ... capped at ``limit``."""
    delay = base
    while True:
        yield min(delay, limit)
        delay *= factor


def retry(func, *, attempts=3, base_delay=0.5, retry_on=(ConnectionError,), deadline=None):
    """Call ``func()`` until it returns, sleeping between failed attempts."""
    started = time.monotonic()
    waits = delays(base_delay)
    for attempt in range(1, attempts + 1):
        try:
            return func()
        except retry_on as error:
            log.warning("attempt %d of %d failed: %s", attempt, attempts, error)
            if attempt == attempts:
                raise RetryError(attempts, error) from error
            delay = next(waits)
            if deadline is not None and time.monotonic() - started + delay > deadline:
                raise RetryError(attempt, error) from error
            time.sleep(delay)
    raise AssertionError("unreachable")


async def async_retry(
    func, *, attempts=3, base_delay=0.5, retry_on=(ConnectionError,), deadline=None
):
    """Await ``func()`` until it returns, sleeping between failed attempts."""
    started = time.monotonic()
    waits = delays(base_delay)
    for attempt in range(1, attempts + 1):
        try:
            return await func()
        except retry_on as error:
            log.warning("attempt %d of %d failed: %s", attempt, attempts, error)
            if attempt == attempts:
                raise RetryError(attempts, error) from error
            delay = next(waits)
            if deadline is not None and time.monotonic() - started + delay > deadline:
                raise RetryError(attempt, error) from error
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


def retrying(*, attempts=3, base_delay=0.5, retry_on=(ConnectionError,)):
    """Decorate a function or coroutine function so that its calls are retried."""

    def decorate(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                return await async_retry(
                    lambda: func(*args, **kwargs),
                    attempts=attempts,
                    base_delay=base_delay,
                    retry_on=retry_on,
                )

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return retry(
                lambda: func(*args, **kwargs),
                attempts=attempts,
                base_delay=base_delay,
                retry_on=retry_on,
            )

        return wrapper

    return decorate
