/* Waypoint offline queue: encounters saved on the phone (IndexedDB) and sent when possible.

   Loaded by every outreach page and imported by the service worker, so the same code syncs from
   a tab (on load, on the "online" event, soon again after a failed send, every 20 s while
   something waits) and from Background Sync where the browser has it. Sending is safe to repeat:
   POST /api/encounters is idempotent on the client-made id (contracts §4.3), so a request cut off
   mid-way is simply sent again.

   Stores: "queue" (waiting), "problems" (the server refused: 400 or 409; kept, never dropped),
   "meta" (the CSRF token, so the service worker can send too).

   Shared phones: each queued item remembers who recorded it ("owner", the staff user id). A sync
   first asks the server who is signed in now (GET csrf.json) and sends only that person's items
   (and items from before owners were recorded); the others stay queued, never deleted, until
   their owner signs in on this phone again (docs/security.md, "Signing out on a shared phone").
*/
(function (global) {
  "use strict";
  const DB_NAME = "waypoint-outreach";
  const DB_VERSION = 1;
  const isWindow = typeof window !== "undefined" && global === window;
  const script = isWindow ? document.getElementById("waypoint-queue") : null;
  const API = (script && script.dataset.api) || "/api/encounters";
  const CSRF_URL = (script && script.dataset.csrf) || "/outreach/csrf.json";
  const USER = (script && script.dataset.user) || "";
  const CONCURRENCY = 4;
  const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("waypoint-queue") : null;
  let dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = function () {
        const db = req.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", {keyPath: "id"});
        if (!db.objectStoreNames.contains("problems")) db.createObjectStore("problems", {keyPath: "id"});
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      req.onsuccess = function () {
        const db = req.result;
        db.onversionchange = function () { db.close(); dbPromise = null; };
        resolve(db);
      };
      req.onerror = function () { dbPromise = null; reject(req.error); };
    });
    return dbPromise;
  }

  function tx(stores, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        // "strict": the write is on disk before we say "saved" (survives a killed browser).
        const t = db.transaction(stores, mode, mode === "readwrite" ? {durability: "strict"} : undefined);
        let result;
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error || new Error("aborted")); };
        result = fn(t);
      });
    });
  }

  function reqValue(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function uuid4() {
    if (global.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function notify() {
    if (channel) channel.postMessage("changed");
    if (isWindow) window.dispatchEvent(new Event("waypoint-queue-changed"));
  }

  /* Put an encounter (the JSON body of POST /api/encounters) in the queue; resolves once stored.
     Another record goes to its own idempotent endpoint (e.g. /api/screenings), sent the same way. */
  function add(payload, endpoint) {
    if (!payload.id) payload.id = uuid4();
    const item = {id: payload.id, payload: payload, queued_at: new Date().toISOString(), attempts: 0, last_error: "",
      owner: USER};
    if (endpoint) item.endpoint = endpoint;
    return tx(["queue"], "readwrite", function (t) { t.objectStore("queue").put(item); return item; })
      .then(function (stored) { notify(); return stored; });
  }

  function all(store) {
    return tx([store], "readonly", function (t) {
      const out = [];
      const r = t.objectStore(store).getAll();
      r.onsuccess = function () { out.push.apply(out, r.result); };
      return out;
    });
  }

  function count(store) {
    let n = 0;
    return tx([store || "queue"], "readonly", function (t) {
      const r = t.objectStore(store || "queue").count();
      r.onsuccess = function () { n = r.result; };
    }).then(function () { return n; });
  }

  function remove(id) {
    return tx(["queue"], "readwrite", function (t) { t.objectStore("queue").delete(id); });
  }

  function moveToProblems(item, status, body) {
    return tx(["queue", "problems"], "readwrite", function (t) {
      t.objectStore("problems").put(Object.assign({}, item, {status: status, response: body, failed_at: new Date().toISOString()}));
      t.objectStore("queue").delete(item.id);
    });
  }

  function markAttempt(item, error) {
    return tx(["queue"], "readwrite", function (t) {
      const store = t.objectStore("queue");
      // Only if still queued (another sender may have just removed it).
      const r = store.get(item.id);
      r.onsuccess = function () {
        if (r.result) store.put(Object.assign(r.result, {attempts: (r.result.attempts || 0) + 1, last_error: String(error)}));
      };
    });
  }

  function setMeta(key, value) {
    return tx(["meta"], "readwrite", function (t) { t.objectStore("meta").put(value, key); });
  }

  function getMeta(key) {
    let value;
    return tx(["meta"], "readonly", function (t) {
      const r = t.objectStore("meta").get(key);
      r.onsuccess = function () { value = r.result; };
    }).then(function () { return value; });
  }

  function cookie(name) {
    if (!isWindow) return null;
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }

  /* A new CSRF token from the server (sets the cookie too): after the browser lost its cookies. */
  function refreshCsrf() {
    return fetch(CSRF_URL, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (!data || !data.token) return null;
        return setMeta("csrftoken", data.token).then(function () { return data.token; });
      }, function () { return null; });
  }

  /* Send one queued encounter. "ok": done (stored, or kept aside as a problem); "stop": try later. */
  function sendOne(item, token, retried) {
    return fetch(item.endpoint || API, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token || "", "Accept": "application/json"},
      body: JSON.stringify(item.payload),
    }).then(function (res) {
      if (isWindow) (window.__waypointServerTiming = window.__waypointServerTiming || []).push(res.headers.get("Server-Timing"));
      if (res.status === 201 || res.status === 200) return remove(item.id).then(function () { return "ok"; });
      const isJson = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (res.status === 403 && !isJson && !retried) {
        // Django's CSRF check (an HTML 403): get a fresh token and cookie, then try once more.
        return refreshCsrf().then(function (fresh) {
          if (!fresh) return markAttempt(item, "HTTP 403").then(function () { return "stop"; });
          currentToken = fresh;
          return sendOne(item, fresh, true);
        });
      }
      if (res.status === 400 || res.status === 409) {
        return res.text().then(function (body) { return moveToProblems(item, res.status, body); })
          .then(function () { return "ok"; });
      }
      // 401/403 (logged out, CSRF), 5xx, anything else: keep it and try again later.
      return markAttempt(item, "HTTP " + res.status).then(function () { return "stop"; });
    }, function (err) {
      return markAttempt(item, err).then(function () { return "stop"; });
    });
  }

  let running = null;
  let currentToken = null;

  /* Who is signed in now and a fresh CSRF token, asked of the server: the page may be an old cached
     copy and the service worker has no page. null when nobody is (or the network is down). */
  function signedIn() {
    return fetch(CSRF_URL, {credentials: "same-origin", cache: "no-store", headers: {"Accept": "application/json"}})
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (!data || !data.token || !data.user) return null;
        return setMeta("csrftoken", data.token).then(function () { return {user: String(data.user), token: data.token}; });
      })
      .catch(function () { return null; });
  }

  function sendableBy(user) {
    return function (item) { return !item.owner || String(item.owner) === user; };
  }

  function syncOnce() {
    let sent = 0;
    let stopped = false;
    return signedIn().then(function (me) {
      if (!me) { stopped = true; return; }  // signed out or offline: nothing is sent, nothing is lost
      currentToken = me.token;
      const mine = sendableBy(me.user);
      function pass() {
        return all("queue").then(function (queued) {
          const items = queued.filter(mine);
          if (!items.length || stopped) return;
          items.sort(function (a, b) { return a.queued_at < b.queued_at ? -1 : 1; });
          let next = 0;
          function worker() {
            if (stopped || next >= items.length) return Promise.resolve();
            const item = items[next++];
            return sendOne(item, currentToken).then(function (r) {
              if (r === "stop") stopped = true; else sent++;
              notify();
              return worker();
            });
          }
          const workers = [];
          for (let i = 0; i < CONCURRENCY; i++) workers.push(worker());
          return Promise.all(workers).then(pass);
        });
      }
      return pass();
    }).then(function () {
      return count("queue").then(function (pending) { return {sent: sent, pending: pending, stopped: stopped}; });
    });
  }

  /* Send everything queued. One sync at a time per tab/worker (and across them where the
     Web Locks API exists); a repeat is harmless anyway because the API is idempotent. */
  function sync() {
    if (running) return running;
    const job = (global.navigator && navigator.locks)
      ? navigator.locks.request("waypoint-outreach-sync", syncOnce)
      : syncOnce();
    running = job.catch(function (err) { return {sent: 0, pending: -1, error: String(err)}; })
      .then(function (r) { running = null; return r; });
    return running;
  }

  /* Where a saved encounter is now: "queued" (on this phone), "problem" (refused, kept aside) or
     "sent" (neither: the server has it). */
  function where(id) {
    return tx(["queue", "problems"], "readonly", function (t) {
      const out = {};
      const q = t.objectStore("queue").count(id);
      q.onsuccess = function () { out.queued = q.result > 0; };
      const p = t.objectStore("problems").count(id);
      p.onsuccess = function () { out.problem = p.result > 0; };
      return out;
    }).then(function (r) { return r.queued ? "queued" : (r.problem ? "problem" : "sent"); });
  }

  /* Undo a save: off the phone at once; then, once any send under way has finished, off the
     server too (POST …/undo/, allowed to its own responder for a few minutes). Resolves to
     {undone, message}; offline, an encounter still queued is undone by the removal alone. */
  function undo(id, undoUrl) {
    let wasQueued = false;
    return where(id).then(function (state) {
      wasQueued = state !== "sent";
      return tx(["queue", "problems"], "readwrite", function (t) {
        t.objectStore("queue").delete(id);
        t.objectStore("problems").delete(id);
      });
    }).then(function () {
      notify();
      return running ? running.catch(function () {}) : null;
    }).then(signedIn).then(function (me) {
      if (!me) return {undone: wasQueued, message: wasQueued ? "" : "Offline: could not undo on the server."};
      return fetch(undoUrl, {method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": me.token, "Accept": "application/json"}})
        .then(function (res) {
          return res.json().catch(function () { return {}; }).then(function (body) {
            if (res.status === 200 || (res.status === 404 && wasQueued)) return {undone: true, message: ""};
            return {undone: false, message: body.message || ("HTTP " + res.status)};
          });
        }, function () { return {undone: wasQueued, message: wasQueued ? "" : "Offline: could not undo on the server."}; });
    });
  }

  const api = {add: add, sync: sync, count: count, list: function () { return all("queue"); },
    problems: function () { return all("problems"); }, setMeta: setMeta, getMeta: getMeta, uuid4: uuid4,
    where: where, undo: undo};
  global.WaypointQueue = api;

  if (!isWindow) return;

  /* --- page side: badge, triggers, service worker --- */
  function badge() {
    const el = document.getElementById("sync-badge");
    if (!el) return Promise.resolve();
    return Promise.all([all("queue"), count("problems")]).then(function (r) {
      const others = r[0].filter(function (item) { return !sendableBy(USER)(item); }).length;
      const n = [r[0].length - others, r[1]];
      const parts = [];
      if (n[0]) parts.push(n[0] === 1 ? "1 waiting to sync" : n[0] + " waiting to sync");
      if (others) parts.push(others + " saved by another sign-in (sent when they sign in here again)");
      if (n[1]) parts.push(n[1] + " need attention");
      el.textContent = parts.join(" · ");
      el.hidden = parts.length === 0;
      el.classList.toggle("problem", n[1] > 0);
      el.dataset.pending = String(n[0]);
      el.dataset.others = String(others);
      el.dataset.problems = String(n[1]);
    }).catch(function () {});
  }
  api.badge = badge;

  function requestBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register("encounter-sync");
    }).catch(function () {});
  }
  api.requestBackgroundSync = requestBackgroundSync;

  /* After a failed send (server down, connection cut) try again soon instead of at the next 20 s
     tick: 1 s, doubling up to 20 s, jittered so phones do not all return to a restarted server at once. */
  const RETRY_MIN_MS = 1000;
  const RETRY_MAX_MS = 20000;
  let retryDelay = 0;
  let retryTimer = null;

  function scheduleRetry() {
    if (retryTimer || navigator.onLine === false) return;  // one pending retry; "online" resumes
    retryDelay = Math.min(RETRY_MAX_MS, retryDelay ? retryDelay * 2 : RETRY_MIN_MS);
    retryTimer = setTimeout(function () { retryTimer = null; syncNow(); }, retryDelay * (0.5 + Math.random() / 2));
  }

  function syncNow() {
    return sync().then(function (result) {
      if (result.stopped && result.pending > 0) scheduleRetry();
      else if (result.stopped === false) retryDelay = 0;
      return badge();
    });
  }

  window.addEventListener("waypoint-queue-changed", badge);
  if (channel) channel.onmessage = badge;
  window.addEventListener("online", syncNow);

  function start() {
    const token = cookie("csrftoken");
    const ready = token ? setMeta("csrftoken", token) : Promise.resolve();
    ready.then(badge).then(function () { if (navigator.onLine !== false) return syncNow(); });
    setInterval(function () {
      count("queue").then(function (n) { if (n && navigator.onLine !== false) syncNow(); });
    }, 20000);
    if ("serviceWorker" in navigator && script && script.dataset.sw) {
      navigator.serviceWorker.register(script.dataset.sw, {scope: script.dataset.scope}).catch(function () {});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})(typeof self !== "undefined" ? self : this);
