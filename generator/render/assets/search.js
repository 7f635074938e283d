/* Kopilka: full-text search with Pagefind's own interface, loaded from the site's pagefind/
   bundle (no third-party host). The query is kept in the URL (?q=…), so a search can be shared
   and the bank's pages can link to it. Only the search page loads it (see the line below); the
   header's search button is kopilka.js's.
   @needs kp-search */
(function () {
  "use strict";
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
