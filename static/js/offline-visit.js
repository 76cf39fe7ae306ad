/*
 * The visit form kept on the phone for a task (workbench.offline.visit_form): what is typed is
 * kept in IndexedDB as it is typed (js/offline-store.js, the form's fields as js/visit-autosave.js's
 * LocalCopy reads them: never an ID number), put back when the form is opened again, and 提交
 * queues the visit with its idempotency key, then goes to 我的待办, where js/offline.js sends the
 * queue (now, or when the connection returns). A visit the server sent back with errors opens with
 * every value and the errors beside their fields.
 */
(function () {
  "use strict";

  var COPY_DELAY = 300;
  var form = document.querySelector("form[data-offline-visit]");
  var store = window.TanfangOffline;
  if (!form || !store || !window.TanfangLocalCopy || !window.indexedDB) {
    return;
  }
  var user = Number(form.getAttribute("data-offline-user"));
  var task = Number(form.getAttribute("data-offline-visit"));
  var copy = new window.TanfangLocalCopy(form);
  var status = form.querySelector("[data-autosave-status]");
  var notice = form.querySelector("[data-local-notice]");
  var summary = document.querySelector("[data-offline-errors]");
  var inbox = document.querySelector("meta[name=tanfang-offline]").getAttribute("data-inbox");
  var visit = null;
  var timer = null;

  function tell(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  function keepCopy() {
    clearTimeout(timer);
    visit.copy = copy.snapshot();
    if (visit.state !== "queued") {
      visit.state = "draft";
    }
    visit.updatedAt = Date.now();
    return store.put("visits", visit).then(function () {
      status.textContent = "已保存在本机 " + new Date().toTimeString().slice(0, 5);
    });
  }

  function showErrors(errors) {
    summary.textContent = "";
    var intro = document.createElement("p");
    intro.textContent = "上传后发现有 " + errors.length + " 处需要修改，已填写的内容都保留着。点击下列各项可跳到该处：";
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var li = document.createElement("li");
      var text = (error.label ? error.label + "：" : "") + error.message;
      var target = error.anchor && document.getElementById(error.anchor);
      if (target) {
        var a = document.createElement("a");
        a.href = "#" + error.anchor;
        a.textContent = text;
        li.appendChild(a);
        var field = target.closest(".field") || target.parentNode;
        var message = document.createElement("p");
        message.className = "field-error";
        message.textContent = error.message;
        field.classList.add("field--error");
        field.appendChild(message);
      } else {
        li.textContent = text;
      }
      list.appendChild(li);
    });
    summary.appendChild(intro);
    summary.appendChild(list);
    summary.hidden = false;
  }

  function fields() {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!copy.kept(element) || ((element.type === "radio" || element.type === "checkbox") && !element.checked)) {
        return;
      }
      pairs.push([element.name, element.value]);
    });
    return pairs;
  }

  store.get("visits", user + ":" + task).then(function (kept) {
    visit = kept || {id: user + ":" + task, user: user, task: task, key: store.uuid(), state: "draft",
                     elderName: form.getAttribute("data-elder-name"), formUrl: window.location.pathname,
                     submitUrl: form.getAttribute("action")};
    if (kept && kept.copy) {
      copy.restore(kept.copy);
    }
    if (kept && kept.state === "invalid") {
      showErrors(kept.errors || []);
    } else if (kept && kept.state === "queued") {
      tell("这份探访记录已存入待上传，恢复网络后自动上传；修改后请重新提交。");
    } else if (kept && kept.state === "conflict") {
      tell(kept.message);
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(keepCopy, COPY_DELAY);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(keepCopy, COPY_DELAY);
    });
    form.setAttribute("data-offline-ready", "");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!visit) {
      return;
    }
    clearTimeout(timer);
    visit.copy = copy.snapshot();
    visit.fields = fields();
    visit.state = "queued";
    visit.errors = [];
    visit.updatedAt = Date.now();
    store.put("visits", visit).then(function () {
      if (navigator.serviceWorker && navigator.serviceWorker.controller && window.SyncManager) {
        return navigator.serviceWorker.ready.then(function (registration) {
          return registration.sync.register("tanfang-queue");
        }).catch(function () { /* sent on the next page load instead */ });
      }
    }).then(function () {
      window.location.href = inbox;
    });
  });
})();
