# ruff: noqa: PT009
"""Found here: stacked ``patch.dict`` decorators are entered in the stdlib's order."""

import os
import unittest
from unittest.mock import patch

from pantry.config import load_settings


@patch.dict(os.environ, {"PANTRY_TOKEN": "from-the-class"})
class TokenTests(unittest.TestCase):
    @patch.dict(os.environ, {"PANTRY_TOKEN": "from-the-method"})
    def test_the_method_decorator_wins(self):
        self.assertEqual(load_settings().token, "from-the-method")

    def test_the_class_decorator_alone(self):
        self.assertEqual(load_settings().token, "from-the-class")


@patch.dict(os.environ, clear=True)
class CleanEnvironmentTests(unittest.TestCase):
    @patch.dict(os.environ, {"PANTRY_LOW_STOCK": "9"})
    def test_a_value_set_on_a_cleared_environment(self):
        self.assertEqual(load_settings().low_stock, 9)

    def test_nothing_is_set(self):
        self.assertIsNone(load_settings().token)


@patch.dict(os.environ, {"PANTRY_URL": "https://outer"})
@patch.dict(os.environ, {"PANTRY_URL": "https://inner"})
def test_stacked_on_a_function_the_bottom_one_wins():
    assert load_settings().base_url == "https://inner"


if __name__ == "__main__":
    unittest.main()
