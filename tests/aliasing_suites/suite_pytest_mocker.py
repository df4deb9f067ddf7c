"""pytest with pytest-mock's ``mocker`` and pytest-asyncio, warnings as errors."""

import asyncio
import itertools
import json
import logging
import os
import smtplib
import time
from unittest import mock
from unittest.mock import ANY, AsyncMock, MagicMock, call

import pantry.cache
import pantry.config
import pantry.http
import pantry.notify
import pantry.retry
import pantry.service
import pytest
from pantry.cache import TTLCache, cache_key, memoize
from pantry.config import Settings, load_settings, read_config, write_config
from pantry.http import ApiClient, AsyncApiClient, AsyncTransport, Response, Transport
from pantry.notify import Mailer, Notifier
from pantry.retry import RetryError, delays
from pantry.service import InventoryService, OutOfStockError, stock_report
from pantry.worker import Job, Worker

SETTINGS = Settings("https://api.test", "tok", 2.0, 3, False)


def ok(payload, status=200):
    return Response(status, json.dumps(payload).encode())


@pytest.fixture
def send(mocker):
    return mocker.patch.object(Transport, "send", return_value=ok({}))


@pytest.fixture
def no_sleep(mocker):
    return mocker.patch("time.sleep")


@pytest.fixture
def transport(mocker):
    return mocker.create_autospec(AsyncTransport, instance=True)


@pytest.fixture
def client(transport):
    return AsyncApiClient("https://api.test", token="tok", transport=transport)


# -- the blocking client ------------------------------------------------------------------


def test_get_json(send, no_sleep):
    send.return_value = ok({"sku": "A"})
    assert ApiClient("https://api.test").get_json("/items/A", full=1) == {"sku": "A"}
    assert send.call_args_list == [
        call("GET", "https://api.test/items/A?full=1", headers=ANY, timeout=5.0)
    ]
    no_sleep.assert_not_called()


def test_retries_then_succeeds(send, no_sleep):
    send.side_effect = [ConnectionError(), ConnectionError(), ok([3])]
    assert ApiClient("https://api.test").get_json("/x") == [3]
    no_sleep.assert_has_calls([call(0.5), call(1.0)])


def test_retry_exhausted(send, no_sleep, caplog):
    send.side_effect = ConnectionError("refused")
    with (
        caplog.at_level(logging.WARNING, logger="pantry.retry"),
        pytest.raises(RetryError, match="gave up after 3 attempts"),
    ):
        ApiClient("https://api.test").get_json("/x")
    assert [record.getMessage() for record in caplog.records] == [
        f"attempt {n} of 3 failed: refused" for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("status", "raises"), [(200, False), (399, False), (400, True), (500, True)]
)
def test_status_codes(send, status, raises):
    send.return_value = Response(status, b"{}")
    if raises:
        with pytest.raises(pantry.http.HTTPError):
            ApiClient("https://api.test").post_json("/x", {})
    else:
        assert ApiClient("https://api.test").post_json("/x", {}) == {}


def test_spy_on_a_method(mocker, send):
    spy = mocker.spy(ApiClient, "url")
    client = ApiClient("https://api.test")
    client.get_json("/items", page=3)
    spy.assert_called_once_with(client, "/items", {"page": 3})
    assert spy.spy_return == "https://api.test/items?page=3"
    assert spy.spy_return_list == ["https://api.test/items?page=3"]


def test_spy_on_a_module_function(mocker, send):
    spy = mocker.spy(pantry.http, "default_headers")
    ApiClient("https://api.test", token="abc").get_json("/")
    spy.assert_called_once_with("abc")
    assert spy.spy_return["Authorization"] == "Bearer abc"
    assert send.call_args.kwargs["headers"] is spy.spy_return


def test_spy_records_the_exception(mocker, no_sleep):
    spy = mocker.spy(Transport, "send")
    with pytest.raises(RetryError):
        ApiClient("https://api.test").get_json("/")
    assert spy.call_count == 3
    assert isinstance(spy.spy_exception, ConnectionError)


def test_spy_on_an_instance_method(mocker, send):
    client = ApiClient("https://api.test")
    spy = mocker.spy(client, "get_json")
    send.return_value = ok(5)
    assert client.get_json("/n") == 5
    spy.assert_called_once_with("/n")
    assert spy.spy_return == 5


def test_spy_on_the_retry_helper(mocker, send, no_sleep):
    spy = mocker.spy(pantry.http, "retry")
    ApiClient("https://api.test").get_json("/")
    assert spy.call_count == 1
    assert spy.call_args.kwargs == {"attempts": 3}


def test_the_delays_generator():
    assert list(itertools.islice(delays(1.0, limit=5.0), 5)) == [1.0, 2.0, 4.0, 5.0, 5.0]


# -- settings -----------------------------------------------------------------------------


def test_settings_from_the_environment(mocker):
    mocker.patch.dict(os.environ, {"PANTRY_URL": "https://env", "PANTRY_TIMEOUT": "9"})
    settings = load_settings()
    assert settings.base_url == "https://env"
    assert settings.timeout == 9.0


def test_settings_with_a_cleared_environment(mocker):
    mocker.patch.dict(os.environ, clear=True)
    assert load_settings() == Settings("https://pantry.example.org/api", None, 5.0, 3, debug=False)


def test_config_file_through_mock_open(mocker):
    opened = mocker.patch("builtins.open", mocker.mock_open(read_data='{"timeout": 1.5}'))
    assert read_config("/etc/pantry.json") == {"timeout": 1.5}
    opened.assert_called_once_with("/etc/pantry.json", encoding="utf-8")


def test_write_config_through_mock_open(mocker):
    opened = mocker.patch("pantry.config.open", mock.mock_open(), create=True)
    write_config("out.json", {"a": [1]})
    handle = opened.return_value
    assert handle.write.call_args_list[-1] == call("\n")
    handle.__exit__.assert_called_once_with(None, None, None)


def test_read_config_reads_a_real_file(tmp_path):
    path = tmp_path / "pantry.json"
    path.write_text('{"low_stock": 1}')
    assert read_config(path) == {"low_stock": 1}


# -- stubs, sealed and autospecced mocks --------------------------------------------------


def test_stub_as_a_callback(mocker):
    on_job = mocker.stub(name="on_job")
    for kind in ("a", "b"):
        on_job(Job(kind))
    assert on_job.call_count == 2
    on_job.assert_has_calls([call(Job("a")), call(Job("b"))])
    assert "on_job" in repr(on_job)


def test_seal_catches_a_misspelt_attribute(mocker):
    response = mocker.MagicMock()
    response.status = 200
    response.json.return_value = {"ok": True}
    mock.seal(response)
    assert response.json() == {"ok": True}
    with pytest.raises(AttributeError):
        response.jsn()


def test_autospec_of_the_mailer(mocker):
    mailer = mocker.create_autospec(Mailer, instance=True)
    mailer.send.return_value = "sent"
    assert mailer.send("a@b", "s", "t") == "sent"
    with pytest.raises(TypeError):
        mailer.send("a@b")
    with pytest.raises(AttributeError):
        mailer.send_later  # noqa: B018


def test_smtp_as_a_context_manager(mocker):
    smtp_class = mocker.patch("smtplib.SMTP")
    message = Mailer("mail.test").send("to@example.org", "subject", "text")
    smtp = smtp_class.return_value.__enter__.return_value
    smtp.send_message.assert_called_once_with(message)
    assert smtp_class.call_args == call("mail.test", timeout=10)
    assert smtplib.SMTP is smtp_class


def test_patch_object_with_new(mocker):
    fake = MagicMock(name="fake_transport")
    mocker.patch.object(ApiClient, "make_transport", return_value=fake)
    client = ApiClient("https://api.test")
    assert client.transport is fake
    client.close()
    fake.close.assert_called_once_with()


def test_patch_multiple(mocker):
    patched = mocker.patch.multiple(Transport, send=mocker.DEFAULT, close=mocker.DEFAULT)
    patched["send"].return_value = ok({"n": 1})
    with ApiClient("https://api.test") as client:
        assert client.get_json("/") == {"n": 1}
    patched["close"].assert_called_once_with()


def test_resetall_between_phases(mocker):
    first = mocker.patch("pantry.cache.time.monotonic", return_value=0.0)
    cache = TTLCache(5)
    cache.set("k", 1)
    assert first.call_count == 1
    mocker.resetall()
    assert first.call_count == 0
    first.return_value = 6.0
    assert cache.get("k") is None
    first.assert_called_once_with()


def test_stopall_undoes_the_patches(mocker):
    mocker.patch("time.monotonic", return_value=1.0)
    assert time.monotonic() == 1.0
    mocker.stopall()
    assert time.monotonic() != 1.0


def test_mock_calls_of_a_parent(mocker):
    manager = mocker.MagicMock()
    cache = TTLCache(1)
    mocker.patch.object(cache, "set", manager.set)
    mocker.patch.object(cache, "invalidate", manager.invalidate)
    cache.set("a", 1)
    cache.invalidate("a")
    assert manager.mock_calls == [call.set("a", 1), call.invalidate("a")]


# -- the cache ----------------------------------------------------------------------------


def test_cache_keys(mocker):
    def price(sku, currency="EUR"):
        return 1

    assert cache_key(price, ("A",), {"currency": "USD"}) == "price:'A':currency='USD'"


def test_memoize_with_a_spy(mocker):
    def price(sku):
        return len(sku)

    spy = mocker.MagicMock(side_effect=price)
    spy.__name__ = "price"
    cached = memoize(TTLCache(10))(spy)
    assert [cached("A"), cached("A"), cached("BB")] == [1, 1, 2]
    assert spy.call_args_list == [call("A"), call("BB")]


def test_the_cache_evicts_the_oldest(mocker):
    mocker.patch("pantry.cache.time.monotonic", side_effect=[1.0, 2.0, 3.0, 3.5])
    cache = TTLCache(10, maxsize=2)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.set("c", 3)
    assert len(cache) == 2
    assert cache.get("a") is None
    assert cache.get("b") == 2


def test_a_mock_as_a_cached_value_is_stored_as_a_copy(mocker):
    cache = TTLCache(10)
    user = mocker.Mock(name="user")
    cache.set("u", user)
    stored = cache.get("u")
    assert stored is not user
    assert isinstance(stored, mock.Mock)


# -- async code, with pytest-asyncio --------------------------------------------------------


async def test_async_get_json(client, transport):
    transport.send.return_value = ok({"id": 1})
    assert await client.get_json("/items/1") == {"id": 1}
    transport.send.assert_awaited_once_with(
        "GET", "https://api.test/items/1", headers=ANY, timeout=5.0
    )


async def test_async_retry_with_patched_sleep(mocker, client, transport):
    sleep = mocker.patch("asyncio.sleep")
    transport.send.side_effect = [ConnectionError(), ok([])]
    assert await client.get_json("/") == []
    sleep.assert_awaited_once_with(0.5)


async def test_async_spy_on_a_coroutine_method(mocker, client, transport):
    transport.send.return_value = ok({"v": 2})
    spy = mocker.spy(AsyncApiClient, "get_json")
    assert await client.get_json("/v") == {"v": 2}
    spy.assert_called_once_with(client, "/v")
    assert spy.spy_return == {"v": 2}
    spy.assert_awaited_once()


async def test_async_stub_as_a_handler(mocker):
    handler = mocker.async_stub(name="handler")
    notifier = mocker.create_autospec(Notifier, instance=True)
    worker = Worker(handler, notifier=notifier)
    worker.start()
    try:
        await worker.submit("count", sku="A")
        await worker.drain()
    finally:
        await worker.stop()
    handler.assert_awaited_once_with(Job("count", {"sku": "A"}, 1))
    notifier.job_failed.assert_not_called()


async def test_service_with_an_autospecced_client(mocker):
    client = mocker.create_autospec(AsyncApiClient, instance=True)
    notifier = mocker.AsyncMock(spec=Notifier)
    client.get_json.side_effect = [{"stock": 1}, {"stock": 9}]
    service = InventoryService(client, TTLCache(60), notifier)
    assert await service.stock_levels(["A", "B"]) == {"A": 1, "B": 9}
    with pytest.raises(OutOfStockError):
        await service.take("A", 2)
    assert client.get_json.await_count == 2
    client.post_json.assert_not_awaited()


async def test_notifier_with_a_patched_thread_hop(mocker):
    to_thread = mocker.patch("asyncio.to_thread", new_callable=AsyncMock)
    client = mocker.AsyncMock()
    mailer = mocker.create_autospec(Mailer, instance=True)
    await Notifier(client, mailer).job_failed(Job("k", attempts=1), ValueError("v"))
    to_thread.assert_awaited_once_with(mailer.send, "ops@example.org", "k failed", ANY)
    client.post_json.assert_awaited_once()
    mailer.send.assert_not_called()


async def test_gathered_awaits_are_all_recorded(mocker):
    fetch = mocker.AsyncMock(side_effect=lambda path: {"stock": ord(path[-1])})
    client = mocker.MagicMock()
    client.get_json = fetch
    service = InventoryService(client, TTLCache(1), mocker.AsyncMock())
    await service.stock_levels(list("ABC"))
    fetch.assert_has_awaits([call("/items/A"), call("/items/B"), call("/items/C")])


async def test_a_real_event_loop_sleep_still_works(mocker):
    stub = mocker.stub()
    asyncio.get_running_loop().call_soon(stub, "soon")
    await asyncio.sleep(0)
    stub.assert_called_once_with("soon")


def test_the_report_through_a_patched_client(mocker):
    client_class = mocker.patch.object(pantry.service, "ApiClient")
    client_class.return_value.__enter__.return_value.get_json.return_value = [
        {"sku": "Z", "stock": 0}
    ]
    assert stock_report(SETTINGS) == "Z: 0 (low)"
    client_class.assert_called_once_with("https://api.test", token="tok", timeout=2.0)
