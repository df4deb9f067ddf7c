"""Settings, from a JSON file and the environment (which wins)."""

import json
import os
from dataclasses import dataclass

DEFAULTS = {
    "base_url": "https://pantry.example.org/api",
    "timeout": 5.0,
    "low_stock": 3,
    "debug": False,
}


@dataclass(frozen=True)
class Settings:
    base_url: str
    token: str | None
    timeout: float
    low_stock: int
    debug: bool


def read_config(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def write_config(path, values):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(values, handle, indent=2, sort_keys=True)
        handle.write("\n")


def load_settings(path=None):
    values = dict(DEFAULTS)
    if path is not None:
        values.update(read_config(path))
    env = os.environ
    if "PANTRY_URL" in env:
        values["base_url"] = env["PANTRY_URL"]
    if "PANTRY_TIMEOUT" in env:
        values["timeout"] = float(env["PANTRY_TIMEOUT"])
    if "PANTRY_LOW_STOCK" in env:
        values["low_stock"] = int(env["PANTRY_LOW_STOCK"])
    values["debug"] = env.get("PANTRY_DEBUG", str(values["debug"])).lower() in {"1", "true", "yes"}
    return Settings(token=env.get("PANTRY_TOKEN"), **values)
