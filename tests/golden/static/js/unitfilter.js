/* Home page, progressive enhancement only: without this file the page is the complete
   list of units, grouped by supervising department.
   - Filter box: the hidden <div data-unit-filter> is shown; typing narrows the list to the
     units whose Chinese name (data-zh), English name (data-en) or pinyin (data-py: the
     initials, then the full syllables, computed at build time) contains what is typed.
     Groups and regions with no match hide, groups with a match open; clearing the box
     brings back the list as it was. A status line (role="status") says how many match. */
(function () {
  "use strict";

  var ANNOUNCE_DELAY = 400; // ms after the last keystroke: one announcement, not one per key

  var fold = window.portalText.fold; // site.js
  var fill = window.portalText.fill;

  function count(n) {
    // As the build writes counts (formatting.count): digits grouped by commas.
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function matches(entry, query, compact) {
    var zh = entry.getAttribute("data-zh") || "";
    var en = entry.getAttribute("data-en") || "";
    var py = entry.getAttribute("data-py") || "";
    return zh.indexOf(query) !== -1 || zh.replace(/ /g, "").indexOf(compact) !== -1 ||
      en.indexOf(query) !== -1 ||
      (compact !== "" && py.split(" ").some(function (key) {
        return key.indexOf(compact) === 0 || (compact.length > 1 && key.indexOf(compact) !== -1);
      }));
  }

  function init(box) {
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    var groups = list.querySelectorAll("[data-unit-group]");
    var entries = list.querySelectorAll(".unit-entry");
    var total = entries.length;
    var saved = null; // each group's open state before filtering began
    var timer = null;
    var lastQuery = "";

    function say(shown, query) {
      var key = query === "" ? "data-all" : shown === 0 ? "data-none" :
        shown === 1 ? "data-status-one" : "data-status";
      status.textContent = fill(box.getAttribute(key), {
        shown: count(shown), total: count(total)});
    }

    function apply() {
      var query = fold(input.value);
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      var compact = query.replace(/ /g, "");
      var i;
      if (query !== "" && saved === null) {
        saved = [];
        for (i = 0; i < groups.length; i++) {
          saved.push(groups[i].querySelector("details").open);
        }
      }
      var shown = 0;
      for (i = 0; i < entries.length; i++) {
        var hit = query === "" || matches(entries[i], query, compact);
        entries[i].hidden = !hit;
        if (hit) {
          shown++;
        }
      }
      for (i = 0; i < groups.length; i++) {
        var group = groups[i];
        var regions = group.querySelectorAll("[data-region-group]");
        for (var j = 0; j < regions.length; j++) {
          regions[j].hidden = !regions[j].querySelector(".unit-entry:not([hidden])");
        }
        var inGroup = group.querySelectorAll(".unit-entry:not([hidden])").length;
        var any = inGroup > 0;
        group.hidden = !any;
        var match = group.querySelector(".group-match");
        if (!match) {
          match = document.createElement("span");
          match.className = "group-match";
          group.querySelector("summary").appendChild(match);
        }
        match.hidden = query === "";
        match.textContent = fill(box.getAttribute("data-group-match"), {shown: count(inGroup)});
        if (query !== "") {
          group.querySelector("details").open = any;
        } else if (saved !== null) {
          group.querySelector("details").open = saved[i];
        }
      }
      if (query === "") {
        saved = null;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { say(shown, query); }, ANNOUNCE_DELAY);
    }

    box.hidden = false;
    input.addEventListener("input", apply);
    input.addEventListener("search", apply); // the clear button of type=search
    if (input.value !== "") { // kept by the browser on going back to the page
      apply();
    }
  }

  function start() {
    var boxes = document.querySelectorAll("[data-unit-filter]");
    for (var i = 0; i < boxes.length; i++) {
      init(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
