// Inlined at the end of every page (core/base.html). Scripts are data blocks that name their
// source in data-src; this turns them into real scripts, in document order, keeping their other
// data- attributes (offline.js reads data-sw), so that no script ever holds back the content:
// - type hallway/after-load: once the page has loaded and its content has painted;
// - type hallway/on-intent: at the visitor's first sign of interaction, or when
//   window.hallwayIntent() asks; a page only read never pays for it.
(function () {
  "use strict";
  function start(type) {
    var blocks = document.querySelectorAll('script[type="hallway/' + type + '"]');
    return Promise.all(Array.prototype.map.call(blocks, function (block) {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        Array.prototype.forEach.call(block.attributes, function (attribute) {
          if (attribute.name.indexOf("data-") === 0 && attribute.name !== "data-src") {
            script.setAttribute(attribute.name, attribute.value);
          }
        });
        script.onload = resolve;
        script.onerror = reject;
        script.src = block.dataset.src;
        script.async = false;
        document.head.appendChild(script);
      });
    }));
  }
  var intent = null;
  window.hallwayIntent = function () { return intent || (intent = start("on-intent")); };
  ["pointerdown", "touchstart", "keydown", "focusin", "mouseover"].forEach(function (type) {
    addEventListener(type, window.hallwayIntent, { once: true, passive: true, capture: true });
  });
  // Once the page has loaded and its content has painted (or two seconds after the load event,
  // for a page that paints nothing or a tab in the background).
  var loaded = false;
  var painted = false;
  var started = false;
  function afterLoad() {
    if (!started && loaded && painted) {
      started = true;
      setTimeout(function () {
        // data-scripts="ready" on the root element: the enhancements are in place (tests wait for it).
        start("after-load").then(function () { document.documentElement.dataset.scripts = "ready"; });
      }, 0);
    }
  }
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        painted = true;
        afterLoad();
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) { painted = true; }
  addEventListener("load", function () {
    loaded = true;
    afterLoad();
    setTimeout(function () { painted = true; afterLoad(); }, 2000);
  });
})();
