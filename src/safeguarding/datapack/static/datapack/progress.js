// Poll an import's progress and move the bar; reload the page when the import finishes.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var label = box.querySelector("#datapack-progress-label");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    label.textContent = state.done >= state.total && state.status === "running"
      ? "Saving " + state.total + " rows…"
      : state.label + ": " + state.done + " of " + state.total + " rows checked.";
  }

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
