// Vastuu's service worker, team mode only (web/team.js registers it when vastuu-server serves the
// page; the static app never does). It lets a signed-in user reload or reopen the page while the
// server is out of reach: the app's own files are fetched from the network first and kept in a
// cache, which answers when the network fails. The API (/api/...) is never cached here: what the
// user may see is cached per account by web/team.js (IndexedDB), and sign-out deletes it.
/* eslint-env serviceworker */
var CACHE = 'vastuu-app';
var SHELL = ['./', 'app.js', 'app.wasm'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

function shellKey(request) {
  var url = new URL(request.url);
  return url.pathname === '/index.html' ? new URL('./', self.registration.scope).href : url.origin + url.pathname;
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(shellKey(request), copy); }));
    }
    return response;
  }, function () {
    return caches.match(shellKey(request)).then(function (hit) { return hit || Response.error(); });
  }));
});
