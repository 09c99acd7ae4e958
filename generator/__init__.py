"""Static-site generator for public fiscal transparency portals (决算公开)."""

__version__ = "0.1.0"
