/*
 * The workbench offline, on every workbench page (the contract: site/workbench/offline.py).
 *
 * <meta name="tanfang-offline" content="<user id>" data-keep="1" ...> names the signed-in user and
 * whether their phone keeps the workbench (visitors). On each page: what other users kept goes
 * (js/offline-store.js), the service worker is registered, the queue of visits filled offline is
 * sent (and again when the connection returns), and the kept pages are brought up to date. The
 * panel [data-offline-panel] says "最后同步 HH:MM", "待上传 n 条", and the server's answers
 * (accepted, errors to fix, conflicts). Logging out first clears what the phone keeps; on a task
 * page with no connection, 填写探访记录 opens the form kept for it.
 */
(function () {
  "use strict";

  var SYNC_EVERY = 60 * 1000;
  var meta = document.querySelector("meta[name=tanfang-offline]");
  var store = window.TanfangOffline;
  if (!meta || !store || !window.indexedDB || !window.caches || !window.fetch) {
    return;
  }
  var user = Number(meta.getAttribute("content"));
  var keep = meta.getAttribute("data-keep") === "1";
  var urls = {sw: meta.getAttribute("data-sw"), sync: meta.getAttribute("data-sync"),
              state: meta.getAttribute("data-state"), scope: meta.getAttribute("data-scope")};
  var panel = document.querySelector("[data-offline-panel]");
  var answers = []; // the server's answers of this page's sends

  function time(milliseconds) {
    var date = new Date(milliseconds);
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function item(text, link, href) {
    var li = document.createElement("li");
    li.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = link;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
    }
    return li;
  }

  function render() {
    if (!panel) {
      return Promise.resolve();
    }
    return Promise.all([store.get("snapshots", user), store.visitsOf(user)]).then(function (found) {
      var snapshot = found[0];
      var visits = found[1];
      var queued = visits.filter(function (visit) { return visit.state === "queued"; });
      var parts = [];
      if (!navigator.onLine) {
        parts.push("离线");
      }
      if (snapshot && keep) {
        parts.push("最后同步 " + time(snapshot.syncedAt));
      }
      if (queued.length) {
        parts.push("待上传 " + queued.length + " 条");
      }
      panel.querySelector("[data-offline-status]").textContent = parts.join(" · ");
      var list = panel.querySelector("[data-offline-visits]");
      list.textContent = "";
      answers.forEach(function (visit) {
        if (visit.state === "accepted") {
          list.appendChild(item(visit.elderName + "：" + visit.message + "（离线填写，已上传）"));
        }
      });
      visits.forEach(function (visit) {
        if (visit.state === "queued") {
          list.appendChild(item(visit.elderName + "：探访记录待上传"));
        } else if (visit.state === "invalid") {
          list.appendChild(item(visit.elderName + "：探访记录有 " + visit.errors.length + " 处需要修改，未提交",
                                "打开修改", visit.formUrl));
        } else if (visit.state === "conflict") {
          list.appendChild(item(visit.elderName + "：" + visit.message));
        }
      });
      panel.hidden = !parts.length && !list.children.length;
      document.documentElement.setAttribute("data-offline-queued", String(queued.length));
    });
  }

  function sendQueue() {
    if (!keep || !navigator.onLine) {
      return Promise.resolve([]);
    }
    return store.sendQueue(urls.state, user).then(function (sent) {
      answers = answers.filter(function (old) {
        return !sent.some(function (visit) { return visit.id === old.id; });
      }).concat(sent);
      return sent;
    });
  }

  function sync(force) {
    if (!keep || !navigator.onLine) {
      return Promise.resolve();
    }
    return store.get("snapshots", user).then(function (snapshot) {
      if (!force && snapshot && Date.now() - snapshot.syncedAt < SYNC_EVERY) {
        return null;
      }
      return store.sync(urls.sync, user);
    }).catch(function () { /* offline meanwhile: keep what was kept */ });
  }

  function update(forceSync) {
    return sendQueue().then(function (sent) {
      return render().then(function () { return sync(forceSync || sent.length > 0); });
    }).then(render).then(function () {
      document.documentElement.setAttribute("data-offline-ready", "1");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-offline-logout") && !form.hasAttribute("data-cleared")) {
      event.preventDefault();
      var done = function () {
        form.setAttribute("data-cleared", "");
        form.submit();
      };
      store.signedOut().then(done, done);
    } else if (form.hasAttribute("data-offline-href") && !navigator.onLine) {
      event.preventDefault(); // the form kept for this task, instead of the browser's offline page
      window.location.href = form.getAttribute("data-offline-href");
    }
  });

  store.signedIn(user).then(function () {
    if (keep && "serviceWorker" in navigator) {
      navigator.serviceWorker.register(urls.sw, {scope: urls.scope}).catch(function () {});
    }
    return update(false);
  });
  window.addEventListener("online", function () { update(false); });
  window.addEventListener("offline", render);
})();
