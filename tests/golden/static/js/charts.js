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

   A treemap's spec carries a `phone` alternative (bars of its first level): below its
   `below` width the boxes are too small to read, so that is drawn instead (and redrawn
   when the width crosses it).

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
  var PNG_TITLE_SPACE = 72;
  var PNG_LEGEND_SPACE = 32;
  var PNG_FOOTER_LINE = 20;

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
  function themed(chart, base) {
    var style = window.getComputedStyle(chart.plot);
    var size = fontSize();
    var layout = base || chart.shown.layout;
    var scale = function (px) {
      return Math.round((px || 0) * size / BASE_SIZE);
    };
    var update = {
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
    if (layout.uniformtext) {
      // Text too small to read at this size is hidden, not shrunk (hover and table
      // still give it); the threshold grows with elder mode.
      update["uniformtext.minsize"] = scale(layout.uniformtext.minsize);
    }
    return update;
  }

  // The figure for this viewport: a treemap's bars below its phone width.
  function figureFor(spec) {
    var phone = spec.phone;
    if (phone && window.innerWidth < phone.below) {
      return {data: phone.data, layout: phone.layout, phone: true};
    }
    return {data: spec.data, layout: spec.layout, phone: false};
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
    // The full figure (a treemap, not its phone bars: the image is 960 px wide).
    var layout = apply(JSON.parse(JSON.stringify(chart.spec.layout)),
                       themed(chart, chart.spec.layout));
    var margin = layout.margin || {};
    var png = chart.spec.png;
    var footer = png.footer_lines || 0;
    var bottom = footer ? PNG_FOOTER_LINE * footer + 16 : 0;
    var extra = PNG_TITLE_SPACE + (png.legend ? PNG_LEGEND_SPACE : 0);
    layout.title = {text: png.title, xref: "paper", x: 0, xanchor: "left",
                    yref: "container", y: 1, yanchor: "top", pad: {t: 14}};
    layout.showlegend = png.legend;
    layout.legend = {orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom"};
    // The export only: the unit under the title, the source and the licence at the foot,
    // so the image says what it shows wherever it goes.
    layout.annotations = (layout.annotations || []).concat([
      {text: png.unit, xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 1,
       yanchor: "bottom", yshift: extra - PNG_TITLE_SPACE + 28, showarrow: false,
       align: "left"},
      {text: png.footer, xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 0,
       yanchor: "top", yshift: -(margin.b || 0), showarrow: false, align: "left",
       font: {size: 12, color: "#4a4a4a"}}
    ]);
    layout.margin = {l: margin.l, r: margin.r, b: (margin.b || 0) + bottom,
                     t: (margin.t || 0) + extra, pad: margin.pad, autoexpand: false};
    layout.height = (layout.height || 400) + extra + bottom;
    var config = {staticPlot: true, displayModeBar: false, typesetMath: false,
                  showTips: false};
    var done = function () {
      Plotly.purge(holder);
      holder.parentNode.removeChild(holder);
    };
    return Plotly.newPlot(holder, chart.spec.data, layout, config).then(function (gd) {
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
    // Its own table, or the section's table after it that holds its figures.
    var details = figure.querySelector("details.chart-data") ||
      document.getElementById(figure.getAttribute("data-table") || "");
    if (details && (!on || window.location.hash !== "#" + details.id)) {
      details.open = !on;
    }
    var png = figure.querySelector(".chart-png-wrap");
    if (png) {
      png.hidden = !on;
    }
    smallList(chart, on);
  }

  // The list of parts too small to see belongs to the treemap: the phone bars draw
  // every part, so it is hidden while they are shown (and without a drawing, kept).
  function smallList(chart, on) {
    var small = chart.figure.querySelector(".chart-small");
    if (small) {
      small.hidden = on && chart.shown.phone;
    }
  }

  function draw(block) {
    var plot = document.getElementById(block.getAttribute("data-plot"));
    if (!plot) {
      return;
    }
    var spec = JSON.parse(block.textContent);
    var chart = {plot: plot, spec: spec, figure: plot.closest("figure"),
                 shown: figureFor(spec)};
    var layout = apply(JSON.parse(JSON.stringify(chart.shown.layout)), themed(chart));
    charts.push(chart);
    drawing(chart, true);
    var png = chart.figure.querySelector("button.chart-png");
    if (png) {
      png.addEventListener("click", function () {
        download(chart);
      });
    }
    Plotly.newPlot(plot, chart.shown.data, layout, spec.config).catch(function (error) {
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

  // A treemap whose viewport crossed its phone width is drawn again as the other figure.
  function resized() {
    charts.forEach(function (chart) {
      var shown = figureFor(chart.spec);
      if (shown.phone !== chart.shown.phone &&
          chart.figure.classList.contains("chart-drawn")) {
        chart.shown = shown;
        smallList(chart, true);
        var layout = apply(JSON.parse(JSON.stringify(shown.layout)), themed(chart));
        Plotly.react(chart.plot, shown.data, layout, chart.spec.config);
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
    window.addEventListener("resize", resized);
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
