/* Hallway's service worker: the conference stays readable without network.
 *
 * Served at the root of a conference's site (/<slug>/sw.js, or /sw.js on its own host), so
 * its scope is exactly that conference.
 * - Static assets (hashed names) and public images: cache first.
 * - Pages: network first; if the network fails or takes more than a few seconds (conference
 *   wifi), the last copy from the cache, marked with the time it was fetched.
 * - The schedule is stored on install; every page visited (my agenda included) as it is seen.
 * - htmx fragment requests are never stored: they share URLs with full pages.
 */
"use strict";

var VERSION = "v1";
var SCOPE = new URL(self.registration.scope);
var PAGES = "hallway-pages-" + VERSION + "-" + SCOPE.pathname;
var ASSETS = "hallway-assets-" + VERSION;
var NETWORK_TIMEOUT_MS = 4000;
var PRECACHE = [new URL("schedule/", SCOPE).href];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(PAGES).then(function (cache) {
      return Promise.all(PRECACHE.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.ok) {
            return stamped(response).then(function (copy) { return cache.put(url, copy); });
          }
        }).catch(function () { /* offline at install: the page is stored when visited */ });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("hallway-") === 0 && name !== PAGES && name !== ASSETS &&
          (name.indexOf("hallway-assets-") === 0 || name.slice(-SCOPE.pathname.length) === SCOPE.pathname);
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  // Sent by offline.js when the visitor signs out: their pages must not stay on the device.
  if (event.data === "hallway:forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

function stamped(response) {
  // Keep when the copy was fetched, for the "last updated" notice.
  var headers = new Headers(response.headers);
  headers.set("X-Hallway-Fetched", new Date().toISOString());
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function isAsset(url) {
  return url.pathname.indexOf("/static/") !== -1 || url.pathname.indexOf("/media/") !== -1 ||
    /\.(css|js|svg|png|jpe?g|webp|woff2)$/.test(url.pathname);
}

function fromCacheMarked(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request, { ignoreVary: true });
  }).then(function (cached) {
    if (!cached) { return undefined; }
    var fetched = cached.headers.get("X-Hallway-Fetched") || cached.headers.get("Date") || "";
    var when = fetched ? new Date(fetched).toISOString() : "";
    return cached.text().then(function (html) {
      // The page's empty "last updated" slot (core/base.html) gets the time; offline.js shows it.
      html = html.replace('data-last-updated hidden', 'data-last-updated="' + when + '"');
      var headers = new Headers(cached.headers);
      headers.set("X-Hallway-Offline", "1");
      return new Response(html, { status: 200, headers: headers });
    });
  });
}

function networkFirst(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" &&
        (response.headers.get("Cache-Control") || "").indexOf("no-store") === -1) {
      var copy = response.clone();
      event.waitUntil(stamped(copy).then(function (stampedCopy) {
        return caches.open(PAGES).then(function (cache) { return cache.put(request, stampedCopy); });
      }));
    }
    return response;
  });
  var timeout = new Promise(function (resolve) {
    setTimeout(function () { resolve(undefined); }, NETWORK_TIMEOUT_MS);
  });
  return Promise.race([network.catch(function () { return undefined; }), timeout]).then(function (response) {
    if (response) { return response; }
    return fromCacheMarked(request).then(function (cached) {
      return cached || network;
    });
  });
}

function cacheFirst(event) {
  var request = event.request;
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request).then(function (cached) {
      if (cached) { return cached; }
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") { cache.put(request, response.clone()); }
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.get("HX-Request")) { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (isAsset(url)) {
    event.respondWith(cacheFirst(event));
  } else if (request.mode === "navigate" && url.href.indexOf(SCOPE.href) === 0) {
    event.respondWith(networkFirst(event));
  }
});
