// Progressive enhancement: registers the conference's service worker (core/sw.js) so the
// schedule, the pages visited and my agenda stay readable without network, and shows
// "last updated" on a page that came from that offline copy.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.dataset.sw) { return; }

  function showLastUpdated() {
    var slot = document.querySelector("[data-last-updated]");
    var when = slot && slot.getAttribute("data-last-updated");
    if (!when) { return; }
    var time = slot.querySelector("time");
    var date = new Date(when);
    if (time && !isNaN(date)) {
      time.setAttribute("datetime", when);
      time.textContent = new Intl.DateTimeFormat(undefined, {
        weekday: "short", hour: "numeric", minute: "2-digit"
      }).format(date);
    }
    slot.hidden = false;
  }

  function forgetPagesOnSignOut(event) {
    var form = event.target;
    if (form && String(form.action).indexOf("/logout") !== -1 && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("hallway:forget-pages");
    }
  }

  // core/loader.js starts this script after the page has loaded, so the worker's own downloads
  // never compete with the page's.
  navigator.serviceWorker.register(script.dataset.sw).catch(function () { /* not fatal */ });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showLastUpdated);
  } else {
    showLastUpdated();
  }
  document.addEventListener("submit", forgetPagesOnSignOut, true);
})();
