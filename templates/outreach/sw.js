/* Waypoint outreach service worker (scope /outreach/). Version {{ version }}.
   App shell + directory snapshot: network first, cache when offline.
   Static assets: cache first, refreshed in the background.
   Background Sync "encounter-sync": sends the IndexedDB queue (queue.js). */
"use strict";
const VERSION = "{{ version }}";
const CACHE = "waypoint-outreach-" + VERSION;
const ASSETS = {{ assets_json|safe }};
const SHELL = {{ shell_json|safe }};
importScripts("{{ queue_js }}");

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    // The shell pages need the session cookie; a failure here (logged out) must not block install.
    await Promise.all(SHELL.map(async (url) => {
      try {
        const res = await fetch(url, {credentials: "same-origin", redirect: "manual"});
        if (res.ok) await cache.put(url, res);
      } catch (e) { /* offline at install: cached on the next visit */ }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("waypoint-outreach-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function shellKey(url) {
  // The quick log with ?cad=… or ?person=… is the same shell; the query is filled in by quicklog.js.
  const u = new URL(url);
  return u.origin + u.pathname;
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && res.type === "basic" && !res.redirected) await cache.put(key, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(key, {ignoreSearch: true});
    if (hit) return hit;
    if (request.mode === "navigate") {
      const shell = await cache.match(SHELL[0]);
      if (shell) return shell;
    }
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, {ignoreSearch: true});
  const refresh = fetch(request).then((res) => {
    if (res.ok) cache.put(request, res.clone());
    return res;
  }).catch(() => null);
  return hit || (await refresh) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (ASSETS.includes(url.pathname) || url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.pathname.startsWith(self.registration.scope.replace(self.location.origin, ""))) {
    if (url.pathname.endsWith("/sw.js") || url.pathname.endsWith("/csrf.json")) return;
    event.respondWith(networkFirst(request, shellKey(request.url)));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "encounter-sync") {
    event.waitUntil(self.WaypointQueue.sync({from: "background-sync"}));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "sync") event.waitUntil(self.WaypointQueue.sync({from: "message"}));
});
