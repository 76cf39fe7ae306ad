/*
 * 大字 toggle: enlarges the page's type and remembers the choice in localStorage.
 * Loaded from <head> without defer so the class is on <html> before the first paint;
 * the button is wired once the document has been parsed.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "tanfang-large-text";
  var CLASS_NAME = "large-text";
  var root = document.documentElement;

  function storedPreference() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === "1";
    } catch (error) {
      return false; // storage disabled: the toggle still works for this page
    }
  }

  function remember(enabled) {
    try {
      window.localStorage.setItem(STORAGE_KEY, enabled ? "1" : "0");
    } catch (error) {
      // storage disabled: nothing to remember
    }
  }

  function apply(enabled, button) {
    root.classList.toggle(CLASS_NAME, enabled);
    if (button) {
      button.setAttribute("aria-pressed", enabled ? "true" : "false");
    }
  }

  apply(storedPreference(), null);

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-large-text-toggle]");
    Array.prototype.forEach.call(buttons, function (button) {
      apply(root.classList.contains(CLASS_NAME), button);
      button.hidden = false;
      button.addEventListener("click", function () {
        var enabled = !root.classList.contains(CLASS_NAME);
        apply(enabled, button);
        remember(enabled);
      });
    });
  });
})();
