/* Kopilka: full-text search with Pagefind's own interface, loaded from the site's pagefind/
   bundle (no third-party host). The query is kept in the URL (?q=…), so a search can be shared
   and the bank's pages can link to it. A search button in the header leads to the search page. */
(function () {
  "use strict";
  function siteRoot() {
    var config = document.getElementById("__config");
    try { return JSON.parse(config.textContent).base.replace(/\/?$/, "/"); } catch (e) { return null; }
  }

  var base = siteRoot();
  var header = document.querySelector(".md-header__inner");
  if (base && header && !document.querySelector(".kp-search-link")) {
    var link = document.createElement("a");
    link.className = "md-header__button kp-search-link";
    link.href = base + "search/";
    link.title = "Поиск";
    link.setAttribute("aria-label", "Поиск");
    link.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 ' +
      '6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
    var anchor = header.querySelector(".md-header__source") || null;
    header.insertBefore(link, anchor);
  }

  var box = document.querySelector(".kp-search[data-kp-bundle]");
  if (!box) return;
  var bundle = box.getAttribute("data-kp-bundle");
  var rootPath = new URL(box.getAttribute("data-kp-root") || "./", location.href).pathname;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  // Pagefind UI (1.5) shows the filters of whichever answers first, its filter list or the
  // first search: when a query comes with the URL and the search wins, only the filters
  // loaded so far are shown, and stay so (seen on a busy machine: «Раздел» missing). Loading
  // every filter first, through the same pagefind.js module the UI uses, gives both the same.
  script.onload = function () {
    // an absolute URL: import() in a script resolves against the script's own address
    import(new URL(bundle + "pagefind.js", location.href).href)
      .then(function (pagefind) { return pagefind.filters(); })
      .catch(function () { /* the UI reports a bundle it cannot load */ })
      .then(start);
  };
  function start() {
    box.innerHTML = "";
    var params = new URLSearchParams(location.search);
    var ui = new window.PagefindUI({
      element: box, bundlePath: bundle, baseUrl: rootPath, showSubResults: true, showImages: false,
      resetStyles: false, pageSize: 10, autofocus: !params.get("q"),
      // Russian without plural forms to get wrong: «Найдено результатов: 22», not «22 результатов»
      translations: {
        placeholder: "Что найти", clear_search: "Очистить", load_more: "Показать ещё",
        search_label: "Поиск по сайту", filters_label: "Фильтры", zero_results: "Ничего не найдено по запросу «[SEARCH_TERM]»",
        many_results: "Найдено результатов по запросу «[SEARCH_TERM]»: [COUNT]",
        one_result: "Найден один результат по запросу «[SEARCH_TERM]»",
        alt_search: "По запросу «[SEARCH_TERM]» ничего нет. Результаты по запросу «[DIFFERENT_TERM]»",
        search_suggestion: "По запросу «[SEARCH_TERM]» ничего нет. Попробуйте другие слова:",
        searching: "Ищем «[SEARCH_TERM]»…"
      },
      processTerm: function (term) {
        var next = new URLSearchParams(location.search);
        if (term) next.set("q", term); else next.delete("q");
        var query = next.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
        return term;
      }
    });
    if (params.get("q")) ui.triggerSearch(params.get("q"));
    box.setAttribute("data-kp-ready", "");
  }
  script.onerror = function () {
    box.setAttribute("data-kp-error", "pagefind-ui.js");
  };
  document.head.appendChild(script);
})();
