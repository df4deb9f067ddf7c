# ruff: noqa: PT009, PT027
"""unittest.TestCase classes with @patch class decorators, in the stdlib's style."""

import json
import os
import smtplib
import time
import unittest
from unittest import mock
from unittest.mock import ANY, MagicMock, call, patch, sentinel

import pantry.config
import pantry.http
import pantry.retry
import pantry.service
from pantry.config import Settings, load_settings, read_config, write_config
from pantry.http import ApiClient, HTTPError, Response, Transport, default_headers
from pantry.notify import Mailer
from pantry.retry import RetryError, retry, retrying

SETTINGS = Settings(base_url="https://api.test", token="t0k", timeout=2.0, low_stock=3, debug=False)


def ok(payload, status=200):
    return Response(status, json.dumps(payload).encode())


@patch("pantry.retry.time.sleep")
@patch.object(Transport, "send")
class ApiClientTests(unittest.TestCase):
    def setUp(self):
        self.client = ApiClient("https://api.test/", token="t0k")

    def test_get_json_sends_one_get(self, send, sleep):
        send.return_value = ok({"sku": "A1"})
        self.assertEqual(self.client.get_json("/items/A1"), {"sku": "A1"})
        send.assert_called_once_with(
            "GET", "https://api.test/items/A1", headers=default_headers("t0k"), timeout=5.0
        )
        sleep.assert_not_called()

    def test_query_parameters_are_sorted(self, send, sleep):
        send.return_value = ok([])
        self.client.get_json("items", page=2, limit=10)
        (method, url), kwargs = send.call_args
        self.assertEqual(method, "GET")
        self.assertEqual(url, "https://api.test/items?limit=10&page=2")
        self.assertEqual(kwargs["headers"]["Authorization"], "Bearer t0k")

    def test_connection_errors_are_retried_with_back_off(self, send, sleep):
        send.side_effect = [ConnectionError("reset"), ConnectionError("reset"), ok([1])]
        self.assertEqual(self.client.get_json("/items"), [1])
        self.assertEqual(send.call_count, 3)
        self.assertEqual(sleep.call_args_list, [call(0.5), call(1.0)])

    def test_gives_up_after_three_attempts(self, send, sleep):
        send.side_effect = ConnectionError("down")
        with self.assertRaises(RetryError) as raised:
            self.client.get_json("/items")
        self.assertEqual(raised.exception.attempts, 3)
        self.assertIsInstance(raised.exception.last, ConnectionError)
        self.assertEqual(sleep.call_count, 2)

    def test_an_error_status_is_not_retried(self, send, sleep):
        send.return_value = Response(404)
        with self.assertRaises(HTTPError) as raised:
            self.client.get_json("/items/missing")
        self.assertEqual(raised.exception.status, 404)
        send.assert_called_once()

    def test_post_sends_sorted_json(self, send, sleep):
        send.return_value = Response(204)
        self.assertIsNone(self.client.post_json("/items", {"sku": "B", "count": 1}))
        send.assert_called_once_with(
            "POST",
            "https://api.test/items",
            headers=ANY,
            body=b'{"count": 1, "sku": "B"}',
            timeout=5.0,
        )
        self.assertEqual(send.call_args.kwargs["headers"]["Content-Type"], "application/json")

    def test_the_client_closes_its_transport(self, send, sleep):
        with patch.object(Transport, "close") as close, self.client:
            pass
        close.assert_called_once_with()

    def helper_not_a_test(self):
        # Not named with the prefix: the class decorators leave it alone.
        return Transport.send


@patch.dict(os.environ, {"PANTRY_TOKEN": "from-env"}, clear=False)
class TokenFromTheEnvironment(unittest.TestCase):
    def test_the_token_comes_from_the_environment(self):
        self.assertEqual(ApiClient("https://x").token, "from-env")

    def test_an_explicit_token_wins(self):
        self.assertEqual(ApiClient("https://x", token="mine").token, "mine")

    def test_an_empty_token_sends_no_header(self):
        with patch.dict(os.environ, {"PANTRY_TOKEN": ""}):
            client = ApiClient("https://x")
        self.assertNotIn("Authorization", default_headers(client.token))


# Scenario methods are patched by the class decorators; the tests run them.
patch.TEST_PREFIX = "scenario"


@patch("pantry.retry.time.monotonic")
@patch("pantry.retry.time.sleep")
class RetryScenarios(unittest.TestCase):
    def scenario_deadline_stops_early(self, sleep, monotonic):
        monotonic.side_effect = [100.0, 100.2, 100.4]
        failing = MagicMock(side_effect=ConnectionError("slow"))
        with self.assertRaises(RetryError) as raised:
            retry(failing, attempts=5, base_delay=1.0, deadline=1.5)
        self.assertEqual(raised.exception.attempts, 2)
        sleep.assert_called_once_with(1.0)
        return failing.call_count

    def scenario_other_errors_pass_through(self, sleep, monotonic):
        monotonic.return_value = 0.0
        broken = MagicMock(side_effect=KeyError("k"))
        with self.assertRaises(KeyError):
            retry(broken, attempts=5)
        sleep.assert_not_called()
        return broken.call_count

    def test_run_the_scenarios(self):
        self.assertIs(time.sleep, _REAL_SLEEP)
        self.assertEqual(self.scenario_deadline_stops_early(), 2)
        self.assertEqual(self.scenario_other_errors_pass_through(), 1)
        self.assertIs(time.sleep, _REAL_SLEEP)

    def test_methods_without_the_prefix_are_not_patched(self):
        self.assertIs(pantry.retry.time.monotonic, _REAL_MONOTONIC)


patch.TEST_PREFIX = "test"
_REAL_SLEEP = time.sleep
_REAL_MONOTONIC = time.monotonic


SHARED_SLEEP = MagicMock(name="shared_sleep")


@patch("pantry.retry.time.sleep", new=SHARED_SLEEP)
class DecoratedRetries(unittest.TestCase):
    def setUp(self):
        SHARED_SLEEP.reset_mock()

    def test_a_decorated_function_is_retried(self):
        flaky = MagicMock(side_effect=[ConnectionError(), "done"])
        wrapped = retrying(attempts=2)(flaky)
        self.assertEqual(wrapped(1, key="v"), "done")
        flaky.assert_has_calls([call(1, key="v"), call(1, key="v")])
        time.sleep.assert_called_once_with(0.5)

    def test_wraps_keeps_the_name(self):
        def lookup(sku):
            return sku

        self.assertEqual(retrying()(lookup).__name__, "lookup")
        self.assertEqual(retrying()(lookup)("A"), "A")
        time.sleep.assert_not_called()


@patch("pantry.config.open", new_callable=mock.mock_open, read_data='{"low_stock": 7}')
@patch.dict(os.environ, {}, clear=True)
class SettingsTests(unittest.TestCase):
    def test_defaults_with_an_empty_environment(self, opened):
        settings = load_settings()
        self.assertEqual(settings.base_url, "https://pantry.example.org/api")
        self.assertIsNone(settings.token)
        self.assertFalse(settings.debug)
        opened.assert_not_called()

    def test_the_file_then_the_environment(self, opened):
        os.environ.update(PANTRY_LOW_STOCK="9", PANTRY_DEBUG="yes")
        settings = load_settings("pantry.json")
        opened.assert_called_once_with("pantry.json", encoding="utf-8")
        self.assertEqual(settings.low_stock, 9)
        self.assertTrue(settings.debug)

    def test_the_file_alone(self, opened):
        self.assertEqual(read_config("p.json"), {"low_stock": 7})
        self.assertEqual(load_settings("p.json").low_stock, 7)

    def test_write_config_writes_sorted_json(self, opened):
        write_config("out.json", {"b": 1, "a": 2})
        opened.assert_called_once_with("out.json", "w", encoding="utf-8")
        handle = opened()
        written = "".join(args[0] for args, _ in handle.write.call_args_list)
        self.assertEqual(written, '{\n  "a": 2,\n  "b": 1\n}\n')


@patch("smtplib.SMTP", autospec=True)
class MailerTests(unittest.TestCase):
    def test_sends_one_message(self, smtp_class):
        message = Mailer("mail.test").send("ops@example.org", "hello", "body")
        smtp_class.assert_called_once_with("mail.test", timeout=10)
        smtp = smtp_class.return_value.__enter__.return_value
        smtp.send_message.assert_called_once_with(message)
        self.assertEqual(message["Subject"], "hello")

    def test_smtp_errors_reach_the_caller(self, smtp_class):
        smtp = smtp_class.return_value.__enter__.return_value
        smtp.send_message.side_effect = smtplib.SMTPRecipientsRefused({})
        with self.assertRaises(smtplib.SMTPException):
            Mailer("mail.test").send("nobody", "s", "t")
        smtp_class.return_value.__exit__.assert_called_once()

    def test_the_autospec_checks_the_constructor(self, smtp_class):
        with self.assertRaises(TypeError):
            smtplib.SMTP("host", 25, "local", 10, None, None, "too many")


@patch.object(pantry.service, "ApiClient")
class StockReportTests(unittest.TestCase):
    def test_report_lines_are_sorted_and_marked(self, client_class):
        client = client_class.return_value.__enter__.return_value
        client.get_json.return_value = [
            {"sku": "B", "stock": 2},
            {"sku": "A", "stock": 10},
        ]
        report = pantry.service.stock_report(SETTINGS)
        self.assertEqual(report, "A: 10\nB: 2 (low)")
        client_class.assert_called_once_with("https://api.test", token="t0k", timeout=2.0)
        client.get_json.assert_called_once_with("/items", limit=100)

    def test_mock_calls_record_the_context_manager(self, client_class):
        client_class.return_value.__enter__.return_value.get_json.return_value = []
        pantry.service.stock_report(SETTINGS)
        self.assertEqual(
            client_class.mock_calls,
            [
                call("https://api.test", token="t0k", timeout=2.0),
                call().__enter__(),
                call().__enter__().get_json("/items", limit=100),
                call().__exit__(None, None, None),
            ],
        )


class StartedPatches(unittest.TestCase):
    def setUp(self):
        self.send = patch.object(Transport, "send", autospec=True).start()
        self.addCleanup(patch.stopall)
        patch.dict(os.environ, {"PANTRY_TOKEN": "started"}).start()

    def test_autospec_records_self(self):
        self.send.return_value = ok({"n": 1})
        client = ApiClient("https://api.test")
        self.assertEqual(client.get_json("/n"), {"n": 1})
        self.send.assert_called_once_with(
            client.transport, "GET", "https://api.test/n", headers=ANY, timeout=5.0
        )
        self.assertEqual(client.token, "started")

    def test_autospec_rejects_a_wrong_call(self):
        with self.assertRaises(TypeError):
            Transport().send("GET")

    def test_sentinels_flow_through(self):
        self.send.return_value.json.return_value = sentinel.payload
        self.send.return_value.raise_for_status.return_value = None
        self.assertIs(ApiClient("https://api.test").get_json("/x"), sentinel.payload)


@patch("pantry.http.Transport")
class ReprsAndNames(unittest.TestCase):
    def test_the_class_mock_is_named_after_its_target(self, transport_class):
        self.assertIn("Transport", repr(transport_class))
        self.assertIs(ApiClient("https://x").transport, transport_class.return_value)

    def test_configure_mock_sets_nested_values(self, transport_class):
        transport_class.return_value.configure_mock(**{"send.return_value": ok({"v": 1})})
        self.assertEqual(ApiClient("https://x").get_json("/v"), {"v": 1})


if __name__ == "__main__":
    unittest.main()
