/* Filters the directory list as you type (works offline on the cached page). */
(function () {
  "use strict";
  const input = document.getElementById("directory-filter");
  const items = Array.from(document.querySelectorAll("#directory-list li[data-text]"));
  if (!input) return;
  input.addEventListener("input", function () {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const li of items) {
      const text = li.dataset.text;
      li.hidden = !words.every((w) => text.includes(w));
    }
  });
})();
