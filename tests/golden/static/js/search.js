/* The search page (templates/search.html): the site's own search over the index the build
   writes to search-index/<lang>/ (generator/search/index.py, which documents its files).
   Self-hosted, no WebAssembly: the page's policy adds only same-site fetches
   (docs/publishing.md). Without this script the page shows how to browse to the same
   things; the form appears only when it runs.
   A query is cut into tokens as the index's text was (tokens(), the same as
   generator/search/tokens.py: CJK characters in overlapping pairs, any other run of
   letters and digits whole, English without its plural ending). The last word, and a lone
   CJK character, also find the tokens that begin with it, so results come while typing.
   A page is found when it has every token of the query; pages are ranked by BM25 over the
   tokens' weighted counts. A result is a page with the places in it where the words were
   found (a section, a table, a term), each a link to its anchor. Results are built as DOM
   nodes: text only, the words found in <mark>. */
(function () {
  "use strict";
  var PAGE = 20;
  var PLACES = 6; // places shown under a page
  var VERSION = 2; // of the index's format (index.py)
  var K1 = 1.2;
  var B = 0.75;
  var EXCERPT = 160; // characters of a place's lines shown around the first word found
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var RUN = /[\p{L}\p{N}]+/gu;
  var SPLIT = new RegExp("([" + CJK + "]+)");
  var WORD_CHAR = /[\p{L}\p{N}]/u;

  var format = window.portalText.fill; // site.js

  function stem(word) {
    if (word.length > 3 && /^[a-z]+$/.test(word)) {
      if (word.length > 4 && /ies$/.test(word)) {
        return word.slice(0, -3) + "y";
      }
      if (/s$/.test(word) && !/(ss|us|is)$/.test(word)) {
        return word.slice(0, -1);
      }
    }
    return word;
  }

  function segments(text) {
    var out = [];
    (text.normalize("NFKC").toLowerCase().match(RUN) || []).forEach(function (run) {
      run.split(SPLIT).forEach(function (part, i) {
        if (part) {
          out.push({ text: part, cjk: i % 2 === 1 });
        }
      });
    });
    return out;
  }

  function tokens(text) {
    var out = [];
    segments(text).forEach(function (s) {
      if (s.cjk) {
        for (var i = 0; i + 1 < s.text.length; i++) {
          out.push(s.text.slice(i, i + 2));
        }
        out.push(s.text.slice(-1));
      } else {
        out.push(stem(s.text));
      }
    });
    return out;
  }

  /* The query's terms ({token, prefix}, each once) and its words: each word (a CJK run,
     any other run) with its terms (by number) and the text marked where it is found. */
  function plan(query) {
    var terms = [];
    var words = [];
    var seen = {};
    var parts = segments(query);
    function add(token, prefix) {
      var key = (prefix ? "*" : "=") + token;
      if (seen[key] === undefined) {
        seen[key] = terms.length;
        terms.push({ token: token, prefix: prefix });
      }
      return seen[key];
    }
    parts.forEach(function (s, n) {
      var word = { text: s.text, terms: [] };
      if (!s.cjk) {
        word.text = stem(s.text);
        word.terms.push(add(word.text, n === parts.length - 1));
      } else if (s.text.length === 1) {
        word.terms.push(add(s.text, true));
      } else {
        for (var i = 0; i + 1 < s.text.length; i++) {
          word.terms.push(add(s.text.slice(i, i + 2), false));
        }
      }
      words.push(word);
    });
    return { terms: terms, words: words };
  }

  function fetchJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.json();
    });
  }

  function Index(url, root) {
    this.url = url;
    this.root = root;
    this.meta = null;
    this.files = {};
  }

  Index.prototype.file = function (path) {
    if (!this.files[path]) {
      this.files[path] = fetchJSON(new URL(path, this.url).href);
    }
    return this.files[path];
  };

  Index.prototype.load = function () {
    if (!this.meta) {
      this.meta = fetchJSON(this.url).then(function (meta) {
        if (meta.version !== VERSION) {
          throw new Error("search index version " + meta.version);
        }
        return meta;
      });
    }
    return this.meta;
  };

  /* The pages a term is in: {page: {weight, norm, places: {place: true}}}, with their
     count. The term's bucket's directory gives the chunks that may hold it. */
  Index.prototype.postings = function (meta, term) {
    var t = term.token;
    var directory = meta.directories[t.codePointAt(0) % meta.buckets];
    var last = t + "\uffff";
    var self = this;
    var chunks = !directory ? Promise.resolve([]) : this.file("d/" + directory + ".json")
      .then(function (list) {
        return Promise.all(list.filter(function (c) {
          return term.prefix ? c[0] <= last && c[1] >= t : c[0] <= t && t <= c[1];
        }).map(function (c) { return self.file("c/" + c[2] + ".json"); }));
      });
    return chunks.then(function (found) {
      var pages = {};
      var count = 0;
      found.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (token) {
          if (term.prefix ? token.lastIndexOf(t, 0) !== 0 : token !== t) {
            return;
          }
          var page = 0;
          chunk[token].forEach(function (entry) {
            page += entry[0];
            var p = pages[page];
            if (!p) {
              p = pages[page] = { weight: 0, norm: entry[2], places: {} };
              count += 1;
            }
            p.weight += entry[1];
            for (var i = 3; i < entry.length; i++) {
              p.places[entry[i]] = true;
            }
          });
        });
      });
      return { pages: pages, count: count };
    });
  };

  /* The pages with every term, best first: [{page, score, hits: {place: words}}], a
     place's hits the query's words all of whose terms are in it. */
  Index.prototype.find = function (query) {
    var planned = plan(query);
    var terms = planned.terms;
    var self = this;
    if (!terms.length) {
      return Promise.resolve([]);
    }
    return this.load().then(function (meta) {
      return Promise.all(terms.map(function (term) {
        return self.postings(meta, term);
      })).then(function (lists) {
        var fewest = lists.reduce(function (a, b) { return b.count < a.count ? b : a; });
        var found = [];
        Object.keys(fewest.pages).forEach(function (key) {
          if (!lists.every(function (list) { return list.pages[key]; })) {
            return;
          }
          var page = Number(key);
          var score = 0;
          var length = Math.pow(2, lists[0].pages[key].norm / 4) - 1;
          var norm = 1 - B + B * length / (meta.average || 1);
          lists.forEach(function (list) {
            var p = list.pages[key];
            var idf = Math.log(1 + (meta.pages - list.count + 0.5) / (list.count + 0.5));
            score += idf * p.weight * (K1 + 1) / (p.weight + K1 * norm);
          });
          var hits = {};
          planned.words.forEach(function (word) {
            var first = lists[word.terms[0]].pages[key].places;
            Object.keys(first).forEach(function (place) {
              if (word.terms.every(function (t) { return lists[t].pages[key].places[place]; })) {
                hits[place] = (hits[place] || 0) + 1;
              }
            });
          });
          found.push({ page: page, score: score, hits: hits });
        });
        found.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
        var needles = planned.words.map(function (word) { return word.text; });
        return found.map(function (f) {
          f.data = function () {
            var group = meta.groups[Math.floor(f.page / meta.group)];
            var path = "f/" + group + "/" + (f.page % meta.group) + ".json";
            return self.file(path).then(function (page) {
              return self.shape(page, f.hits, needles);
            });
          };
          return f;
        });
      });
    });
  };

  /* A result as the page shows it: the page and its places with words found. */
  Index.prototype.shape = function (page, hits, needles) {
    var url = new URL(page.url, this.root).href;
    var places = page.places.map(function (p, i) {
      return { url: url + "#" + p[0], title: p[1], excerpt: marked(p[2], needles),
               hits: hits[i] || 0, i: i };
    }).filter(function (p) { return p.hits > 0; }).sort(function (a, b) {
      return b.hits - a.hits || a.i - b.i;
    });
    return { url: url, title: page.title, kind: page.kind, place: page.place,
             places: places, excerpt: marked(page.words, needles) };
  };

  /* `text` around the first of `needles` found, as [[text, found], ...]. */
  function marked(text, needles) {
    var lower = text.toLowerCase();
    var on = [];
    if (lower.length === text.length) {
      needles.forEach(function (needle) {
        var cjk = new RegExp("^[" + CJK + "]").test(needle);
        for (var at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
          if (cjk || at === 0 || !WORD_CHAR.test(lower.charAt(at - 1))) {
            var end = at + needle.length;
            while (!cjk && end < lower.length && WORD_CHAR.test(lower.charAt(end))) {
              end += 1; // the whole word: `expenses` for `expense`, `pension` for `pensio`
            }
            for (var i = at; i < end; i++) {
              on[i] = true;
            }
          }
        }
      });
    }
    var first = on.indexOf(true);
    var start = text.length > EXCERPT && first > EXCERPT / 4 ? first - EXCERPT / 4 : 0;
    var end = Math.min(text.length, start + EXCERPT);
    // Cut between words where there are spaces near (not in a CJK run: none there).
    var space = text.indexOf(" ", start);
    if (start > 0 && space !== -1 && space - start < EXCERPT / 8 && space < first) {
      start = space + 1;
    }
    space = text.lastIndexOf(" ", end);
    if (end < text.length && space > end - EXCERPT / 8 && space > first) {
      end = space;
    }
    var pieces = [];
    for (var i = start; i < end; i++) {
      var state = on[i] === true;
      if (pieces.length && pieces[pieces.length - 1][1] === state) {
        pieces[pieces.length - 1][0] += text.charAt(i);
      } else {
        pieces.push([text.charAt(i), state]);
      }
    }
    if (start > 0) {
      pieces.unshift(["…", false]);
    }
    if (end < text.length) {
      pieces.push(["…", false]);
    }
    return pieces;
  }

  function excerpt(pieces) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    pieces.forEach(function (piece) {
      if (piece[1]) {
        var mark = document.createElement("mark");
        mark.textContent = piece[0];
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(piece[0]));
      }
    });
    return out;
  }

  function init() {
    var form = document.querySelector(".search-form");
    if (!form || !window.fetch) {
      return;
    }
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var data = form.dataset;
    var root = new URL(".", new URL(data.root, window.location.href)).href;
    var index = new Index(new URL(data.index, window.location.href).href, root);
    var current = 0;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.textContent = data.more;
    more.hidden = true;
    list.insertAdjacentElement("afterend", more);
    form.hidden = false;

    function item(result) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "search-kind search-kind-" + (result.kind || "");
      kind.textContent = data["kind" + (result.kind || "").replace(/^./, function (c) {
        return c.toUpperCase();
      })] || "";
      var a = document.createElement("a");
      a.href = result.url;
      a.textContent = result.title || result.url;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      if (result.place) {
        var place = document.createElement("span");
        place.className = "search-place";
        place.textContent = result.place;
        li.appendChild(place);
      }
      var places = result.places.slice(0, PLACES);
      if (!places.length) {
        li.appendChild(excerpt(result.excerpt));
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
        row.appendChild(excerpt(sub.excerpt));
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
      index.find(query).then(function (results) {
        if (run !== current) {
          return;
        }
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

  // For the tests: how a text is cut, to compare with the index's (tokens.py).
  window.portalSearch = { tokens: tokens };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
