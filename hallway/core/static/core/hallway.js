// Progressive enhancement only: every page works without this file.
// Shows each event time in the visitor's own time zone beside the conference time,
// when the two zones differ. Times inside [data-no-local] (an item's start and end in the
// schedule grid, whose slot heading already shows it) are left alone.
(function () {
  "use strict";
  // Intl formatters are slow to make and a schedule has hundreds of times: one per zone and shape.
  var formatters = {};
  // locale undefined: the visitor's; zone undefined: the visitor's.
  function formatter(locale, zone, options) {
    var key = [locale, zone, JSON.stringify(options)].join("|");
    if (!formatters[key]) {
      formatters[key] = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: zone }, options));
    }
    return formatters[key];
  }
  function showLocalTimes(root) {
    var visitorZone;
    try { visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    // The weekday only when the visitor's date differs from the conference's.
    var dateOnly = { year: "numeric", month: "2-digit", day: "2-digit" };
    var clock = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var clockWithDay = Object.assign({ weekday: "short" }, clock);
    root.querySelectorAll("time[data-zone][datetime]").forEach(function (el) {
      if (!visitorZone || el.dataset.zone === visitorZone || el.dataset.localShown) { return; }
      if (el.closest("[data-no-local]")) { return; }
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      var text;
      try {
        var there = formatter("en", el.dataset.zone, dateOnly).format(when);
        var here = formatter("en", undefined, dateOnly).format(when);
        text = formatter(undefined, undefined, there !== here ? clockWithDay : clock).format(when);
      } catch (e) { return; }  // an unknown zone: leave the conference time alone
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = " (" + text + ")";
      el.after(span);
      el.dataset.localShown = "1";
    });
  }
  // Marks the schedule items running right now (aria-current="time"); the server-rendered
  // page is cached and cannot know the visitor's "now".
  function markNow(root) {
    var now = Date.now();
    root.querySelectorAll(".sg-item, .allday__item").forEach(function (item) {
      var times = item.querySelectorAll("time[datetime]");
      if (times.length < 2) { return; }
      var start = Date.parse(times[0].getAttribute("datetime"));
      var end = Date.parse(times[1].getAttribute("datetime"));
      if (start <= now && now < end) { item.setAttribute("aria-current", "time"); }
      else { item.removeAttribute("aria-current"); }
    });
  }
  function enhance(root) { showLocalTimes(root); markNow(root); }
  // core/loader.js starts this script after the page has loaded.
  function start() {
    enhance(document);
    window.setInterval(function () { markNow(document); }, 60000);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
