"""Issue 16, cause 4: a lent async shape reinterprets a coroutine set as ``return_value``."""

import gc

import pantry.http


async def addresses():
    return ["192.0.2.1", "192.0.2.2"]


async def test_the_health_check_resolves_the_host(mocker):
    resolver_class = mocker.patch("pantry.http.Resolver")
    resolver_class.return_value.resolve.return_value = addresses()
    assert await pantry.http.resolve_base("https://api.test/v1") == ["192.0.2.1", "192.0.2.2"]
    resolver_class.return_value.resolve.assert_called_once_with("api.test")


def test_a_later_test():
    gc.collect()
