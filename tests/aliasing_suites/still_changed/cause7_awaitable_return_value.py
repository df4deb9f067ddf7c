"""Issue 16, cause 7: a sync method annotated to return an awaitable becomes an AsyncMock."""

import pytest
from pantry.rpc import StockStub, remote_stock


class FakeUnaryUnaryCall:
    """What the tests hand back for a stub call: awaiting it gives the reply."""

    def __init__(self, reply):
        self.reply = reply

    def __await__(self):
        return self._reply().__await__()

    async def _reply(self):
        return self.reply


async def test_the_stub_call_is_awaited_for_its_reply(mocker):
    get_stock = mocker.patch.object(StockStub, "GetStock")
    get_stock.return_value = FakeUnaryUnaryCall({"stock": 4})
    assert await remote_stock(StockStub(channel=None), "A") == 4
    get_stock.assert_called_once_with({"sku": "A"}, timeout=5.0)


async def test_an_rpc_error_comes_from_the_await(mocker):
    class Unavailable(Exception):
        pass

    class FailingCall:
        def __await__(self):
            raise Unavailable("down")
            yield

    mocker.patch.object(StockStub, "GetStock", return_value=FailingCall())
    with pytest.raises(Unavailable):
        await remote_stock(StockStub(channel=None), "A")
