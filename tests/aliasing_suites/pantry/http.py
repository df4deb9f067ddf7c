"""A JSON-over-HTTP client, sync and async, over a transport that the tests replace."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pantry.retry import async_retry, retry


class HTTPError(Exception):
    """The server answered with an error status."""

    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"HTTP {status} for {url}")
        self.status = status
        self.url = url


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body.decode())

    def raise_for_status(self, url: str) -> None:
        if self.status >= 400:
            raise HTTPError(self.status, url)


class Transport:
    """Sends one request over a connection pool (the real one needs a network)."""

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        body: bytes | None = None,
        timeout: float,
    ) -> Response:
        raise ConnectionError(f"no network in tests: {method} {url}")

    def close(self) -> None:
        pass


class AsyncTransport:
    """The async twin of :class:`Transport`."""

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        body: bytes | None = None,
        timeout: float,
    ) -> Response:
        raise ConnectionError(f"no network in tests: {method} {url}")

    async def aclose(self) -> None:
        pass


class Resolver:
    """Looks host names up (the real one asks a DNS server)."""

    async def resolve(self, host: str) -> list[str]:
        raise ConnectionError(f"no DNS in tests: {host}")


async def resolve_base(base_url: str) -> list[str]:
    """The addresses the client would connect to, for the health check."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0]
    return await Resolver().resolve(host)


def default_headers(token: str | None) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": "pantry/1.0"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


class _Base:
    def __init__(
        self, base_url: str, *, token: str | None = None, transport: Any = None, timeout=5.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token if token is not None else os.environ.get("PANTRY_TOKEN")
        self.transport = transport if transport is not None else self.make_transport()
        self.timeout = timeout

    def make_transport(self) -> Any:
        raise NotImplementedError

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        url = f"{self.base_url}/{path.lstrip('/')}"
        if params:
            url += "?" + urlencode(sorted(params.items()))
        return url


class ApiClient(_Base):
    """A blocking client: GETs are retried on connection errors, POSTs are not."""

    def make_transport(self) -> Transport:
        return Transport()

    def get_json(self, path: str, **params: Any) -> Any:
        url = self.url(path, params)
        response = retry(
            lambda: self.transport.send(
                "GET", url, headers=default_headers(self.token), timeout=self.timeout
            ),
            attempts=3,
        )
        response.raise_for_status(url)
        return response.json()

    def post_json(self, path: str, payload: Any) -> Any:
        url = self.url(path)
        headers = {**default_headers(self.token), "Content-Type": "application/json"}
        body = json.dumps(payload, sort_keys=True).encode()
        response = self.transport.send(
            "POST", url, headers=headers, body=body, timeout=self.timeout
        )
        response.raise_for_status(url)
        return response.json() if response.body else None

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncApiClient(_Base):
    """The asyncio client, used by the service and the worker."""

    def make_transport(self) -> AsyncTransport:
        return AsyncTransport()

    async def get_json(self, path: str, **params: Any) -> Any:
        url = self.url(path, params)
        response = await async_retry(
            lambda: self.transport.send(
                "GET", url, headers=default_headers(self.token), timeout=self.timeout
            ),
            attempts=3,
        )
        response.raise_for_status(url)
        return response.json()

    async def post_json(self, path: str, payload: Any) -> Any:
        url = self.url(path)
        headers = {**default_headers(self.token), "Content-Type": "application/json"}
        body = json.dumps(payload, sort_keys=True).encode()
        response = await self.transport.send(
            "POST", url, headers=headers, body=body, timeout=self.timeout
        )
        response.raise_for_status(url)
        return response.json() if response.body else None

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def __aenter__(self) -> AsyncApiClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
