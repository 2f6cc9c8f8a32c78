/* Clinical assessment, enhanced: saved on the phone and queued for POST /api/assessments
   (idempotent on its id, like screenings), so it is recorded with no signal. Without JavaScript
   the same form posts to the server. Only the parts filled in are sent: every part is optional. */
(function () {
  "use strict";
  const form = document.getElementById("clinical-assessment");
  if (!form || !window.WaypointQueue || !window.indexedDB) return;
  const Q = window.WaypointQueue;
  const status = document.getElementById("save-status");
  const LINKS = {id: 1, occurred_at: 1, person_id: 1, encounter_id: 1, csrfmiddlewaretoken: 1};

  function body() {
    const out = {};
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || LINKS[el.name]) return;
      if (el.type === "checkbox") {
        if (!out[el.name]) out[el.name] = [];
        if (el.checked) out[el.name].push(el.value);
      } else if (el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
      } else if (el.tagName === "TEXTAREA" && el.value.trim()) {
        out[el.name] = el.value.trim();
      }
    });
    Object.keys(out).forEach(function (name) {
      if (Array.isArray(out[name]) && !out[name].length) delete out[name];
    });
    return out;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const p = Object.assign(body(), {
      id: form.elements.id.value || Q.uuid4(),
      occurred_at: new Date().toISOString(),
    });
    if (form.elements.person_id.value) p.person = {id: form.elements.person_id.value};
    if (form.elements.encounter_id.value) p.encounter = form.elements.encounter_id.value;
    Q.add(p, form.dataset.api).then(function () {
      status.classList.remove("errors");
      status.textContent = status.dataset.saved;
      status.dataset.savedId = p.id;
      form.reset();
      form.elements.id.value = Q.uuid4();
      Q.badge();
      Q.requestBackgroundSync();
      if (navigator.onLine !== false) Q.sync().then(Q.list).then(function (waiting) {
        Q.badge();
        const sent = !waiting.some(function (item) { return item.id === p.id; });
        if (sent && status.dataset.savedId === p.id) status.textContent = status.dataset.sent;
      });
    }, function () {
      status.textContent = status.dataset.failed;
      form.submit();
    });
  });

  // A fresh id: the page may come from the service worker's cache, rendered long ago.
  if (form.dataset.bound !== "1") form.elements.id.value = Q.uuid4();
  form.dataset.enhanced = "1";
})();
