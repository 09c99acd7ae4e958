// Injected by `portal serve` only (never part of a built site): reloads the page when the
// preview has been rebuilt. The page was served at the version in data-version; the server
// sends its current version on /__portal/events whenever it changes.
(() => {
  'use strict';
  const script = document.currentScript;
  const served = script ? script.dataset.version : null;
  const events = new EventSource('/__portal/events');
  events.onmessage = (event) => {
    if (event.data !== served) {
      events.close();
      window.location.reload();
    }
  };
})();
