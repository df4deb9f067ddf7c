"""The stock service's RPC client, shaped like a generated gRPC asyncio stub."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any


class UnaryUnaryCall:
    """What a stub's method returns at once: awaiting it gives the reply."""

    def __init__(self, reply: Any) -> None:
        self._reply = reply

    def __await__(self) -> Generator[Any, None, Any]:
        raise ConnectionError("no channel in tests")
        yield  # a generator, as the real one is


class StockStub:
    def __init__(self, channel: Any) -> None:
        self.channel = channel

    def GetStock(self, request: dict[str, Any], *, timeout: float | None = None) -> UnaryUnaryCall:
        raise ConnectionError("no channel in tests")


async def remote_stock(stub: StockStub, sku: str) -> int:
    call = stub.GetStock({"sku": sku}, timeout=5.0)
    reply = await call
    return reply["stock"]
