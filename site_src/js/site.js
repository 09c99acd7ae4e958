/* Progressive enhancement only: every page reads fully without this file.
   - Elder mode (larger text, wider lines, stronger contrast): a toggle button, shown only
     when this script runs, remembered across pages in localStorage.
   - Escape hides a glossary definition shown on hover or focus (WCAG 1.4.13).
   - A disclosure's contents, folded for phones, are unfolded on wide screens. */
(function () {
  "use strict";
  var KEY = "portal-elder-mode";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false; // storage may be blocked (private mode, file:// in some browsers)
    }
  }

  function store(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "1");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* the mode still applies to this page */
    }
  }

  function apply(on) {
    root.classList.toggle("elder", on);
    var buttons = document.querySelectorAll(".elder-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  if (stored()) {
    root.classList.add("elder");
  }

  function init() {
    var buttons = document.querySelectorAll(".elder-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        apply(on);
        store(on);
      });
    }
    apply(stored());

    if (window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
      var folds = document.querySelectorAll("details.toc-fold");
      for (var k = 0; k < folds.length; k++) {
        folds[k].open = true;
      }
    }

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var open = document.querySelectorAll(".term:hover, .term:focus-within");
      for (var j = 0; j < open.length; j++) {
        open[j].classList.add("tip-dismissed");
      }
    });
    function reset(event) {
      var term = event.target.closest && event.target.closest(".term");
      if (term) {
        term.classList.remove("tip-dismissed");
      }
    }
    document.addEventListener("mouseout", reset);
    document.addEventListener("focusout", reset);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
