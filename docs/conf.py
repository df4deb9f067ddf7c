"""Sphinx configuration for amock's documentation (built with -n -W by ``nox -s docs``)."""

from __future__ import annotations

import importlib.metadata

project = "amock"
author = "the amock developers"
copyright = "2026, the amock developers"  # noqa: A001 - Sphinx's setting name
release = importlib.metadata.version("amock-async")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
myst_heading_anchors = 3
exclude_patterns = ["_build", "conftest.py"]

html_theme = "furo"
html_title = "amock"

autodoc_typehints = "none"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# No network here, so no intersphinx: references into the standard library and
# the dependencies stay plain text instead of warnings.
nitpick_ignore_regex = [
    (r"py:.*", r"(unittest|typing|collections|asyncio|inspect|contextlib|wrapt|types)(\..*)?"),
    (r"py:.*", r"(Any|Callable|Iterable|Mapping|Proto|Shape|Target|T|_T|_F)"),
    (r"py:.*", r"amock\._.*"),
    (r"py:.*", r"(InvalidSpecError|RuntimeError|TypeError|AttributeError|ValueError)"),
]
