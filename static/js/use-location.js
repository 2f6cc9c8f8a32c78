// "Use my location" on the search page: fills lat/lng from the phone and submits.
// Without JavaScript (or geolocation) the button stays hidden and the form works as it is.
(function () {
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("lat").value = position.coords.latitude.toFixed(5);
        document.getElementById("lng").value = position.coords.longitude.toFixed(5);
        button.form.submit();
      },
      function () { button.disabled = false; },
      { timeout: 10000, maximumAge: 60000 }
    );
  });
})();
