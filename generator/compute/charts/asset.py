"""The site's own plotly.js bundle, written once by the build (see docs/charts.md)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache

from .model import PROJECT


@dataclass(frozen=True)
class PlotlyAsset:
    path: str
    """Site path (`static/vendor/plotly-<version>-custom-<sha256 prefix>.min.js`): the
    plotly.js version and the bundle's own hash in the name, so a host may cache it for
    good and a rebuilt bundle is a new address."""
    data: bytes
    css_guard_ids: tuple[str, ...]
    version: str
    """The plotly.js version the bundle was built from."""
    traces: tuple[str, ...]
    """The trace types it holds (`site_src/vendor/plotly-custom.json`)."""


PLOTLY_BUNDLE = PROJECT / "site_src" / "vendor" / "plotly-custom.min.js"
"""plotly.js with only the trace types the charts use, built by
scripts/build-plotly-bundle.sh (committed; the site build needs no node)."""
PLOTLY_BUNDLE_INFO = PLOTLY_BUNDLE.with_name("plotly-custom.json")
"""What the bundle is: plotly.js and esbuild versions, trace types, sha256, gzip size
(tests/test_plotly_bundle.py holds it to the Python `plotly` package and to the specs)."""

PLOTLY_STYLE_ID = "plotly.js-style-global"
"""plotly.js puts its global CSS rules into the element with this id, creating a <style>
when there is none (which `style-src 'self'` blocks). The page gives it a same-origin
<link rel="stylesheet"> with this id instead: plotly.js adds its rules to that sheet with
CSSOM insertRule, which the CSP allows."""

_GUARD = re.compile(r'document\.getElementById\("([0-9a-f]{16,})"\)\)\{var \w+='
                    r'document\.createElement\("style"\)')


@cache
def plotly_asset() -> PlotlyAsset:
    """The custom plotly.js bundle of site_src/vendor/ and what its JSON record says."""
    data = PLOTLY_BUNDLE.read_bytes()
    info = json.loads(PLOTLY_BUNDLE_INFO.read_text(encoding="utf-8"))
    version = info["plotly.js"]
    digest = hashlib.sha256(data).hexdigest()  # the file's own: a changed file, a new path
    guards = tuple(dict.fromkeys(_GUARD.findall(data.decode("utf-8", "replace"))))
    return PlotlyAsset(f"static/vendor/plotly-{version}-custom-{digest[:12]}.min.js", data,
                       guards, version, tuple(info["traces"]))


def plotly_css_guard_ids() -> tuple[str, ...]:
    """Ids under which a library bundled in plotly.js would inject CSS it needs only for
    maps (maplibre's stylesheet, injected by esbuild's CSS plugin when the bundle loads):
    such a library skips the injection when an element with its id already exists, so the
    page holds an empty <template> with each id. The custom bundle has no map trace and
    leaves maplibre's stylesheet out, so there are none today; should a rebuilt bundle
    bring one back, the page guards it again."""
    return plotly_asset().css_guard_ids
