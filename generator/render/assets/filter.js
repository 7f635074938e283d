/* Kopilka: the faceted filter of the practice bank and of events. Plain JavaScript, no framework,
   no network but the site's own index: practices/filter.json (schema: generator/render/bank_export.py)
   or events/filter.json (generator/render/event_bank.py).

   AND across facets, OR within a facet; words narrow by title and summary; every value shows how
   many results choosing it would give; the state lives in the URL (?levels=ooo&q=…&sort=year),
   so a link shares it and back/forward restore it. Without JavaScript the static list stays.
   Events have one more facet, «Когда»: upcoming or past by the visitor's clock (the series' end
   in the index), upcoming unless the URL asks otherwise (?when=past, ?when=all).
   @needs data-kp-filter */
(function () {
  "use strict";
  var box = document.querySelector("[data-kp-filter]");
  if (!box || !window.fetch) return;

  var PAGE = 50, FEW = 8, MANY = 300;
  var root = box.getAttribute("data-kp-root") || "./";
  /* What differs between the indexes: where rows are, how many cells lead each row, the noun. */
  var KINDS = {
    "kopilka.practices/1": { rows: "practices", lead: 2, url: "practices/", when: false,
      noun: ["практика", "практики", "практик"], sorts: [["title", "по названию"], ["year", "сначала новые"]] },
    "kopilka.events/1": { rows: "events", lead: 5, url: "events/", when: true,
      noun: ["мероприятие", "мероприятия", "мероприятий"], sorts: [["date", "по дате"], ["title", "по названию"]] }
  };
  var kind, facets, rows, prefix, tokens, postings, yearOf;
  var state = { sel: {}, q: "", sort: "title", shown: PAGE };
  var expanded = {};

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    var word = m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many;
    return n.toLocaleString("ru-RU") + "\u00a0" + word;
  }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function norm(text) { return text.toLowerCase().replace(/ё/g, "е"); }

  /* --- the index ------------------------------------------------------------------------- */

  function facet(f, col) {
    var bySlug = {};
    f.values.forEach(function (v, code) { bySlug[v[0]] = code; });
    return { key: f.key, title: f.title, values: f.values, bySlug: bySlug, col: col, implicit: !!f.implicit };
  }
  function prepare(json) {
    kind = KINDS[json.schema] || KINDS["kopilka.practices/1"];
    rows = json[kind.rows];
    facets = json.facets.map(function (f, i) { return facet(f, i + kind.lead); });
    if (kind.when) {  // «Когда» is the visitor's: a row is past once its series has ended
      var now = Date.now(), col = kind.lead + json.facets.length;
      rows.forEach(function (r) { r[col] = [Date.parse(r[3]) > now ? 0 : 1]; });
      facets.unshift(facet({ key: "when", title: "Когда", implicit: true,
                             values: [["upcoming", "предстоящие"], ["past", "прошедшие"]] }, col));
    }
    prefix = json.words.prefix;
    tokens = json.words.tokens;
    postings = json.words.postings;
    var years = facets.filter(function (f) { return f.key === "years"; })[0];
    yearOf = rows.map(function (r) { return years && r[years.col].length ? +years.values[r[years.col][0]][0] : 0; });
  }
  /* The selection a page opens with: events start with the upcoming ones. */
  function defaults() { return kind.when ? { when: ["upcoming"] } : {}; }

  /* A query word matches the tokens that start with its first letters: `prefix` letters for a
     long word, one letter less than the word for a short one, so «урока» finds «урок». */
  function wordKey(word) {
    if (word.length <= 3) return word;
    return word.slice(0, Math.min(prefix, Math.max(3, word.length - 1)));
  }
  function rowsWithWord(word) {
    var key = wordKey(word), found = new Uint8Array(rows.length);
    var lo = 0, hi = tokens.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (tokens[mid] < key) lo = mid + 1; else hi = mid; }
    for (var t = lo; t < tokens.length && tokens[t].lastIndexOf(key, 0) === 0; t++) {
      var list = postings[t], row = 0;
      for (var k = 0; k < list.length; k++) { row += list[k]; found[row] = 1; }
    }
    return found;
  }
  function wordMask(q) {
    var words = (norm(q).match(/[0-9a-zа-я]+/g) || []).filter(function (w) { return w.length >= 3; });
    if (!words.length) return null;
    var mask = null;
    words.forEach(function (w) {
      var m = rowsWithWord(w);
      if (!mask) mask = m; else for (var i = 0; i < mask.length; i++) mask[i] &= m[i];
    });
    return mask;
  }

  /* One pass over the rows: a row failing no selected facet is a result and counts for every
     facet; a row failing exactly one facet counts only for that facet («what would I get if I
     also chose this value»). */
  function compute() {
    var active = [], chosen = [];
    facets.forEach(function (f, i) {
      var s = state.sel[f.key];
      if (s && s.length) {
        var set = new Uint8Array(f.values.length);
        s.forEach(function (slug) { if (slug in f.bySlug) set[f.bySlug[slug]] = 1; });
        active.push(i); chosen[i] = set;
      }
    });
    var counts = facets.map(function (f) { return new Int32Array(f.values.length); });
    var mask = wordMask(state.q), results = [];
    for (var r = 0; r < rows.length; r++) {
      if (mask && !mask[r]) continue;
      var row = rows[r], fails = 0, failed = -1;
      for (var a = 0; a < active.length; a++) {
        var i = active[a], codes = row[facets[i].col], set = chosen[i], hit = false;
        for (var c = 0; c < codes.length; c++) if (set[codes[c]]) { hit = true; break; }
        if (!hit) { fails++; failed = i; if (fails > 1) break; }
      }
      if (fails === 0) {
        results.push(r);
        for (var f = 0; f < facets.length; f++) {
          var cs = row[facets[f].col], cnt = counts[f];
          for (var k = 0; k < cs.length; k++) cnt[cs[k]]++;
        }
      } else if (fails === 1) {
        var fc = row[facets[failed].col], fcnt = counts[failed];
        for (var j = 0; j < fc.length; j++) fcnt[fc[j]]++;
      }
    }
    if (state.sort === "year") results.sort(function (x, y) { return yearOf[y] - yearOf[x] || x - y; });
    else if (state.sort === "title" && kind.when) {
      results.sort(function (x, y) { return rows[x][1].localeCompare(rows[y][1], "ru") || x - y; });
    } else if (state.sort === "date" && String(state.sel.when) === "past") results.reverse();  // newest past first
    return { results: results, counts: counts };
  }

  /* --- the URL ------------------------------------------------------------------------------ */

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state.sel = defaults();
    facets.forEach(function (f) {
      var v = params.get(f.key);
      if (v) state.sel[f.key] = v === "all" ? [] : v.split(",").filter(function (s) { return s in f.bySlug; });
    });
    state.q = params.get("q") || "";
    var sort = params.get("sort"), sorts = kind.sorts.map(function (s) { return s[0]; });
    state.sort = sorts.indexOf(sort) > 0 ? sort : sorts[0];
    state.shown = PAGE;
  }
  function writeUrl(push) {
    var params = new URLSearchParams(location.search), start = defaults();
    facets.forEach(function (f) {
      var s = state.sel[f.key] || [], given = start[f.key];
      if (given && String(s) === String(given)) params.delete(f.key);  // the page's own default
      else if (s.length) params.set(f.key, s.join(","));
      else if (given) params.set(f.key, "all");
      else params.delete(f.key);
    });
    if (state.q.trim()) params.set("q", state.q.trim()); else params.delete("q");
    if (state.sort !== kind.sorts[0][0]) params.set("sort", state.sort); else params.delete("sort");
    var query = params.toString().replace(/%2C/g, ",");
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  /* --- drawing ------------------------------------------------------------------------------ */

  function labelsOf(row, key) {
    var f = facets.filter(function (x) { return x.key === key; })[0];
    return f ? row[f.col].map(function (c) { return f.values[c][1]; }).join(", ") : "";
  }
  function facetHtml(f, i, counts) {
    var selected = state.sel[f.key] || [], cnt = counts[i];
    var order = [];
    for (var c = 0; c < f.values.length; c++) {
      if (cnt[c] || selected.indexOf(f.values[c][0]) >= 0) order.push(c);
    }
    var big = f.values.length > 40;
    if (big) order.sort(function (x, y) { return cnt[y] - cnt[x] || x - y; });
    var limit = expanded[f.key] ? MANY : FEW, shown = order.slice(0, limit);
    if (big) order.slice(limit).forEach(function (c) { if (selected.indexOf(f.values[c][0]) >= 0) shown.push(c); });
    var open = selected.length || i < 4 ? " open" : "";
    var html = '<details class="kp-f"' + open + ' data-kp-facet="' + esc(f.key) + '"><summary>' + esc(f.title) +
      (selected.length ? ' <span class="kp-f-chosen">' + selected.length + "</span>" : "") + "</summary><ul>";
    shown.forEach(function (c) {
      var slug = f.values[c][0], on = selected.indexOf(slug) >= 0;
      html += '<li><label><input type="checkbox" data-kp-key="' + esc(f.key) + '" value="' + esc(slug) + '"' +
        (on ? " checked" : "") + "> " + esc(f.values[c][1]) + ' <span class="kp-n">' + cnt[c] + "</span></label></li>";
    });
    html += "</ul>";
    if (order.length > limit && !expanded[f.key]) {
      html += '<button type="button" class="kp-f-more" data-kp-more="' + esc(f.key) + '">Показать все (' +
        order.length + ")</button>";
    } else if (order.length > MANY) {
      html += '<p class="kp-f-note">Показаны ' + MANY + " значений из " + order.length + "; уточните выбор.</p>";
    }
    if (!order.length) html += '<p class="kp-f-note">Нет значений при этом выборе.</p>';
    return html + "</details>";
  }
  function resultHtml(r) {
    var row = rows[r], id = row[0], link = '<a href="' + esc(root + kind.url + id + "/") + '">' + esc(row[1]) + "</a>";
    if (kind.when) {
      return '<li><time datetime="' + esc(row[2]) + '">' + esc(row[4]) + "</time> — " + link + '<span class="kp-meta">' +
        esc([labelsOf(row, "types"), labelsOf(row, "formats"), labelsOf(row, "municipalities")]
          .filter(Boolean).join(" · ")) + "</span></li>";
    }
    return "<li>" + link + '<span class="kp-meta">' +
      esc([labelsOf(row, "organizations"), labelsOf(row, "levels"), labelsOf(row, "subjects"), yearOf[r] || ""]
        .filter(Boolean).join(" · ")) + "</span></li>";
  }

  var ui = {};
  function build() {
    box.innerHTML =
      '<div class="kp-f-side" id="kp-f-side" role="group" aria-label="Фильтры">' +
      '<button type="button" class="kp-f-done md-button md-button--primary"></button>' +
      '<div class="kp-f-facets"></div></div>' +
      '<div class="kp-f-main">' +
      '<div class="kp-f-bar"><button type="button" class="kp-f-open md-button" aria-controls="kp-f-side" aria-expanded="false">' +
      'Фильтры</button><label class="kp-f-words">Слова в названии и аннотации ' +
      '<input type="search" name="q" autocomplete="off" placeholder="например, наставничество"></label>' +
      '<label class="kp-f-sort">Порядок <select name="sort">' + kind.sorts.map(function (s) {
        return '<option value="' + s[0] + '">' + s[1] + "</option>";
      }).join("") + "</select></label></div>" +
      '<p class="kp-f-count" aria-live="polite" tabindex="-1"></p>' +
      '<p class="kp-f-chips"></p>' +
      '<ul class="kp-list kp-f-results"></ul>' +
      '<button type="button" class="kp-f-next md-button">Показать ещё</button></div>';
    ui.facets = box.querySelector(".kp-f-facets");
    ui.words = box.querySelector("input[name=q]");
    ui.sort = box.querySelector("select[name=sort]");
    ui.count = box.querySelector(".kp-f-count");
    ui.chips = box.querySelector(".kp-f-chips");
    ui.results = box.querySelector(".kp-f-results");
    ui.next = box.querySelector(".kp-f-next");
    ui.open = box.querySelector(".kp-f-open");
    ui.done = box.querySelector(".kp-f-done");
  }

  /* --- focus: a redraw replaces the boxes and chips, so the focused one is found again ------ */

  function focusedPlace() {
    var el = document.activeElement;
    if (!el || !box.contains(el)) return null;
    if (el.matches("input[type=checkbox][data-kp-key]")) return { box: el.getAttribute("data-kp-key"), value: el.value };
    if (el.hasAttribute("data-kp-more")) return { more: el.getAttribute("data-kp-more") };
    if (el.matches(".kp-chip")) {
      return { chip: Array.prototype.indexOf.call(ui.chips.querySelectorAll(".kp-chip"), el) };
    }
    if (el.matches("summary")) return { summary: el.parentElement.getAttribute("data-kp-facet") };
    return null;
  }
  function find(selector, test) {
    return Array.prototype.filter.call(box.querySelectorAll(selector), test)[0] || null;
  }
  function restoreFocus(place) {
    if (!place || (document.activeElement && document.activeElement !== document.body && box.contains(document.activeElement))) return;
    var target = null;
    if (place.box) {
      target = find("input[type=checkbox][data-kp-key]", function (el) {
        return el.getAttribute("data-kp-key") === place.box && el.value === place.value; });
    } else if (place.more) {  // «Показать все»: on to the first value that was hidden
      var boxes = box.querySelectorAll('details[data-kp-facet="' + place.more + '"] input[type=checkbox]');
      target = boxes[FEW] || boxes[boxes.length - 1] || null;
    } else if (place.chip !== undefined) {  // a removed chip: the one after it, else the count
      var chips = ui.chips.querySelectorAll(".kp-chip");
      target = chips[Math.min(place.chip, chips.length - 1)] || null;
    } else if (place.summary) {
      target = find("details[data-kp-facet] > summary", function (el) {
        return el.parentElement.getAttribute("data-kp-facet") === place.summary; });
    }
    (target || ui.count).focus();
  }

  /* --- the drawer: on a phone the facets wait behind «Фильтры», the results come first ------ */

  function drawer(open) {
    box.setAttribute("data-kp-drawer", open ? "open" : "closed");
    ui.open.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { var first = ui.done; if (first) first.focus(); }
    else ui.open.focus();
  }

  var version = 0;
  function update() {
    var t0 = performance.now();
    var place = focusedPlace();
    var out = compute();
    var open = {};
    Array.prototype.forEach.call(ui.facets.querySelectorAll("details"), function (d) {
      open[d.getAttribute("data-kp-facet")] = d.open;
    });
    ui.facets.innerHTML = facets.map(function (f, i) { return facetHtml(f, i, out.counts); }).join("");
    Array.prototype.forEach.call(ui.facets.querySelectorAll("details"), function (d) {
      var key = d.getAttribute("data-kp-facet");
      if (key in open && !(state.sel[key] || []).length) d.open = open[key];
    });
    if (ui.words.value !== state.q && document.activeElement !== ui.words) ui.words.value = state.q;
    ui.sort.value = state.sort;
    var n = out.results.length;
    ui.count.textContent = "Найдено: " + plural(n, kind.noun[0], kind.noun[1], kind.noun[2]) +
      (n === rows.length ? "" : " из " + rows.length.toLocaleString("ru-RU"));
    var chips = [];
    facets.forEach(function (f) {
      if (f.implicit) return;  // shown by its own boxes: «Когда» always has a value
      (state.sel[f.key] || []).forEach(function (slug) {
        chips.push('<button type="button" class="kp-chip" data-kp-key="' + esc(f.key) + '" data-kp-slug="' + esc(slug) +
          '" title="Убрать">' + esc(f.values[f.bySlug[slug]][1]) + " ×</button>");
      });
    });
    if (chips.length || state.q || String(state.sel.when || "") !== String(defaults().when || "")) chips.push('<button type="button" class="kp-chip kp-chip--reset" data-kp-reset>Сбросить всё</button>');
    ui.chips.innerHTML = chips.join(" ");
    ui.results.innerHTML = out.results.slice(0, state.shown).map(resultHtml).join("");
    ui.next.hidden = n <= state.shown;
    var chosen = 0;
    facets.forEach(function (f) { if (!f.implicit) chosen += (state.sel[f.key] || []).length; });
    ui.open.textContent = chosen ? "Фильтры (" + chosen + ")" : "Фильтры";
    ui.done.textContent = "Показать: " + plural(n, kind.noun[0], kind.noun[1], kind.noun[2]);
    restoreFocus(place);
    version++;
    box.setAttribute("data-kp-version", String(version));
    box.setAttribute("data-kp-results", String(n));
    window.kopilkaFilter.lastUpdateMs = performance.now() - t0;
  }

  function toggle(key, slug, on) {
    var s = (state.sel[key] || []).filter(function (x) { return x !== slug; });
    if (on) s.push(slug);
    state.sel[key] = s;
    state.shown = PAGE;
    writeUrl(true);
    update();
  }

  function wire() {
    box.addEventListener("change", function (e) {
      var t = e.target;
      if (t.matches("input[type=checkbox][data-kp-key]")) toggle(t.getAttribute("data-kp-key"), t.value, t.checked);
      else if (t === ui.sort) { state.sort = t.value; writeUrl(true); update(); }
    });
    box.addEventListener("click", function (e) {
      var t = e.target.closest("button");
      if (!t) return;
      if (t.hasAttribute("data-kp-more")) { expanded[t.getAttribute("data-kp-more")] = true; update(); }
      else if (t.hasAttribute("data-kp-slug")) toggle(t.getAttribute("data-kp-key"), t.getAttribute("data-kp-slug"), false);
      else if (t.hasAttribute("data-kp-reset")) {
        state.sel = defaults(); state.q = ""; ui.words.value = ""; writeUrl(true); update(); ui.count.focus();
      }
      else if (t === ui.next) {  // focus goes on to the first result just shown, not to <body>
        var before = state.shown;
        state.shown += PAGE; update();
        var item = ui.results.children[before], first = item && item.querySelector("a");
        if (first) first.focus();
      }
      else if (t === ui.open) drawer(box.getAttribute("data-kp-drawer") !== "open");
      else if (t === ui.done) drawer(false);
    });
    box.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && box.getAttribute("data-kp-drawer") === "open") drawer(false);
    });
    var timer = null, typing = false;
    ui.words.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = ui.words.value;
        state.shown = PAGE;
        writeUrl(!typing);  // one history entry per search, not one per letter
        typing = true;
        update();
      }, 150);
    });
    ui.words.addEventListener("change", function () { typing = false; });
    window.addEventListener("popstate", function () { readUrl(); typing = false; update(); });
  }

  var ready = fetch(box.getAttribute("data-kp-filter"))
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (json) {
      prepare(json);
      build();
      readUrl();
      wire();
      Array.prototype.forEach.call(document.querySelectorAll(".kp-static"), function (el) { el.hidden = true; });
      box.hidden = false;
      box.setAttribute("data-kp-drawer", "closed");
      update();
      box.setAttribute("data-kp-ready", "");
    })
    .catch(function (error) {  // the static list stays: nothing is lost without the filter
      box.setAttribute("data-kp-error", String(error));
    });
  window.kopilkaFilter = { ready: ready, lastUpdateMs: null };
})();
