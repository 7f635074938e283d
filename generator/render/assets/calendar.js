/* Kopilka calendar: what is «upcoming» is decided by the visitor's clock, not by the build day,
 * so a site built last week never offers an event that has already ended. Online events also
 * get the visitor's own time next to the event's. Without JavaScript the build day serves.
 * No requests, no libraries; plain ES5 for old school computers.
 * @needs data-kp-local data-kp-end kp-events data-kp-date */
(function () {
  "use strict";
  var MSK = 180; // Moscow, minutes east of UTC
  var MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hm(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); }
  function localDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function each(root, selector, fn) { Array.prototype.forEach.call(root.querySelectorAll(selector), fn); }

  /* Minutes east of UTC written in an ISO time: "2026-12-15T17:00:00+12:00" -> 720. */
  function isoOffset(iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!m) return 0;
    var minutes = Number(m[2]) * 60 + Number(m[3]);
    return m[1] === "-" ? -minutes : minutes;
  }

  /* «МСК», «МСК+7», «МСК−1»: how zones are named in Russia. */
  function mskLabel(minutes) {
    var hours = (minutes - MSK) / 60;
    if (hours === 0) return "МСК";
    return "МСК" + (hours > 0 ? "+" : "\u2212") + String(Math.abs(hours)).replace(".", ",");
  }

  function showLocalTimes(root) {
    each(root, "[data-kp-local]", function (el) {
      var iso = el.getAttribute("data-kp-local");
      var start = new Date(iso);
      if (isNaN(start.getTime())) return;
      var mine = -start.getTimezoneOffset();
      if (mine === isoOffset(iso)) { el.textContent = ""; return; } // same zone: nothing to add
      var text = hm(start);
      var endIso = el.getAttribute("data-kp-local-end");
      var end = endIso ? new Date(endIso) : null;
      if (end && !isNaN(end.getTime())) {
        text += localDay(end) !== localDay(start)
          ? " \u2013 " + end.getDate() + " " + MONTHS[end.getMonth()] + ", " + hm(end)
          : "\u2013" + hm(end);
      }
      if (localDay(start) !== iso.slice(0, 10)) text = start.getDate() + " " + MONTHS[start.getMonth()] + ", " + text;
      el.textContent = " · у вас: " + text + " (" + mskLabel(mine) + ")";
    });
  }

  function hideEnded(root, now) {
    each(root, "li[data-kp-end]", function (li) {
      var end = new Date(li.getAttribute("data-kp-end"));
      if (isNaN(end.getTime()) || end > now) return;
      li.classList.add("kp-ended");
      if (li.hasAttribute("data-kp-upcoming")) li.hidden = true;
    });
    each(root, "ul.kp-events", function (ul) {
      var items = ul.querySelectorAll("li");
      var shown = Array.prototype.some.call(items, function (li) { return !li.hidden; });
      if (!items.length || shown) return;
      ul.hidden = true;
      var note = ul.nextElementSibling;
      if (note && note.classList.contains("kp-empty")) {
        note.hidden = false;
      } else {
        note = document.createElement("p");
        note.className = "kp-empty";
        note.textContent = "Ближайших мероприятий пока нет.";
        ul.parentNode.insertBefore(note, ul.nextSibling);
      }
    });
  }

  function markToday(root, now) {
    var today = localDay(now);
    each(root, "td[data-kp-date]", function (td) {
      td.classList.toggle("kp-day--today", td.getAttribute("data-kp-date") === today);
    });
  }

  function run() {
    var now = new Date();
    hideEnded(document, now);
    markToday(document, now);
    showLocalTimes(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
