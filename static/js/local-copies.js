/*
 * After a visit record is submitted: remove the phone's copy of its form (js/visit-autosave.js),
 * named by the page's <meta name="tanfang-forget-local-copies"> (keys separated by blanks).
 */
(function () {
  "use strict";

  var meta = document.querySelector("meta[name=tanfang-forget-local-copies]");
  if (!meta) {
    return;
  }
  meta.getAttribute("content").split(/\s+/).forEach(function (key) {
    try {
      if (key) {
        window.localStorage.removeItem(key);
      }
    } catch (error) { /* storage unavailable: nothing was kept */ }
  });
})();
