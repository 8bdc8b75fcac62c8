// helpbook serve: reloads the page when the site is rebuilt, and when a
// build fails (the server then puts the error into every page it serves).
// A file of its own, not an inline script, so a strict CSP still works.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var lost = false;
  var source = new EventSource("/__helpbook/events");
  function reload() {
    window.location.reload();
  }
  source.addEventListener("reload", reload);
  source.addEventListener("build-error", reload);
  // After the server restarts, the stream reconnects: show the new site.
  source.addEventListener("open", function () {
    if (lost) {
      reload();
    }
  });
  source.addEventListener("error", function () {
    lost = true;
  });
})();
