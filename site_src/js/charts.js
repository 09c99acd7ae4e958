/* Draws the charts of a page with plotly.js. The page loads this file only (deferred);
   this file loads plotly.js itself, and only when it is needed: the first time a chart
   comes within about one screen of the viewport (an IntersectionObserver, or at once for
   a chart that is that near when the page opens), it adds a <script> for the bundle named
   by its own `data-plotly` attribute (generator/charts/, plotly_asset: same origin, so
   `script-src 'self'` allows it; a relative address, so a page opened from disk works
   too). Each chart is drawn as it comes that near; one never scrolled to is never drawn,
   and a page never scrolled to a chart never downloads plotly.js.

   Each chart's figure is in a <script type="application/json" class="chart-spec"> block
   written by the build (generator/charts/): labels, hover texts and ticks are already in
   the page's language; this file only draws. Nothing here is inline and nothing injects a
   <style>, so the page runs under `script-src 'self'; style-src 'self'`.

   Progressive enhancement: without this script (or without plotly.js), and until a chart
   is drawn, its data table is shown open instead. Once drawn, the table folds away under
   its summary line, one click from view, and its PNG button appears. Elder mode (site.js)
   redraws the drawn charts with larger text; the others are drawn with it. */
(function () {
  "use strict";
  var Plotly = null;
  var root = document.documentElement;
  var charts = [];
  // The address of plotly.js, relative to the page (read now: currentScript is only set
  // while this file runs for the first time).
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-plotly");
  var loading = false;
  var wanted = []; // near the viewport, waiting for plotly.js
  var NEAR = "100% 0px"; // one viewport above and below
  var BASE_SIZE = 14;
  var ELDER_SIZE = 18;
  var PNG_WIDTH = 960;
  var PNG_TITLE_SPACE = 56;
  var PNG_LEGEND_SPACE = 32;

  // plotly.js adds its CSS rules to the sheet with this id (charts.css, same origin, so
  // the CSP allows it). Opened from disk (file://) a page may not touch its own sheets:
  // then plotly.js must make its own <style>, which is fine there (no CSP on file://).
  // This runs before plotly.js is loaded, which is when it looks for the sheet.
  var sheet = document.getElementById("plotly.js-style-global");
  if (sheet) {
    try {
      void sheet.sheet.cssRules;
    } catch (e) {
      sheet.removeAttribute("id");
    }
  }

  function fontSize() {
    return root.classList.contains("elder") ? ELDER_SIZE : BASE_SIZE;
  }

  // The page's own font and text colour (elder mode and prefers-contrast change them).
  // Bar charts are laid out in ems (generator/charts/): scaling the height and the
  // margins with the font keeps every label in its place.
  function themed(chart) {
    var style = window.getComputedStyle(chart.plot);
    var size = fontSize();
    var layout = chart.spec.layout;
    var scale = function (px) {
      return Math.round((px || 0) * size / BASE_SIZE);
    };
    return {
      "font.family": style.fontFamily,
      "font.color": style.color,
      "font.size": size,
      "hoverlabel.font.family": style.fontFamily,
      "hoverlabel.font.size": size,
      "margin.t": scale(layout.margin.t),
      "margin.b": scale(layout.margin.b),
      "margin.r": scale(layout.margin.r),
      "margin.l": scale(layout.margin.l),
      height: scale(layout.height)
    };
  }

  function apply(layout, update) {
    Object.keys(update).forEach(function (path) {
      var keys = path.split(".");
      var target = layout;
      for (var i = 0; i < keys.length - 1; i++) {
        target[keys[i]] = target[keys[i]] || {};
        target = target[keys[i]];
      }
      target[keys[keys.length - 1]] = update[path];
    });
    return layout;
  }

  function download(chart) {
    // The PNG carries the title (unit, year and chart) the page shows above the chart:
    // draw a copy with the title off screen, save it, throw it away.
    var holder = document.createElement("div");
    holder.className = "chart-offscreen";
    document.body.appendChild(holder);
    var layout = JSON.parse(JSON.stringify(chart.plot.layout));
    var margin = layout.margin || {};
    var extra = PNG_TITLE_SPACE + (chart.spec.png.legend ? PNG_LEGEND_SPACE : 0);
    layout.title = {text: chart.spec.png.title, x: 0.01, xanchor: "left", y: 0.99,
                    yanchor: "top"};
    layout.showlegend = chart.spec.png.legend;
    layout.legend = {orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom"};
    layout.margin = {l: margin.l, r: margin.r, b: margin.b, t: (margin.t || 0) + extra,
                     pad: margin.pad, autoexpand: false};
    layout.height = (layout.height || 400) + extra;
    layout.width = PNG_WIDTH;
    layout.autosize = false;
    layout.paper_bgcolor = "#ffffff";
    var config = {staticPlot: true, displayModeBar: false, typesetMath: false,
                  showTips: false};
    var done = function () {
      Plotly.purge(holder);
      holder.parentNode.removeChild(holder);
    };
    return Plotly.newPlot(holder, chart.plot.data, layout, config).then(function (gd) {
      return Plotly.downloadImage(gd, {format: "png", filename: chart.spec.png.filename,
                                       width: PNG_WIDTH, height: layout.height, scale: 2});
    }).then(done, function (error) {
      done();
      throw error;
    });
  }

  // The page takes its final shape at once (before "load"): the table folds, the PNG
  // button shows. Should the drawing fail, the table opens again.
  function drawing(chart, on) {
    var figure = chart.figure;
    figure.classList.toggle("chart-drawn", on);
    var details = figure.querySelector("details.chart-data");
    if (details && (!on || window.location.hash !== "#" + details.id)) {
      details.open = !on;
    }
    var png = figure.querySelector(".chart-png-wrap");
    if (png) {
      png.hidden = !on;
    }
  }

  function draw(block) {
    var plot = document.getElementById(block.getAttribute("data-plot"));
    if (!plot) {
      return;
    }
    var spec = JSON.parse(block.textContent);
    var chart = {plot: plot, spec: spec, figure: plot.closest("figure")};
    var layout = apply(JSON.parse(JSON.stringify(spec.layout)), themed(chart));
    charts.push(chart);
    drawing(chart, true);
    var png = chart.figure.querySelector("button.chart-png");
    if (png) {
      png.addEventListener("click", function () {
        download(chart);
      });
    }
    Plotly.newPlot(plot, spec.data, layout, spec.config).catch(function (error) {
      drawing(chart, false);
      throw error;
    });
  }

  // A link to a chart's folded data table opens it.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (target && target.matches && target.matches("details.chart-data")) {
      target.open = true;
    }
  }

  function restyle() {
    charts.forEach(function (chart) {
      if (chart.figure.classList.contains("chart-drawn")) {
        Plotly.relayout(chart.plot, themed(chart));
      }
    });
  }

  function loaded() {
    Plotly = window.Plotly || null;
    if (!Plotly) {
      return; // plotly.js did not run: the tables stay open
    }
    wanted.splice(0).forEach(draw);
  }

  // Added before the page's "load" event (a chart near the top), the script holds that
  // event back until it has run and drawn those charts, as the deferred script did.
  function load() {
    if (loading) {
      return;
    }
    loading = true;
    if (window.Plotly) {
      loaded();
      return;
    }
    var tag = document.createElement("script");
    tag.src = bundle;
    tag.addEventListener("load", loaded);
    document.head.appendChild(tag);
  }

  function want(block) {
    if (Plotly) {
      draw(block);
    } else {
      wanted.push(block);
      load();
    }
  }

  // Is the element within one viewport of the visible part of the page? (What the
  // observer's NEAR margin sees, checked at once when the page opens.)
  function near(element) {
    var box = element.getBoundingClientRect();
    var height = window.innerHeight || root.clientHeight;
    return box.bottom >= -height && box.top <= 2 * height;
  }

  function start() {
    window.addEventListener("hashchange", openTarget);
    openTarget();
    new MutationObserver(restyle).observe(root, {attributes: true,
                                                  attributeFilter: ["class"]});
    var blocks = document.querySelectorAll("script.chart-spec[data-plot]");
    if (!bundle || !blocks.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      Array.prototype.forEach.call(blocks, want);
      return;
    }
    var byPlot = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          want(byPlot[entry.target.id]);
        }
      });
    }, {rootMargin: NEAR});
    Array.prototype.forEach.call(blocks, function (block) {
      var plot = document.getElementById(block.getAttribute("data-plot"));
      if (!plot) {
        return;
      }
      if (near(plot)) {
        want(block);
      } else {
        byPlot[plot.id] = block;
        observer.observe(plot);
      }
    });
  }

  // Deferred, this file runs once the page is parsed (its stylesheets in, so `near`
  // measures the real layout), just before DOMContentLoaded.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
