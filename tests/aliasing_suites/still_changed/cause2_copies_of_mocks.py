# ruff: noqa: PT009
"""Issue 16, cause 2: a copy of a mock compares equal to it under the stdlib."""

import copy
import unittest
from unittest import mock
from unittest.mock import MagicMock, call

from pantry.cache import TTLCache


class CachedEntitiesTests(unittest.TestCase):
    def test_the_cache_hands_back_an_equal_copy(self):
        user = MagicMock(name="user")
        cache = TTLCache(60)
        cache.set("u1", user)
        cached = cache.get("u1")
        self.assertIsNot(cached, user)
        self.assertEqual(cached, user)

    def test_a_copy_hashes_like_the_original(self):
        user = MagicMock(name="user")
        self.assertEqual(hash(copy.copy(user)), hash(user))
        self.assertIn(copy.copy(user), {user})

    def test_a_deep_copy_compares_equal_too(self):
        user = MagicMock(name="user")
        user.name = "ada"
        self.assertEqual(copy.deepcopy(user), user)

    def test_a_copy_keeps_the_configuration(self):
        loader = mock.Mock(return_value=3)
        loader("a")
        copied = copy.copy(loader)
        self.assertEqual(copied(), 3)
        self.assertEqual(loader.call_args_list, [call("a"), call()])


if __name__ == "__main__":
    unittest.main()
