/*
 * A character counter under every text box that has a maximum length (the maxlength attribute
 * the forms render from each field's limit): always under a multi-line box, and under a one-line
 * box once it is 80% full. Without JavaScript the browser still stops at the limit and the
 * server still checks it.
 */
(function () {
  "use strict";

  var SELECTOR = "textarea[maxlength], input[type=text][maxlength], input:not([type])[maxlength]";

  function attach(box) {
    var limit = parseInt(box.getAttribute("maxlength"), 10);
    if (!limit || box.dataset.charCounter) {
      return;
    }
    box.dataset.charCounter = "on";
    var counter = document.createElement("p");
    counter.className = "help char-counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = (box.id || box.name) + "_counter";
    box.insertAdjacentElement("afterend", counter);
    var multiLine = box.tagName === "TEXTAREA";

    function update() {
      var used = box.value.length;
      counter.hidden = !multiLine && used < limit * 0.8;
      counter.textContent = used >= limit ? "已达到最多" + limit + "字" : "已输入" + used + "/" + limit + "字";
      counter.classList.toggle("char-counter--full", used >= limit);
    }

    box.addEventListener("input", update);
    update();
  }

  function attachAll(root) {
    root.querySelectorAll(SELECTOR).forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
    // Rows added to a table answer (visit-table.js) bring new boxes.
    new MutationObserver(function () { attachAll(document); })
      .observe(document.body, {childList: true, subtree: true});
  });
}());
