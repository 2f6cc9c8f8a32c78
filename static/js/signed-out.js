/* Signing out on a shared phone: remove the offline outreach client's cached pages (app shell,
   directory snapshot, person pages) so that the next user cannot open them offline.

   - On the signed-out page (#offline-cache-status): clears at once, then marks data-cleared.
   - On outreach pages (form.sign-out): clears before the sign-out form is sent, so that the
     pages go even when the phone is offline and the sign-out request itself cannot get through.

   Clear-Site-Data: "cache" on the sign-out response empties only the HTTP cache in Chromium, not
   the service worker's Cache Storage, hence this script. It never touches IndexedDB: the queue
   of unsent encounters ("waypoint-outreach") must survive a sign-out (docs/security.md). */
(function () {
  "use strict";

  function clearOfflineCaches() {
    if (!("caches" in window)) return Promise.resolve("unsupported");
    return caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("waypoint-") === 0; })
          .map(function (k) { return caches.delete(k); }));
      })
      .then(function () { return "1"; }, function () { return "error"; });
  }

  const status = document.getElementById("offline-cache-status");
  if (status) clearOfflineCaches().then(function (result) { status.dataset.cleared = result; });

  document.querySelectorAll("form.sign-out").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared === "1") return;
      event.preventDefault();
      clearOfflineCaches().then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });
})();
