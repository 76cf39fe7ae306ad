/*
 * The workbench's service worker, served by workbench.offline.service_worker at /workbench/sw.js
 * (scope /workbench/). Hand-written (about 80 lines) rather than Workbox: it does three things
 * (pages from the network or the signed-in visitor's cache, static files likewise, the queue on
 * Background Sync), each tied to our rules about who may see what, which Workbox's strategies
 * would only wrap; there is no bundle to vendor, pin and audit under the CSP.
 *
 * Nothing here decides what is kept: js/offline-store.js (imported below, shared with the pages)
 * and site/workbench/offline.py do. Posts always go to the network.
 */
importScripts("{{ store_url }}");

var STATE_URL = "{{ state_url }}";
var STATIC_PREFIX = "{{ static_prefix }}";
var HOME = "{{ home_url }}";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function offlinePage() {
  var html = '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>没有网络 - 探访关爱</title>' +
    '<link rel="stylesheet" href="' + STATIC_PREFIX + 'css/site.css"></head><body><main class="container">' +
    '<h1>没有网络</h1><p>此页没有保存在本机。已保存的页面：<a href="' + HOME + 'cases/">我的待办</a>、' +
    '<a href="' + HOME + 'elders/">我的探访对象</a>。</p></main></body></html>';
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

/* A page kept for the signed-in visitor, unless kept too long ago (then it all goes). */
function keptPage(request) {
  var store = self.TanfangOffline;
  return store.current().then(function (user) {
    if (user === null) {
      return null;
    }
    return store.get("snapshots", user).then(function (snapshot) {
      if (!snapshot || store.expired(snapshot)) {
        return store.forget(user, true).then(function () { return null; });
      }
      return caches.open(store.PAGES + user).then(function (cache) {
        return cache.match(request, {ignoreVary: true});
      });
    });
  }).then(function (response) {
    return response || offlinePage();
  });
}

function keptAsset(request) {
  return caches.open(self.TanfangOffline.STATIC_CACHE).then(function (cache) {
    return cache.match(request, {ignoreVary: true, ignoreSearch: true});
  }).then(function (response) {
    return response || Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return keptPage(request); }));
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(fetch(request).catch(function () { return keptAsset(request); }));
  }
});

/* Background Sync, where the browser has it: with no workbench page open (an open page sends the
 * queue itself when the connection returns), send the queue of whoever is signed in. */
self.addEventListener("sync", function (event) {
  if (event.tag !== "tanfang-queue") {
    return;
  }
  var store = self.TanfangOffline;
  event.waitUntil(self.clients.matchAll({type: "window"}).then(function (pages) {
    return pages.length ? null : store.current().then(function (user) {
      return user === null ? null : store.sendQueue(STATE_URL, user);
    });
  }));
});
