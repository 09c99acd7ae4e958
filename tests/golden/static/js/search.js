/* The search page (templates/search.html): Pagefind's JS API over the index the build
   writes to pagefind/ (generator/search/). Self-hosted; the page's CSP allows the
   WebAssembly and same-site fetches it needs (docs/publishing.md). Without this script
   the page shows how to browse to the same things; the form appears only when it runs.
   A result is a page (a disclosure, the glossary) with the places in it where the words
   were found (Pagefind's sub-results: a section, a table, a term), each a link to its
   anchor. Results are built as DOM nodes (text only, Pagefind's <mark> kept as <mark>). */
(function () {
  "use strict";
  var PAGE = 20;
  var PLACES = 6; // sub-results shown under a page

  var format = window.portalText.fill; // site.js

  /* Pagefind's excerpt is HTML with <mark> around the words found: keep the text and
     the marks, nothing else. */
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function init() {
    var form = document.querySelector(".search-form");
    if (!form || !window.fetch || !window.WebAssembly) {
      return;
    }
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var data = form.dataset;
    var root = new URL(".", new URL(data.root, window.location.href));
    var pagefind = null;
    var current = 0;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.textContent = data.more;
    more.hidden = true;
    list.insertAdjacentElement("afterend", more);
    form.hidden = false;

    function load() {
      if (!pagefind) {
        var bundle = new URL(data.bundle, window.location.href).href;
        pagefind = import(bundle).then(function (module) {
          return module.options({ baseUrl: root.pathname }).then(function () {
            module.init();
            return module;
          });
        });
      }
      return pagefind;
    }

    function item(result) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "search-kind search-kind-" + (result.meta.kind || "");
      kind.textContent = data["kind" + (result.meta.kind || "").replace(/^./, function (c) {
        return c.toUpperCase();
      })] || "";
      var a = document.createElement("a");
      a.href = result.url;
      a.textContent = result.meta.title || result.url;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      if (result.meta.place) {
        var place = document.createElement("span");
        place.className = "search-place";
        place.textContent = result.meta.place;
        li.appendChild(place);
      }
      // The places with most matches first (in page order among equals).
      var places = (result.sub_results || []).filter(function (sub) {
        return sub.url.indexOf("#") !== -1;
      }).map(function (sub, i) {
        return { sub: sub, i: i, hits: (sub.locations || []).length };
      }).sort(function (a, b) {
        return b.hits - a.hits || a.i - b.i;
      }).slice(0, PLACES).map(function (p) { return p.sub; });
      if (!places.length) {
        if (result.excerpt) {
          li.appendChild(excerpt(result.excerpt));
        }
        return li;
      }
      var ul = document.createElement("ul");
      ul.className = "search-places";
      places.forEach(function (sub) {
        var row = document.createElement("li");
        var link = document.createElement("a");
        link.href = sub.url;
        link.textContent = sub.title;
        row.appendChild(link);
        if (sub.excerpt) {
          row.appendChild(excerpt(sub.excerpt));
        }
        ul.appendChild(row);
      });
      li.appendChild(ul);
      return li;
    }

    function show(results, from, run) {
      var slice = results.slice(from, from + PAGE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (found) {
        if (run !== current) {
          return;
        }
        found.forEach(function (r) { list.appendChild(item(r)); });
        var shown = from + slice.length;
        more.hidden = shown >= results.length;
        more.onclick = function () { show(results, shown, run); };
      });
    }

    function search(query) {
      var run = ++current;
      list.textContent = "";
      more.hidden = true;
      if (!query) {
        status.textContent = "";
        return;
      }
      status.textContent = data.statusBusy;
      load().then(function (module) {
        return module.search(query);
      }).then(function (response) {
        if (run !== current) {
          return;
        }
        var results = response.results;
        status.textContent = format(results.length ? data.statusCount : data.statusNone,
                                    { q: query, n: results.length });
        return show(results, 0, run);
      }).catch(function () {
        status.textContent = data.statusFailed;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var url = new URL(window.location.href);
      if (query) {
        url.searchParams.set("q", query);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.href);
      search(query);
    });
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { search(input.value.trim()); }, 250);
    });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) {
      input.value = initial;
      search(initial.trim());
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
