"""An in-process event bus: handlers may be plain functions or coroutine functions."""

import asyncio
import inspect
import logging
import warnings

log = logging.getLogger(__name__)


class EventBus:
    def __init__(self, *, timeout=10.0):
        self.timeout = timeout
        self._handlers = {}

    def subscribe(self, topic, handler):
        self._handlers.setdefault(topic, []).append(handler)

    def on(self, topic):
        """Subscribe the decorated function."""

        def decorate(handler):
            self.subscribe(topic, handler)
            return handler

        return decorate

    async def publish(self, topic, payload):
        """Call every handler of ``topic``; a failing or slow one is logged, not raised."""
        delivered = 0
        for handler in self._handlers.get(topic, ()):
            try:
                if inspect.iscoroutinefunction(handler):
                    await asyncio.wait_for(handler(payload), self.timeout)
                else:
                    handler(payload)
            except Exception:
                log.exception("handler %r failed on %s", handler, topic)
            else:
                delivered += 1
        return delivered

    def publish_soon(self, topic, payload):
        """Publish from sync code running in the loop; the task is returned."""
        return asyncio.get_running_loop().create_task(self.publish(topic, payload))

    def emit(self, topic, payload):
        """Deprecated: the old name of :meth:`publish_soon`."""
        warnings.warn(
            "EventBus.emit() is deprecated; use publish_soon()", DeprecationWarning, stacklevel=2
        )
        return self.publish_soon(topic, payload)
