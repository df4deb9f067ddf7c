"""The inventory service: items through the API, cached, with low-stock notices."""

import asyncio

from pantry.cache import TTLCache
from pantry.http import ApiClient, AsyncApiClient
from pantry.notify import Mailer, Notifier


class OutOfStockError(Exception):
    def __init__(self, sku, available, wanted):
        super().__init__(f"{sku}: {wanted} wanted, {available} available")
        self.sku = sku
        self.available = available
        self.wanted = wanted


class InventoryService:
    def __init__(self, client, cache, notifier, *, low_stock=3):
        self.client = client
        self.cache = cache
        self.notifier = notifier
        self.low_stock = low_stock

    async def item(self, sku):
        cached = self.cache.get(sku)
        if cached is not None:
            return cached
        item = await self.client.get_json(f"/items/{sku}")
        self.cache.set(sku, item)
        return item

    async def stock_levels(self, skus):
        items = await asyncio.gather(*(self.item(sku) for sku in skus))
        return {sku: item["stock"] for sku, item in zip(skus, items, strict=True)}

    async def take(self, sku, count):
        item = await self.item(sku)
        if item["stock"] < count:
            raise OutOfStockError(sku, item["stock"], count)
        updated = await self.client.post_json(f"/items/{sku}/take", {"count": count})
        self.cache.invalidate(sku)
        if updated["stock"] <= self.low_stock:
            await self.notifier.low_stock(sku, updated["stock"])
        return updated["stock"]

    async def restock_all(self, amounts):
        """Post each restock; report every failure, keep going, return the SKUs that failed."""
        failed = []
        for sku, count in amounts.items():
            try:
                await self.client.post_json(f"/items/{sku}/restock", {"count": count})
            except Exception:
                failed.append(sku)
            self.cache.invalidate(sku)
        return failed


def build_service(settings):
    client = AsyncApiClient(settings.base_url, token=settings.token, timeout=settings.timeout)
    notifier = Notifier(client, Mailer("mail.example.org"))
    return InventoryService(client, TTLCache(60), notifier, low_stock=settings.low_stock)


def stock_report(settings):
    """The blocking report the nightly job prints: one line per item, low ones marked."""
    with ApiClient(settings.base_url, token=settings.token, timeout=settings.timeout) as client:
        items = client.get_json("/items", limit=100)
    lines = []
    for item in sorted(items, key=lambda item: item["sku"]):
        mark = " (low)" if item["stock"] <= settings.low_stock else ""
        lines.append(f"{item['sku']}: {item['stock']}{mark}")
    return "\n".join(lines)
