/*
 * Saving the visit form as it is typed, on the server and on this phone.
 *
 * Server: 2 s after the last change, and when the page is hidden or left, the form is posted to
 * its data-autosave-url (the CSRF token goes with the form data). The status line says
 * "已自动保存 HH:MM"; offline, it says so and tries again when the network is back. The server
 * keeps what is valid and reports the rest, which is fixed before submitting.
 *
 * Phone: until the server has confirmed a change, a copy of the form is kept in localStorage under
 * data-local-copy-key (one key per user and record), never with the inputs marked
 * data-local-copy="off" (ID numbers). 提交 and 保存草稿 are held back while offline; leaving the
 * page with unconfirmed changes asks first. On loading, a copy made since the server's draft
 * (data-saved-version, the server's version the copy was based on) is put back into the form.
 * The copy goes once the server has everything (autosave) or the record is submitted
 * (js/local-copies.js, on the page after).
 */
(function () {
  "use strict";

  var DELAY = 2000;
  var RETRY = 15000;
  var COPY_DELAY = 300;
  var OFFLINE = "网络已断开，内容已保存在本机，恢复网络后再提交";

  function LocalCopy(form) {
    this.form = form;
    this.key = form.getAttribute("data-local-copy-key");
  }

  LocalCopy.prototype.kept = function (element) {
    return element.name && element.name !== "csrfmiddlewaretoken" && !element.disabled &&
      element.getAttribute("data-local-copy") !== "off" && element.type !== "submit" &&
      element.type !== "button" && element.type !== "file";
  };

  LocalCopy.prototype.read = function () {
    try {
      return JSON.parse(window.localStorage.getItem(this.key) || "null");
    } catch (error) {
      return null;
    }
  };

  LocalCopy.prototype.remove = function () {
    try {
      window.localStorage.removeItem(this.key);
    } catch (error) { /* storage unavailable: nothing was kept */ }
  };

  /* {values: {name: [value]}, tables: {key: [{column: value}]}}: the form as typed (js/offline-visit.js
   * keeps it in IndexedDB) */
  LocalCopy.prototype.snapshot = function () {
    var self = this;
    var values = {};
    var tables = {};
    Array.prototype.forEach.call(this.form.elements, function (element) {
      if (!self.kept(element) || element.closest("[data-table-row]")) {
        return;
      }
      var list = values[element.name] || (values[element.name] = []);
      if ((element.type !== "radio" && element.type !== "checkbox") || element.checked) {
        list.push(element.value);
      }
    });
    Array.prototype.forEach.call(this.form.querySelectorAll("[data-table-key]"), function (table) {
      tables[table.getAttribute("data-table-key")] = Array.prototype.map.call(
        table.querySelectorAll("[data-table-rows] > [data-table-row]"), function (row) {
          var cells = {};
          Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (cell) {
            if (self.kept(cell)) {
              cells[cell.name.replace(/^.*-\d+-/, "")] = cell.value;
            }
          });
          return cells;
        });
    });
    return {values: values, tables: tables};
  };

  /* {base, savedAt, values, tables} */
  LocalCopy.prototype.write = function (base) {
    var snapshot = this.snapshot();
    try {
      window.localStorage.setItem(this.key, JSON.stringify(
        {base: base, savedAt: Date.now(), values: snapshot.values, tables: snapshot.tables}));
      return true;
    } catch (error) {
      return false;
    }
  };

  /* A row of the copy goes back into the row of the page with the same name (so a person keeps
   * the ID number the page holds for them), or into a new row; rows the copy no longer has go. */
  LocalCopy.prototype.restoreTable = function (table, rows) {
    var self = this;
    var add = table.querySelector("[data-table-add]");
    var unused = Array.prototype.slice.call(table.querySelectorAll("[data-table-rows] > [data-table-row]"));
    var cellOf = function (row, column) {
      return Array.prototype.filter.call(row.querySelectorAll("[name]"), function (cell) {
        return cell.name.replace(/^.*-\d+-/, "") === column;
      })[0];
    };
    rows.forEach(function (cells) {
      var row = unused.filter(function (candidate) {
        var name = cellOf(candidate, "name");
        return name && name.value === cells.name;
      })[0];
      if (row) {
        unused.splice(unused.indexOf(row), 1);
      } else {
        add.click();
        row = table.querySelector("[data-table-rows]").lastElementChild;
      }
      Object.keys(cells).forEach(function (column) {
        var cell = cellOf(row, column);
        if (cell && self.kept(cell)) {
          cell.value = cells[column];
        }
      });
    });
    unused.forEach(function (row) {
      row.querySelector("[data-table-remove]").click();
    });
  };

  LocalCopy.prototype.restore = function (copy) {
    var self = this;
    Array.prototype.forEach.call(this.form.elements, function (element) {
      if (!self.kept(element) || element.closest("[data-table-row]") || !(element.name in copy.values)) {
        return;
      }
      var values = copy.values[element.name];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.value !== (values[0] || "")) {
        element.value = values[0] || "";
        element.dispatchEvent(new CustomEvent("localcopy:restored", {bubbles: true}));
      }
    });
    Array.prototype.forEach.call(this.form.querySelectorAll("[data-table-key]"), function (table) {
      var rows = copy.tables[table.getAttribute("data-table-key")];
      if (rows) {
        self.restoreTable(table, rows);
      }
    });
    if (document.activeElement && this.form.contains(document.activeElement)) {
      document.activeElement.blur(); // adding rows focused one; the page opens at its top
    }
  };

  function time(milliseconds) {
    var date = new Date(milliseconds);
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function setUp(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    var notice = form.querySelector("[data-local-notice]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var copy = new LocalCopy(form);
    var version = Number(form.getAttribute("data-saved-version")) || 0;
    var timer = null;
    var copyTimer = null;
    var dirty = false;     // changed since the last post to the server
    var unsaved = false;   // changed since the server last confirmed everything
    var busy = false;
    var stopped = false;
    var leaving = false;   // submitting the form itself

    function show(text, state) {
      status.textContent = text;
      status.setAttribute("data-state", state);
    }

    function tell(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    function keepCopy() {
      clearTimeout(copyTimer);
      if (unsaved && !copy.write(version) && !navigator.onLine) {
        tell("网络已断开，本机也无法保存，请勿离开本页");
      }
    }

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }

    function changed() {
      if (!stopped) {
        dirty = true;
        unsaved = true;
        schedule(DELAY);
        clearTimeout(copyTimer);
        copyTimer = setTimeout(keepCopy, COPY_DELAY);
      }
    }

    function report(result) {
      if (result.saved) {
        var errors = Object.keys(result.errors || {}).length;
        version = result.version || version;
        show("已自动保存 " + result.saved_at + (errors ? "；" + errors + " 项填写有误未保存，提交前请修改" : ""),
             errors ? "partial" : "saved");
        if (!errors && !dirty) {
          unsaved = false;
          copy.remove(); // the server has all of it
        } else {
          keepCopy(); // on top of the server's new version
        }
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
      keepCopy();
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

    var saved = copy.read();
    if (saved && !form.hasAttribute("data-bound")) { // a form shown again after a post keeps what was posted
      if (saved.base >= version) {
        copy.restore(saved);
        unsaved = true;
        dirty = true;
        schedule(DELAY);
        tell("已恢复本机保存的内容（" + time(saved.savedAt) + "），请核对后再提交");
      } else {
        copy.remove(); // the server's draft is newer
      }
    } else if (saved) {
      unsaved = true;
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      keepCopy();
      if (!navigator.onLine) {
        event.preventDefault(); // the browser would show its offline page and drop what was typed
        tell(OFFLINE);
        return;
      }
      leaving = true;
      stopped = true; // the form itself is being saved
      clearTimeout(timer);
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved && !leaving) {
        event.preventDefault();
        event.returnValue = ""; // the browser asks whether to leave
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush();
      }
    });
    window.addEventListener("pagehide", flush);
    window.addEventListener("pageshow", function () {
      leaving = false; // back from a submit that did not leave (e.g. the back button)
    });
    window.addEventListener("offline", function () {
      keepCopy();
      tell(OFFLINE);
    });
    window.addEventListener("online", function () {
      tell("");
      if (dirty) {
        schedule(0);
      }
    });
  }

  window.TanfangLocalCopy = LocalCopy;

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
