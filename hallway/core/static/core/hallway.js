// Progressive enhancement only: every page works without this file.
// Shows each event time in the visitor's own time zone beside the conference time, where the
// two clocks differ at that moment. Times inside [data-no-local] (an item's start and end in the
// schedule grid, whose slot heading already shows it) are left alone. Star buttons post through
// htmx, so a star swaps the button in place instead of reloading the page.
(function () {
  "use strict";
  // "2024-09-23T09:30:00-04:00" (the conference's clock) -> -240 minutes east of UTC.
  function offsetOf(value) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(value);
    if (!match) { return /Z$/.test(value) ? 0 : null; }
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }
  function pad(number) { return (number < 10 ? "0" : "") + number; }
  function localDate(when) {
    return when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate());
  }
  function showLocalTimes(root) {
    // The offsets are compared first: on site every clock agrees, and the browser's time zone
    // data, slow to load on a phone, is never touched.
    var differ = [];
    root.querySelectorAll("time[data-zone][datetime]").forEach(function (el) {
      if (el.dataset.localShown || el.closest("[data-no-local]")) { return; }
      var value = el.getAttribute("datetime");
      var when = new Date(value);
      var offset = offsetOf(value);
      if (isNaN(when) || offset === null || offset === -when.getTimezoneOffset()) { return; }
      differ.push({ el: el, when: when, sameDay: value.slice(0, 10) === localDate(when) });
    });
    if (!differ.length) { return; }
    // Each step in a task of its own, so neither keeps the page from answering for long.
    var clock, clockWithDay;
    setTimeout(function () {
      try {
        var options = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
        clock = new Intl.DateTimeFormat(undefined, options);
        clockWithDay = new Intl.DateTimeFormat(undefined, Object.assign({ weekday: "short" }, options));
      } catch (e) { return; }
      setTimeout(function () {
        differ.forEach(function (item) {
          if (item.el.dataset.localShown) { return; }
          var span = document.createElement("span");
          span.className = "local-time";
          // The weekday only when the visitor's date differs from the conference's.
          span.textContent = " (" + (item.sameDay ? clock : clockWithDay).format(item.when) + ")";
          item.el.after(span);
          item.el.dataset.localShown = "1";
        });
      }, 0);
    }, 0);
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
  // htmx swaps nothing when a request fails (a busy database answers 503, the network may be
  // gone), so without this a star button would silently do nothing. The control says it is
  // busy while its request runs; if it fails, it gets its state back and the reason appears
  // beside it: the text of the server's answer (hallway/core/faults.py), or the page's own
  // message (data-fault-message on <body>) when there was no answer.
  function faultPlace(elt) { return (elt.closest && elt.closest(".star-form")) || elt; }
  function clearFault(elt) {
    var next = faultPlace(elt).nextElementSibling;
    if (next && next.matches(".fault-message[data-fault-for]")) { next.remove(); }
  }
  function faultText(xhr) {
    var text = "";
    if (xhr && xhr.status && /^text\/html/.test(xhr.getResponseHeader("Content-Type") || "")) {
      // Parsed, never inserted: only the text of the answer is shown.
      var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fault = answer.querySelector("[data-fault]");
      text = fault ? fault.textContent.trim() : "";
    }
    return text || document.body.dataset.faultMessage || "";
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    clearFault(elt);
    elt.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.detail.elt.removeAttribute("aria-busy");
  });
  // An error answer, or none at all (not an aborted request: htmx aborts one on purpose).
  function showFault(event) {
    var elt = event.detail.elt;
    elt.removeAttribute("aria-busy");
    var message = document.createElement("span");
    message.className = "fault-message";
    message.setAttribute("role", "alert");
    message.dataset.faultFor = "";
    message.textContent = faultText(event.detail.xhr);
    clearFault(elt);
    faultPlace(elt).after(message);
  }
  document.addEventListener("htmx:responseError", showFault);
  document.addEventListener("htmx:sendError", showFault);
  // htmx arrives at the visitor's first interaction (core/loader.js). A click or a submit that
  // comes before it is held and replayed once htmx is there; should it fail to load, the
  // browser does what it would have done without JavaScript.
  function withHtmx(replay, fallback) {
    var loading = window.htmx ? Promise.resolve() :
      window.hallwayIntent ? window.hallwayIntent() : Promise.reject();
    loading.then(function () { if (window.htmx) { replay(window.htmx); } else { fallback(); } }, fallback);
  }
  document.addEventListener("click", function (event) {
    if (window.htmx || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var link = event.target.closest && event.target.closest("a[hx-get]");
    if (!link) { return; }
    event.preventDefault();
    withHtmx(function () { link.click(); }, function () { window.location.href = link.href; });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches) { return; }
    var button = event.submitter;
    if (form.id === "star-form" && button && button.matches(".star-button")) {
      // Every star button submits the page's one shared form (a schedule has hundreds of
      // buttons); one listener swaps the pressed button in place. The button is the source,
      // not the form: htmx queues requests per source and keeps only the last one waiting,
      // so stars pressed in quick succession would be lost. (htmx still sends the button's
      // form: the CSRF token and "next".)
      event.preventDefault();
      var slot = button.closest(".star-form") || button;
      withHtmx(function (htmx) {
        htmx.ajax("POST", button.formAction, { source: button, target: slot, swap: "outerHTML" });
      }, function () { form.action = button.formAction; form.submit(); });
    } else if (!window.htmx && form.matches("form[hx-post]")) {
      event.preventDefault();
      withHtmx(function (htmx) { htmx.trigger(form, "submit"); }, function () { form.submit(); });
    }
  });
})();
