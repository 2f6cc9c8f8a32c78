// New referral: find a person while typing (the Find button does the same without JS), and keep
// the consent words in step with what the responder changes under "More".
(function () {
  "use strict";
  const search = document.getElementById("who-search");
  const who = document.getElementById("who");
  const options = document.getElementById("people-options");
  if (search && who && options) {
    let timer = null;
    let latest = 0;
    who.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const asked = ++latest;
        const query = new URLSearchParams(new FormData(search));
        try {
          const response = await fetch(`${location.pathname}?${query}`, { credentials: "same-origin" });
          if (!response.ok || asked !== latest) return;
          const page = new DOMParser().parseFromString(await response.text(), "text/html");
          const fresh = page.getElementById("people-options");
          if (fresh) options.replaceChildren(...fresh.childNodes);
        } catch (error) {
          // No signal: the Find button still works when it comes back.
        }
      }, 250);
    });
  }
  const lang = document.documentElement.lang || undefined;
  for (const shown of document.querySelectorAll("[data-follows]")) {
    const field = document.getElementById(shown.dataset.follows);
    if (!field) continue;
    field.addEventListener("input", () => {
      if ("date" in shown.dataset && field.valueAsDate) {
        shown.textContent = field.valueAsDate.toLocaleDateString(lang, {
          day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
        });
      } else {
        shown.textContent = field.value;
      }
    });
  }
})();
