/*
 * Autosave of the visit form: 2 s after the last change, and when the page is hidden or left,
 * the form is posted to its data-autosave-url (the CSRF token goes with the form data). The status
 * line says "已自动保存 HH:MM"; offline, it says so and tries again when the network is back.
 * The server keeps what is valid and reports the rest, which is fixed before submitting.
 */
(function () {
  "use strict";

  var DELAY = 2000;
  var RETRY = 15000;

  function setUp(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var dirty = false;
    var busy = false;
    var stopped = false;

    function show(text, state) {
      status.textContent = text;
      status.setAttribute("data-state", state);
    }

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }

    function changed() {
      if (!stopped) {
        dirty = true;
        schedule(DELAY);
      }
    }

    function report(result) {
      if (result.saved) {
        var errors = Object.keys(result.errors || {}).length;
        show("已自动保存 " + result.saved_at + (errors ? "；" + errors + " 项填写有误未保存，提交前请修改" : ""),
             errors ? "partial" : "saved");
      } else {
        stopped = true; // e.g. submitted in another window: nothing more to save here
        show("未保存：" + ((result.errors || {}).__all__ || ["请刷新页面"])[0], "error");
      }
    }

    function save() {
      if (!dirty || stopped) {
        return;
      }
      if (busy) {
        schedule(DELAY);
        return;
      }
      dirty = false;
      busy = true;
      show("正在保存…", "saving");
      fetch(url, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: {"X-CSRFToken": token ? token.value : "", "Accept": "application/json"}
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json || response.redirected) {
          dirty = true;
          show("未保存：登录已过期，请重新登录", "error");
          return;
        }
        return response.json().then(function (result) {
          report(result);
        });
      }).catch(function () {
        dirty = true;
        show("未保存：网络中断，恢复后自动重试", "offline");
        schedule(RETRY);
      }).then(function () {
        busy = false;
      });
    }

    function flush() { // the page is going away: no answer will be read
      if (!dirty || stopped) {
        return;
      }
      dirty = false;
      clearTimeout(timer);
      var data = new FormData(form);
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, data))) {
        fetch(url, {method: "POST", body: data, credentials: "same-origin", keepalive: true})
          .catch(function () {});
      }
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      stopped = true; // the form itself is being saved
      clearTimeout(timer);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush();
      }
    });
    window.addEventListener("pagehide", flush);
    window.addEventListener("online", function () {
      if (dirty) {
        schedule(0);
      }
    });
  }

  function init() {
    var form = document.querySelector("form[data-autosave-url]");
    if (form && window.fetch && window.FormData) {
      setUp(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
