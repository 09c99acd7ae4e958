"""Relative links: the site's own fast relative path equals `posixpath.relpath` for every
pair of paths a page links between, site paths or not."""

from __future__ import annotations

import itertools
import posixpath

from generator.site.urls import _relpath

TARGETS = ["index.html", "static/css/site.css", "units/a/index.html",
           "units/a/2024/index.html", "units/a/compare/2023-2024/index.html",
           "units/ab/index.html", "en/units/a/2024/index.html", "en/index.html",
           "downloads/units/a/2024/a-2024.zip", "units/a", "units", "en",
           # not plain site paths: the general rule takes them
           "./index.html", "units/../en/index.html", "units//a/index.html", "units/a/",
           ".well-known/x.txt"]
FOLDERS = [".", "units", "units/a", "units/a/2024", "units/a/compare/2023-2024", "units/ab",
           "en", "en/units/a/2024", "downloads/units/a/2024", "units/a/", "./units"]


def test_relative_paths_equal_posixpath() -> None:
    for path, start in itertools.product(TARGETS, FOLDERS):
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
