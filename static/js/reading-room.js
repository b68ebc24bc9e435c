// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Print every note on the timeline, not just the open ones (browsers without
  // ::details-content print only the summary of a closed <details>).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  // The "add to event" panel on the article page: close it and return focus to the sentence.
  var lastControl = null;
  document.addEventListener("click", function (event) {
    var control = event.target.closest(".sentence__event");
    if (control) { lastControl = control; }
    var close = event.target.closest("[data-dock-close]");
    if (close) {
      var dock = close.closest(".event-dock");
      if (dock) { dock.replaceChildren(); }
      if (lastControl) { lastControl.focus(); }
    }
  });
})();
