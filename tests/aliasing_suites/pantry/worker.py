"""A background worker that takes jobs from a queue, and a poller."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Job:
    kind: str
    payload: dict = field(default_factory=dict)
    attempts: int = 0


class Worker:
    """Hands each job to ``handler``; a failing job is queued again, then reported."""

    def __init__(self, handler, *, notifier, queue=None, max_attempts=3):
        self.handler = handler
        self.notifier = notifier
        self.queue = queue if queue is not None else asyncio.Queue()
        self.max_attempts = max_attempts
        self.processed = 0
        self.failed = []
        self.stopping = asyncio.Event()
        self._task = None

    async def handle(self, job):
        job.attempts += 1
        try:
            await self.handler(job)
        except Exception as error:
            if job.attempts < self.max_attempts:
                log.info("job %s failed, retrying: %s", job.kind, error)
                self.queue.put_nowait(job)
            else:
                self.failed.append(job)
                await self.notifier.job_failed(job, error)
        else:
            self.processed += 1

    async def run(self):
        while True:
            job = await self.queue.get()
            try:
                await self.handle(job)
            finally:
                self.queue.task_done()

    def start(self):
        self._task = asyncio.get_running_loop().create_task(self.run(), name="pantry-worker")
        return self._task

    async def submit(self, kind, **payload):
        await self.queue.put(Job(kind, payload))

    async def drain(self):
        await self.queue.join()

    async def run_until_stopped(self, *, timeout=None):
        """Run until ``stopping`` is set, the worker fails, or ``timeout`` passes."""
        task = self.start()
        try:
            await first_completed(self.stopping.wait(), task, timeout=timeout)
        finally:
            await self.stop()

    async def stop(self):
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


async def first_completed(*awaitables, timeout=None):
    """Wait for the first of ``awaitables`` to finish, cancel the others; the finished one."""
    tasks = [asyncio.ensure_future(each) for each in awaitables]
    try:
        done, _ = await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
    return done.pop() if done else None


_UNSET = object()


async def poll(fetch, on_change, *, interval=30.0):
    """Await ``fetch()`` every ``interval`` seconds, report each new value, until cancelled."""
    last = _UNSET
    while True:
        value = await fetch()
        if value != last:
            await on_change(value)
            last = value
        await asyncio.sleep(interval)
