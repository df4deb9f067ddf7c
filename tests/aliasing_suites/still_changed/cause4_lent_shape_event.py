"""Issue 16, cause 4: an unspecced class patch lends async shape to ``Event().wait``."""

import asyncio
import gc
import unittest
from unittest.mock import ANY, AsyncMock, call, patch

from pantry.worker import Worker


class RunUntilStoppedTests(unittest.IsolatedAsyncioTestCase):
    @patch("pantry.worker.first_completed")
    @patch.object(asyncio, "Event")
    async def test_waits_for_the_stop_event_or_the_task(self, event_class, first_completed):
        worker = Worker(AsyncMock(), notifier=AsyncMock())
        await worker.run_until_stopped(timeout=30)
        first_completed.assert_has_awaits(
            [call(event_class.return_value.wait.return_value, ANY, timeout=30)]
        )

    async def test_a_later_test_runs_a_real_worker(self):
        # A coroutine that an earlier test made and never awaited is finalised here.
        gc.collect()
        handler = AsyncMock()
        worker = Worker(handler, notifier=AsyncMock())
        worker.start()
        await worker.submit("count")
        await worker.drain()
        await worker.stop()
        handler.assert_awaited_once()


if __name__ == "__main__":
    unittest.main()
