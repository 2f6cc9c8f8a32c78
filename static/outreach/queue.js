/* Waypoint offline queue: encounters saved on the phone (IndexedDB) and sent when possible.

   Loaded by every outreach page and imported by the service worker, so the same code syncs from
   a tab (on load, on the "online" event, soon again after a failed send, every 20 s while
   something waits) and from Background Sync where the browser has it. The backlog goes in batches
   (a list of up to 200 per POST, one answer per item: contracts §4.3), a few batches at a time.
   Sending is safe to repeat: POST /api/encounters is idempotent on the client-made id, so a batch
   cut off mid-way is simply sent again.

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
  const BATCH_MAX = 200;  // contracts §4.3
  const BATCH_MAX_BYTES = 1000000;  // the server takes 2 MB (core/jsonapi.py): half, to be safe
  const BATCHES_IN_FLIGHT = 3;  // the server works on one while it waits on its database for the other
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
     Another record goes to its own idempotent endpoint (e.g. /api/screenings), which takes one
     object a request: such items are sent one at a time. */
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

  /* A batch's answers, in one transaction: stored (201, 200) → removed from the queue; refused (400,
     409) → kept aside in "problems" with the server's answer. Resolves to how many are left
     unsettled (an answer missing or for another id: they stay queued). */
  function settle(items, results) {
    const failedAt = new Date().toISOString();
    let unsettled = 0;
    return tx(["queue", "problems"], "readwrite", function (t) {
      items.forEach(function (item, i) {
        const r = results[i];
        if (!r || String(r.id) !== String(item.id)) { unsettled++; return; }
        if (r.status === 400 || r.status === 409) {
          t.objectStore("problems").put(Object.assign({}, item,
            {status: r.status, response: JSON.stringify({error: r.error}), failed_at: failedAt}));
        } else if (r.status !== 201 && r.status !== 200) { unsettled++; return; }
        t.objectStore("queue").delete(item.id);
      });
    }).then(function () { return unsettled; });
  }

  function markAttempts(items, error) {
    return tx(["queue"], "readwrite", function (t) {
      const store = t.objectStore("queue");
      items.forEach(function (item) {
        // Only if still queued (another sender may have just removed it).
        const r = store.get(item.id);
        r.onsuccess = function () {
          if (r.result) store.put(Object.assign(r.result, {attempts: (r.result.attempts || 0) + 1, last_error: String(error)}));
        };
      });
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

  /* Items (oldest first) cut into batches of at most BATCH_MAX items and BATCH_MAX_BYTES of JSON. */
  function inBatches(items) {
    const encoder = new TextEncoder();
    const batches = [];
    let batch = [];
    let bytes = 0;
    items.forEach(function (item) {
      const size = encoder.encode(JSON.stringify(item.payload)).length + 1;
      if (batch.length && (batch.length === BATCH_MAX || bytes + size > BATCH_MAX_BYTES)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(item);
      bytes += size;
    });
    if (batch.length) batches.push(batch);
    return batches;
  }

  /* A single object's answer read as a batch's one result. */
  function aloneResult(res) {
    return res.json().then(function (data) {
      return [{id: (data && data.id) || null, status: res.status, error: data && data.error}];
    });
  }

  /* POST one batch of queued items to url and settle each by its own result. "ok": all settled
     (stored, or kept aside); "stop": the whole batch stays queued, to be sent again later.
     ``alone``: the endpoint takes one object, so the batch is that one item, sent as an object. */
  function sendBatch(url, items, token, retried, alone) {
    const stop = function (error) { return markAttempts(items, error).then(function () { return "stop"; }); };
    const payloads = items.map(function (item) { return item.payload; });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token || "", "Accept": "application/json"},
      body: JSON.stringify(alone ? payloads[0] : payloads),
    }).then(function (res) {
      if (isWindow) (window.__waypointServerTiming = window.__waypointServerTiming || []).push(res.headers.get("Server-Timing"));
      const answered = alone ? [200, 201, 400, 409].indexOf(res.status) >= 0 : res.status === 200;
      if (answered) {
        const results = alone ? aloneResult(res).then(function (r) {
          // A 400/409 body names no id: it is this item's answer all the same.
          if (!r[0].id) r[0].id = items[0].id;
          return r;
        }) : res.json().then(function (data) { return (data && data.results) || []; });
        return results.then(function (r) { return settle(items, r); })
          .then(function (unsettled) { return unsettled ? stop("incomplete answer") : "ok"; }, stop);
      }
      const isJson = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (res.status === 403 && !isJson && !retried) {
        // Django's CSRF check (an HTML 403): get a fresh token and cookie, then try once more.
        return refreshCsrf().then(function (fresh) {
          if (!fresh) return stop("HTTP 403");
          currentToken = fresh;
          return sendBatch(url, items, fresh, true, alone);
        });
      }
      // 401/403 (logged out, CSRF), 5xx (503 while the database is down), anything else: try later.
      return stop("HTTP " + res.status);
    }, stop);
  }

  /* Send the queued items that pass ``mine`` to url, oldest first, in batches (BATCHES_IN_FLIGHT at
     a time; one item a batch when ``alone``); then read the queue again, for items saved
     meanwhile. Resolves to {sent, stopped}. */
  function sendQueued(url, mine, alone) {
    let sent = 0;
    let stopped = false;
    function pass() {
      return all("queue").then(function (queued) {
        const items = queued.filter(mine);
        if (!items.length || stopped) return;
        items.sort(function (a, b) { return a.queued_at < b.queued_at ? -1 : 1; });
        const batches = alone ? items.map(function (item) { return [item]; }) : inBatches(items);
        let next = 0;
        function worker() {
          if (stopped || next >= batches.length) return Promise.resolve();
          const batch = batches[next++];
          return sendBatch(url, batch, currentToken, false, alone).then(function (r) {
            if (r === "stop") stopped = true; else sent += batch.length;
            notify();
            return worker();
          });
        }
        const workers = [];
        for (let i = 0; i < BATCHES_IN_FLIGHT; i++) workers.push(worker());
        return Promise.all(workers).then(pass);
      });
    }
    return pass().then(function () { return {sent: sent, stopped: stopped}; });
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
    return signedIn().then(function (me) {
      if (!me) return {sent: 0, stopped: true};  // signed out or offline: nothing is sent, nothing is lost
      currentToken = me.token;
      const mine = sendableBy(me.user);
      return sendQueued(API, function (item) { return !item.endpoint && mine(item); }).then(function (r) {
        if (r.stopped) return r;
        return all("queue").then(function (queued) {
          const endpoints = Array.from(new Set(queued.filter(function (item) { return item.endpoint; })
            .map(function (item) { return item.endpoint; })));
          // Each other endpoint in turn, its items one at a time; a stop there stops the sync.
          return endpoints.reduce(function (done, url) {
            return done.then(function (so_far) {
              if (so_far.stopped) return so_far;
              return sendQueued(url, function (item) { return item.endpoint === url && mine(item); }, true)
                .then(function (more) { return {sent: so_far.sent + more.sent, stopped: more.stopped}; });
            });
          }, Promise.resolve(r));
        });
      });
    }).then(function (r) {
      return count("queue").then(function (pending) { return {sent: r.sent, pending: pending, stopped: r.stopped}; });
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
