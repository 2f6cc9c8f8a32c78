/* Signed-out page: remove the offline outreach client's cached pages (app shell, directory
   snapshot, person pages) so that the next user of a shared phone cannot open them offline.

   Clear-Site-Data: "cache" on the sign-out response empties only the HTTP cache in Chromium, not
   the service worker's Cache Storage, hence this script. It never touches IndexedDB: the queue
   of unsent encounters ("waypoint-outreach") must survive a sign-out (docs/security.md). */
(function () {
  "use strict";
  const status = document.getElementById("offline-cache-status");
  function done(value) { if (status) status.dataset.cleared = value; }
  if (!("caches" in window)) { done("unsupported"); return; }
  caches.keys()
    .then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("waypoint-") === 0; })
        .map(function (k) { return caches.delete(k); }));
    })
    .then(function () { done("1"); }, function () { done("error"); });
})();
