// Polls a report file's status until it is ready, then offers the download.
(function () {
  function poll(element) {
    fetch(element.dataset.reportFileStatus, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (file) {
        if (file.status === "ready") {
          element.textContent = "";
          var link = document.createElement("a");
          link.className = "govuk-link";
          link.href = file.url;
          link.textContent = "Download the PDF";
          element.appendChild(link);
        } else if (file.status === "failed") {
          element.textContent = "The PDF could not be made. Try again.";
        } else {
          element.querySelector(".govuk-tag").textContent = file.label;
          setTimeout(function () { poll(element); }, 1500);
        }
      })
      .catch(function () { setTimeout(function () { poll(element); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-report-file-status]").forEach(poll);
  });
})();
