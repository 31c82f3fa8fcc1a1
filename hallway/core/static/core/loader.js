// Inlined at the end of every page (core/base.html). Once the page has loaded, turns each data
// block of type hallway/after-load into a real script whose source is the block's data-src, in
// document order, keeping its other data- attributes (offline.js reads data-sw). Scripts then load after
// the content has painted, so a slow network never holds the page back for them.
addEventListener("load", function () {
  "use strict";
  document.querySelectorAll('script[type="hallway/after-load"]').forEach(function (block) {
    var script = document.createElement("script");
    Array.prototype.forEach.call(block.attributes, function (attribute) {
      if (attribute.name.indexOf("data-") === 0 && attribute.name !== "data-src") {
        script.setAttribute(attribute.name, attribute.value);
      }
    });
    script.src = block.dataset.src;
    script.async = false;
    document.head.appendChild(script);
  });
});
