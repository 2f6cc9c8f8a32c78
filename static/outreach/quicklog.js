/* Quick log, enhanced: saves to the phone at once (IndexedDB), then syncs in the background.
   Without JavaScript the same form posts to the server as a plain HTML form. */
(function () {
  "use strict";
  const form = document.getElementById("quick-log");
  if (!form || !window.WaypointQueue || !window.indexedDB) return;
  const Q = window.WaypointQueue;
  const status = document.getElementById("save-status");
  const params = new URLSearchParams(location.search);

  function pad(n) { return String(n).padStart(2, "0"); }
  function localInputValue(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  /* "2026-11-23T21:05" (the phone's local time) → "2026-11-23T21:05:00-05:00". */
  function withOffset(value) {
    if (!value) return null;
    if (/[zZ]|[+-]\d\d:?\d\d$/.test(value)) return value;
    const d = new Date(value);
    if (isNaN(d)) return value;
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? "+" : "-";
    const abs = Math.abs(off);
    return localInputValue(d) + ":" + pad(d.getSeconds()) + sign + pad(Math.floor(abs / 60)) + ":" + pad(abs % 60);
  }

  /* Fresh id and time: the page may come from the service worker's cache, rendered hours ago. */
  function freshDefaults() {
    form.elements.id.value = Q.uuid4();
    form.elements.occurred_at.value = localInputValue(new Date());
    const cad = params.get("cad");
    if (cad) {
      form.elements.cad_incident.value = cad;
      const dispatch = form.querySelector('input[name="source"][value="dispatch"]');
      if (dispatch) dispatch.checked = true;
    }
    const person = params.get("person");
    if (person) {
      const radio = form.querySelector('input[name="person_id"][value="' + CSS.escape(person) + '"]');
      if (radio) radio.checked = true;
    }
  }

  function locate() {
    const out = document.getElementById("position-status");
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lng.value = pos.coords.longitude.toFixed(6);
      if (out) out.textContent = "Position: ±" + Math.round(pos.coords.accuracy) + " m";
    }, function () {}, {enableHighAccuracy: false, maximumAge: 120000, timeout: 10000});
  }

  function values(name) {
    return Array.from(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function value(name) {
    const el = form.elements[name];
    if (!el) return "";
    if (el instanceof RadioNodeList) { const v = values(name); return v.length ? v[0] : ""; }
    return (el.value || "").trim();
  }

  function payload() {
    const p = {
      id: value("id"),
      occurred_at: withOffset(value("occurred_at")),
      source: value("source"),
      cad_incident: value("cad_incident"),
      location_text: value("location_text"),
      neighbourhood: value("neighbourhood"),
      needs: values("needs"),
      disposition: value("disposition"),
      notes: value("notes"),
      co_response: value("co_response") || "alone",
      police_backup_requested: form.elements.police_backup_requested.checked,
      police_backup_reason: value("police_backup_reason"),
      arrest_or_citation: form.elements.arrest_or_citation.checked,
      transport_destination: value("transport_destination"),
      transport_destination_text: value("transport_destination_text"),
      danger_to_self: value("danger_to_self") || "unknown",
      danger_to_others: value("danger_to_others") || "unknown",
      medical_emergency: value("medical_emergency") || "unknown",
      intoxication: value("intoxication") || "unknown",
      services_given: values("services_given"),
      living_situation: value("living_situation"),
      language: value("language"),
      interpreter: value("interpreter"),
      team_members: values("team_members").map(Number),
    };
    ["call_received_at", "dispatched_at", "on_scene_at", "cleared_at"].forEach(function (n) {
      const v = withOffset(value(n));
      if (v) p[n] = v;
    });
    const lat = value("lat"), lng = value("lng");
    if (lat && lng) { p.lat = Number(lat); p.lng = Number(lng); }
    const alias = value("person_alias");
    const personId = value("person_id");
    if (alias) p.person = {alias: alias};
    else if (personId) p.person = {id: personId};
    return p;
  }

  function check(p) {
    if (!p.disposition) return "Choose an outcome.";
    if (p.source === "dispatch" && !p.cad_incident) return "A dispatch contact needs the CAD number.";
    return "";
  }

  form.elements.person_alias.addEventListener("input", function () {
    if (form.elements.person_alias.value.trim()) {
      const anon = form.querySelector('input[name="person_id"][value=""]');
      if (anon) anon.checked = true;
    }
  });

  /* The confirmation sits in the save bar, under the thumb: saved → sent (or waiting), with Undo
     for as long as the server allows it for a contact already sent. */
  const undoButton = document.getElementById("undo-button");
  const UNDO_MS = 5 * 60 * 1000;
  let undoTimer = null;
  function refreshStatus() {
    const id = status.dataset.savedId;
    if (!id) return Promise.resolve();
    return Promise.all([Q.where(id), Q.count("queue")]).then(function (r) {
      // Only the state after the last save changes; once the status says something else, keep it.
      const state = status.querySelector(".save-state");
      if (!state || status.dataset.savedId !== id) return;
      const d = status.dataset;
      state.textContent = " · " + (r[0] === "sent" ? d.sent + " ✓" : (r[0] === "problem" ? d.problem : d.waiting + " " + r[1]));
      status.dataset.state = r[0];
    }).catch(function () {});
  }
  function showSaved(id) {
    status.classList.remove("errors");
    status.dataset.savedId = id;
    status.dataset.state = "queued";
    status.textContent = status.dataset.saved;
    const state = document.createElement("span");
    state.className = "save-state";
    status.appendChild(state);
    undoButton.hidden = false;
    undoButton.disabled = false;
    clearTimeout(undoTimer);
    undoTimer = setTimeout(function () { undoButton.hidden = true; }, UNDO_MS);
    refreshStatus();
  }
  window.addEventListener("waypoint-queue-changed", refreshStatus);
  undoButton.addEventListener("click", function () {
    const id = status.dataset.savedId;
    if (!id) return;
    undoButton.disabled = true;
    Q.undo(id, form.dataset.undo.replace("00000000-0000-0000-0000-000000000000", id)).then(function (r) {
      if (r.undone) {
        status.dataset.state = "undone";
        status.textContent = status.dataset.undone;
        undoButton.hidden = true;
      } else {
        status.textContent = r.message;
        status.classList.add("errors");
        undoButton.disabled = false;
      }
      Q.badge();
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const p = payload();
    const problem = check(p);
    if (problem) {
      delete status.dataset.savedId;
      undoButton.hidden = true;
      status.textContent = problem;
      status.classList.add("errors");
      return;
    }
    const t0 = performance.now();
    Q.add(p).then(function () {
      const ms = Math.round(performance.now() - t0);
      window.__waypointLastSaveMs = ms;
      showSaved(p.id);
      form.reset();
      freshDefaults();
      Q.badge();
      Q.requestBackgroundSync();
      if (navigator.onLine !== false) Q.sync().then(Q.badge).then(refreshStatus);
    }, function (err) {
      status.textContent = "Could not save on this phone: " + err + ". Sending directly…";
      form.submit();
    });
  });

  if (form.dataset.bound !== "1") freshDefaults();
  locate();
  form.dataset.enhanced = "1";
})();
