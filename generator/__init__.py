"""Static-site generator for public fiscal transparency portals (决算公开)."""

from pathlib import Path

from .compiled import use_sources_where_needed

__version__ = "0.1.0"

PACKAGE = Path(__file__).resolve().parent
"""This package's folder (its code is part of the build cache's key)."""
PROJECT = PACKAGE.parent
"""The project's folder: templates/, locales/, site_src/, schema/, docs/ beside the package."""

use_sources_where_needed(__name__, PACKAGE)
