/* Progressive enhancement only: every page reads fully without this file.
   - Elder mode (larger text, wider lines, stronger contrast): a toggle button, shown only
     when this script runs, remembered across pages in localStorage.
   - Escape hides a glossary definition shown on hover or focus (WCAG 1.4.13).
   - On touch screens (no hover), the first tap on a glossary term in the text shows its
     definition in place instead of leaving the page; a second tap follows the link to the
     glossary; a tap elsewhere closes it.
   - A disclosure's contents, folded for phones, are unfolded on wide screens.
   - A table wider than its scrolling box says so ("← scroll →" after its caption's unit,
     site.css), checked again whenever the box or the table changes size.
   - Following a link to a note in a folded list of notes unfolds it. */
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
    var hint = document.querySelector("main[data-scroll-hint]");
    var boxes = document.querySelectorAll(".table-scroll");
    // All boxes measured, then all marked: a mark between two measurements would make the
    // browser lay the page out again for each box (a long page has dozens of tables).
    function cue(list) {
      var over = [];
      for (var i = 0; i < list.length; i++) {
        over.push(list[i].scrollWidth > list[i].clientWidth);
      }
      for (var j = 0; j < list.length; j++) {
        list[j].classList.toggle("overflowing", over[j]);
      }
    }
    if (hint && boxes.length) {
      var text = hint.getAttribute("data-scroll-hint");
      for (var b = 0; b < boxes.length; b++) {
        // After the caption's unit (or title); a table without a caption: its first header.
        var units = boxes[b].querySelectorAll("caption .cap-unit, caption .cap-title");
        var place = units.length ? units[units.length - 1] :
          boxes[b].querySelector("caption, thead th");
        if (place) {
          place.setAttribute("data-scroll-hint", text);
        }
      }
      if (window.ResizeObserver) {
        // Called once for every box as it starts observing, then whenever one changes size.
        var observer = new window.ResizeObserver(function (entries) {
          var changed = [];
          for (var m = 0; m < entries.length; m++) {
            var box = entries[m].target.closest(".table-scroll");
            if (changed.indexOf(box) < 0) {
              changed.push(box);
            }
          }
          cue(changed);
        });
        for (var k = 0; k < boxes.length; k++) {
          observer.observe(boxes[k]);
          var table = boxes[k].querySelector("table");
          if (table) {
            observer.observe(table);
          }
        }
      } else {
        cue(boxes);
      }
    }

    function unfold() {
      var target = window.location.hash && document.getElementById(
        decodeURIComponent(window.location.hash.slice(1)));
      var fold = target && target.closest("details");
      if (fold && !fold.open) {
        fold.open = true;
        target.scrollIntoView();
      }
    }
    window.addEventListener("hashchange", unfold);
    unfold();

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
