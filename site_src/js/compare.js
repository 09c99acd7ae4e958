/* Comparison pages, progressive enhancement only: every figure is reachable without this
   file, by the links to every two-year page and the table as served (sorted by name).
   - Year picker: the hidden <form data-compare-picker> is shown; choosing two years opens
     the page of that pair, found among the page's own links (a[data-pair="<a>-<b>"]).
   - Sortable table: <table data-sortable> gets a button in each column heading; sorting
     sets aria-sort; rows sort on data-sort-value (numbers exactly, not stated last). */
(function () {
  "use strict";

  function initPicker(form) {
    var from = form.querySelector("select[name=from]");
    var to = form.querySelector("select[name=to]");
    var message = form.querySelector(".picker-message");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = parseInt(from.value, 10);
      var b = parseInt(to.value, 10);
      if (a === b) {
        message.textContent = message.getAttribute("data-same");
        to.focus();
        return;
      }
      var pair = Math.min(a, b) + "-" + Math.max(a, b);
      var target = document.querySelector('a[data-pair="' + pair + '"]');
      if (target) {
        message.textContent = "";
        window.location.href = target.href;
      }
    });
  }

  /* Compare two decimal strings ("1958.13", "-0.25") exactly, without floats. */
  function compareDecimals(x, y) {
    var nx = x.charAt(0) === "-";
    var ny = y.charAt(0) === "-";
    if (nx !== ny) {
      return nx ? -1 : 1;
    }
    var sign = nx ? -1 : 1;
    var px = (nx ? x.slice(1) : x).split(".");
    var py = (ny ? y.slice(1) : y).split(".");
    var ix = px[0].replace(/^0+(?=\d)/, "");
    var iy = py[0].replace(/^0+(?=\d)/, "");
    if (ix.length !== iy.length) {
      return sign * (ix.length < iy.length ? -1 : 1);
    }
    var fx = px[1] || "";
    var fy = py[1] || "";
    while (fx.length < fy.length) { fx += "0"; }
    while (fy.length < fx.length) { fy += "0"; }
    var sx = ix + fx;
    var sy = iy + fy;
    if (sx === sy) {
      return 0;
    }
    return sign * (sx < sy ? -1 : 1);
  }

  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? (cell.getAttribute("data-sort-value") || "") : "";
  }

  function initSortable(table) {
    var headers = table.querySelectorAll("thead th[data-sort]");
    var body = table.tBodies[0];
    var template = table.getAttribute("data-sort-label") || "{column}";
    var hint = document.querySelector(".sort-hint");
    if (hint) {
      hint.hidden = false;
    }
    Array.prototype.forEach.call(headers, function (th, index) {
      var label = th.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = label;
      button.setAttribute("aria-label", template.replace("{column}", label));
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-sort") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var v1 = cellValue(r1, index);
          var v2 = cellValue(r2, index);
          if (v1 === "" || v2 === "") {  // not stated sorts last either way
            return (v1 === "") - (v2 === "");
          }
          var order = numeric ? compareDecimals(v1, v2) : v1.localeCompare(v2, document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-compare-picker]"), initPicker);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), initSortable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
