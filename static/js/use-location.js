// "Use my location" on the search page: fills lat/lng from the phone and submits.
// Without JavaScript (or geolocation) the button stays hidden and the form works as it is; when
// the phone refuses or cannot find a position, the message under the button says so.
(function () {
  var button = document.getElementById("use-location");
  var message = document.getElementById("location-message");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  function say(text) {
    message.textContent = text;
    message.hidden = false;
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    message.hidden = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("lat").value = position.coords.latitude.toFixed(5);
        document.getElementById("lng").value = position.coords.longitude.toFixed(5);
        button.form.submit();
      },
      function (error) {
        button.disabled = false;
        say(error.code === error.PERMISSION_DENIED ? message.dataset.denied : message.dataset.failed);
        document.getElementById("near").focus();
      },
      { timeout: 10000, maximumAge: 60000 }
    );
  });
})();
