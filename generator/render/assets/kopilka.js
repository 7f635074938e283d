/* Kopilka on every page: a table or code block wider than the screen scrolls inside itself, and a
 * keyboard user must be able to reach it to scroll it (WCAG 2.1.1): such a region without a link
 * of its own takes focus and is named after its caption or the heading before it.
 * No requests, no libraries; plain ES5 for old school computers. */
(function () {
  "use strict";
  var REGIONS = ".md-typeset .kp-scroll, .md-typeset table.kp-table, .md-typeset table:not([class]), .md-typeset__scrollwrap";
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
    if (el.tagName !== "TABLE") el.setAttribute("role", "region");
    el.setAttribute("aria-label", name + " (прокручивается вбок)");
  }

  function markAll() { Array.prototype.forEach.call(document.querySelectorAll(REGIONS), mark); }

  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(markAll, 150); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markAll);
  else markAll();
  window.addEventListener("load", markAll);  // the theme wraps its tables after its script runs
})();
