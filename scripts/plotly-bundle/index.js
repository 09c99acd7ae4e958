'use strict';

// The plotly.js of the site's charts: the core (which always holds the scatter trace,
// the layout components such as annotations and legends, and the image export behind
// Plotly.downloadImage) with only the trace types generator/charts.py draws. This is
// plotly.js's documented partial-bundle route, as in its own lib/index-basic.js.
// A new trace type in generator/charts.py needs a line here, then
// scripts/build-plotly-bundle.sh (tests/test_plotly_bundle.py fails until then).

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/treemap')
]);

module.exports = Plotly;
