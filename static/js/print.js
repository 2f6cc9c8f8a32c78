// Progressive enhancement: show a Print button that calls window.print().
document.querySelectorAll(".print-button").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
