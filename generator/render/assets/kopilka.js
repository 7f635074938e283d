/* Kopilka on every page: the header's search button, which leads to the search page; the page's
 * address at the end of a printed copy; and a
 * table or code block wider than the screen scrolls inside itself, where a keyboard user must be
 * able to reach it to scroll it (WCAG 2.1.1): such a region without a link of its own takes focus
 * and is named after its caption or the heading before it.
 * No requests, no libraries; plain ES5 for old school computers. */
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


  /* A printed page ends with its address, so that a paper copy leads back to the site. */
  var inner = document.querySelector(".md-content__inner");
  if (inner && !inner.querySelector(".kp-print-address")) {
    var address = document.createElement("p");
    address.className = "kp-print-address";
    address.textContent = "Страница на сайте: " + location.href.split("#")[0];
    inner.appendChild(address);
  }

  var REGIONS = ".md-typeset .kp-scroll, .md-typeset .kp-chart, .md-typeset table.kp-table, .md-typeset table:not([class]), .md-typeset__scrollwrap";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function heading(el) {
    for (var up = el; up; up = up.parentElement) {
      for (var prev = up.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.replace(/\s+/g, " ").trim();
      }
      if (up.classList && up.classList.contains("md-typeset")) break;
    }
    return "";
  }

  function mark(el) {
    var scrolls = el.scrollWidth > el.clientWidth + 1;
    var ours = el.getAttribute("data-kp-scroll") === "1";
    if (!scrolls) {
      if (ours) { el.removeAttribute("tabindex"); el.removeAttribute("data-kp-scroll"); }
      return;
    }
    if (ours || el.hasAttribute("tabindex") || el.querySelector(FOCUSABLE)) return;
    var caption = el.querySelector("caption");
    var name = (caption ? caption.textContent.replace(/\s+/g, " ").trim() : heading(el)) || "Таблица";
    el.setAttribute("tabindex", "0");
    el.setAttribute("data-kp-scroll", "1");
    if (el.tagName === "DIV") el.setAttribute("role", "region");  // a table or figure keeps its own role
    el.setAttribute("aria-label", name + " (прокручивается вбок)");
  }

  function markAll() { Array.prototype.forEach.call(document.querySelectorAll(REGIONS), mark); }

  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(markAll, 150); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markAll);
  else markAll();
  window.addEventListener("load", markAll);  // the theme wraps its tables after its script runs
})();
