/* Progressive enhancement only: every page reads fully without this file.
   - Elder mode (larger text, wider lines, stronger contrast): a toggle button, shown only
     when this script runs, remembered across pages in localStorage.
   - Escape hides a glossary definition shown on hover or focus (WCAG 1.4.13).
   - On touch screens (no hover), the first tap on a glossary term in the text shows its
     definition in place instead of leaving the page; a second tap follows the link to the
     glossary; a tap elsewhere closes it. */
(function () {
  "use strict";
  var KEY = "portal-elder-mode";

  /* Text helpers the page scripts share (unitfilter.js, glossary.js, search.js: each is
     deferred after this file). */
  window.portalText = {
    // As the build folds names (generator/names.py fold): full-width letters as ASCII,
    // lower case, single spaces.
    fold: function (text) {
      var folded = text.normalize ? text.normalize("NFKC") : text;
      return folded.toLowerCase().replace(/\s+/g, " ").replace(/^ | $/g, "");
    },
    // An interface string from locales/ with its {name} fields filled in.
    fill: function (template, values) {
      return template.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
      });
    }
  };
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

    var noHover = window.matchMedia ? window.matchMedia("(hover: none)") : null;
    function closeTips(except) {
      var shown = document.querySelectorAll(".term.tip-open");
      for (var k = 0; k < shown.length; k++) {
        if (shown[k] !== except) {
          shown[k].classList.remove("tip-open");
          shown[k].querySelector(".term-link").setAttribute("aria-expanded", "false");
        }
      }
    }
    document.addEventListener("click", function (event) {
      if (!noHover || !noHover.matches || !event.target.closest) {
        return;
      }
      var link = event.target.closest(".term-link");
      var term = link && link.parentElement;
      closeTips(term);
      if (term && !term.classList.contains("tip-open")) {
        event.preventDefault();
        term.classList.remove("tip-dismissed");
        term.classList.add("tip-open");
        link.setAttribute("aria-expanded", "true");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
