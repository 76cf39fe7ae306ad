/*
 * 批量打印探访记录: while a batch is queued or being rendered, ask its JSON status every few
 * seconds and move its progress bar; show the download link when it is done. Without JavaScript
 * the page refreshes itself (a <noscript> meta refresh) and has a 刷新 link.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 2500;
  var MAX_POLLS = 720; // half an hour: a worker that died leaves the batch for the 刷新 link

  function update(item, status) {
    var label = item.querySelector("[data-batch-label]");
    var progress = item.querySelector("[data-batch-progress]");
    var percent = item.querySelector("[data-batch-percent]");
    if (label) label.textContent = status.status_label;
    if (progress) progress.value = status.percent;
    if (percent) percent.textContent = status.done_count + " / " + status.total;
    if (status.status === "failed") {
      var error = document.createElement("p");
      error.className = "field-error";
      error.textContent = status.error;
      if (progress) progress.hidden = true;
      if (percent) percent.hidden = true;
      item.appendChild(error);
    }
    var slot = item.querySelector("[data-batch-download-slot]");
    if (status.download_url && slot) {
      var link = document.createElement("a");
      link.className = "button";
      link.href = status.download_url;
      link.textContent = status.download_label;
      slot.appendChild(link);
      slot.hidden = false;
    }
  }

  function watch(item) {
    var url = item.getAttribute("data-status-url");
    var polls = 0;

    function poll() {
      polls += 1;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (status) {
          update(item, status);
          if (status.pending && polls < MAX_POLLS) window.setTimeout(poll, INTERVAL_MS);
        })
        .catch(function () {
          if (polls < MAX_POLLS) window.setTimeout(poll, INTERVAL_MS * 4);
        });
    }

    window.setTimeout(poll, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var items = document.querySelectorAll("[data-batch][data-status-url]");
    for (var i = 0; i < items.length; i += 1) watch(items[i]);
  });
})();
