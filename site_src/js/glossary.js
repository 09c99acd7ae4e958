/* Glossary page, progressive enhancement only: without this file the page is the full
   list of terms, sorted, with its jump links.
   - Filter box: the hidden .glossary-filter is shown; typing narrows the list to the
     entries whose data-words (folded at build time: the term in both languages, its
     aliases, pinyin initials and syllables, its definition and plain words) contain what
     is typed, spaces ignored. Letter groups with no match hide, and so do their jump
     links. A status line (role="status") says how many match. */
(function () {
  "use strict";

  var ANNOUNCE_DELAY = 400; // ms after the last keystroke: one announcement, not one per key

  var fold = window.portalText.fold;
  var fill = window.portalText.fill;

  function init() {
    var box = document.querySelector(".glossary-filter");
    if (!box) {
      return;
    }
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".glossary-entry"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".glossary-group"));
    var jumps = document.querySelectorAll(".glossary-jump a");
    var timer = null;
    box.hidden = false;

    function apply() {
      var query = fold(input.value);
      var compact = query.replace(/ /g, "");
      var shown = 0;
      entries.forEach(function (entry) {
        var words = entry.getAttribute("data-words") || "";
        var hit = !query || words.indexOf(query) !== -1 ||
          words.replace(/ /g, "").indexOf(compact) !== -1;
        entry.hidden = !hit;
        if (hit) {
          shown += 1;
        }
      });
      groups.forEach(function (group, i) {
        var any = group.querySelector(".glossary-entry:not([hidden])") !== null;
        group.hidden = !any;
        if (jumps[i]) {
          jumps[i].parentElement.hidden = !any;
        }
      });
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (!query) {
          status.textContent = "";
        } else if (shown === 0) {
          status.textContent = fill(box.getAttribute("data-none"), { q: input.value.trim() });
        } else {
          status.textContent = fill(box.getAttribute("data-status"),
                                    { n: shown, total: entries.length });
        }
      }, ANNOUNCE_DELAY);
    }

    input.addEventListener("input", apply);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
