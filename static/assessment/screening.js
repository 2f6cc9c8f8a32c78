/* Risk screen, enhanced: asks and scores on the phone from the instrument's own data (the same
   rules the server applies, assessment/scoring.py), shows the next step at once, and queues the
   screening for POST /api/screenings (idempotent on its id) so it is recorded with no signal.
   Without JavaScript the same form posts to the server and the result page shows the step. */
(function () {
  "use strict";
  const form = document.getElementById("screening");
  const data = document.getElementById("instrument-definition");
  if (!form || !data || !window.WaypointQueue || !window.indexedDB) return;
  const Q = window.WaypointQueue;
  const definition = JSON.parse(data.textContent);
  const banner = document.getElementById("screen-result");
  const status = document.getElementById("save-status");
  const actions = document.getElementById("screening-actions");

  function holds(condition, answers) {
    if (!condition) return true;
    return condition.any_of.some(function (q) { return condition.is_one_of.indexOf(answers[q]) >= 0; });
  }
  function answers() {
    const out = {};
    definition.questions.forEach(function (q) {
      const checked = form.querySelector('input[name="' + q.code + '"]:checked');
      if (checked) out[q.code] = checked.value;
    });
    return out;
  }
  /* The asked questions' answers (an answer to a question no longer asked is cleared), and
     whether every asked question has one. */
  function asked() {
    const given = answers();
    const out = {};
    let complete = true;
    definition.questions.forEach(function (q) {
      const box = form.querySelector('[data-question="' + q.code + '"]');
      const ask = holds(q.asked_when, given);
      box.hidden = !ask;
      if (!ask) {
        box.querySelectorAll("input:checked").forEach(function (i) { i.checked = false; });
      } else if (given[q.code]) {
        out[q.code] = given[q.code];
      } else {
        complete = false;
      }
    });
    return {answers: out, complete: complete};
  }
  function score(given) {
    return definition.results.find(function (r) { return holds(r.when, given); });
  }
  function show(result, saved) {
    banner.hidden = !result;
    if (!result) return;
    banner.className = banner.className.replace(/\s*level-\S+/g, "") + " level-" + result.level;
    banner.dataset.result = result.code;
    banner.innerHTML = "";
    [["result-label", result.label], ["result-action", result.action]].forEach(function (part) {
      const p = document.createElement("p");
      p.className = part[0];
      p.textContent = part[1];
      banner.appendChild(p);
    });
    if (saved) {
      const p = document.createElement("p");
      p.className = "small";
      p.textContent = saved;
      banner.appendChild(p);
    }
  }
  function update() {
    const state = asked();
    const result = state.complete ? score(state.answers) : null;
    show(result, "");
    const positive = result && result.level !== "negative";
    actions.hidden = !positive;
    if (positive) actions.open = true;
    return {state: state, result: result};
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const now = update();
    if (!now.state.complete) {
      status.textContent = "Answer every question shown.";
      status.classList.add("errors");
      return;
    }
    const p = {
      id: form.elements.id.value || Q.uuid4(),
      occurred_at: new Date().toISOString(),
      instrument: form.elements.instrument.value,
      answers: now.state.answers,
      actions: Array.from(form.querySelectorAll('input[name="actions"]:checked')).map(function (i) { return i.value; }),
    };
    if (form.elements.person_id.value) p.person = {id: form.elements.person_id.value};
    if (form.elements.encounter_id.value) p.encounter = form.elements.encounter_id.value;
    Q.add(p, form.dataset.api).then(function () {
      status.classList.remove("errors");
      status.textContent = "Saved on this phone.";
      status.dataset.savedId = p.id;
      show(now.result, "Saved on this phone; it is sent when there is signal.");
      window.scrollTo(0, 0);
      form.reset();
      form.elements.id.value = Q.uuid4();
      asked();
      actions.hidden = true;
      Q.badge();
      Q.requestBackgroundSync();
      if (navigator.onLine !== false) Q.sync().then(Q.badge);
    }, function (err) {
      status.textContent = "Could not save on this phone: " + err + ". Sending directly…";
      form.submit();
    });
  });

  // A fresh id: the page may come from the service worker's cache, rendered long ago.
  if (form.dataset.bound !== "1") form.elements.id.value = Q.uuid4();
  asked();
  actions.hidden = true;
  form.dataset.enhanced = "1";
})();
