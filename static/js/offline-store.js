/*
 * The phone's store of the workbench offline, shared by the pages (js/offline.js,
 * js/offline-visit.js) and the service worker (/workbench/sw.js). The server's side and the
 * contract are in site/workbench/offline.py.
 *
 * IndexedDB "tanfang-offline":
 *   meta      {name: "current", user}   whose workbench the service worker may show offline
 *   snapshots {user, syncedAt, maxAgeDays, form, elders, tasks, pages}   the last sync
 *   visits    {id: user:task, user, task, key, elderName, formUrl, submitUrl, copy, fields,
 *              state: draft|queued|invalid|conflict, errors, message, updatedAt}
 * Cache Storage: "tanfang-pages-<user>" (the pages as last seen), "tanfang-static" (CSS, JS, icons).
 *
 * What a user keeps goes on logout, when another user signs in on the phone, and after
 * maxAgeDays without a sync; a visit queued (or sent back with errors) but not yet accepted stays,
 * shown to and sent for its own user only, so that nothing typed is lost.
 */
(function (scope) {
  "use strict";

  var DB = "tanfang-offline";
  var STATIC_CACHE = "tanfang-static";
  var PAGES = "tanfang-pages-";
  var UNSENT = ["queued", "invalid"];

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open() {
    var req = scope.indexedDB.open(DB, 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore("meta", {keyPath: "name"});
      db.createObjectStore("snapshots", {keyPath: "user"});
      db.createObjectStore("visits", {keyPath: "id"});
    };
    return request(req);
  }

  function withStore(name, mode, work) {
    return open().then(function (db) {
      var transaction = db.transaction(name, mode);
      work(transaction.objectStore(name));
      return new Promise(function (resolve, reject) {
        transaction.oncomplete = function () { db.close(); resolve(); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function get(name, key) {
    return open().then(function (db) {
      return request(db.transaction(name).objectStore(name).get(key)).then(function (value) {
        db.close();
        return value;
      });
    });
  }

  function all(name) {
    return open().then(function (db) {
      return request(db.transaction(name).objectStore(name).getAll()).then(function (values) {
        db.close();
        return values;
      });
    });
  }

  function put(name, value) {
    return withStore(name, "readwrite", function (store) { store.put(value); });
  }

  function remove(name, key) {
    return withStore(name, "readwrite", function (store) { store["delete"](key); });
  }

  function visitsOf(user) {
    return all("visits").then(function (visits) {
      return visits.filter(function (visit) { return visit.user === user; });
    });
  }

  /* Everything ``user`` keeps but the visits not yet accepted (``keepUnsent``) or all of it. */
  function forget(user, keepUnsent) {
    return Promise.all([
      scope.caches ? scope.caches["delete"](PAGES + user) : null,
      remove("snapshots", user),
      visitsOf(user).then(function (visits) {
        return Promise.all(visits.filter(function (visit) {
          return !keepUnsent || UNSENT.indexOf(visit.state) === -1;
        }).map(function (visit) { return remove("visits", visit.id); }));
      })
    ]);
  }

  function current() {
    return get("meta", "current").then(function (meta) { return meta ? meta.user : null; });
  }

  /* The page of ``user``: forget what others kept (their unsent visits stay, hidden) and what
   * ``user`` kept too long ago. */
  function signedIn(user) {
    return Promise.all([all("snapshots"), scope.caches ? scope.caches.keys() : []]).then(function (found) {
      var others = found[0].map(function (snapshot) { return snapshot.user; }).concat(
        found[1].filter(function (name) { return name.indexOf(PAGES) === 0; }).map(function (name) {
          return Number(name.slice(PAGES.length));
        }));
      var stale = found[0].filter(function (snapshot) { return snapshot.user === user && expired(snapshot); });
      return Promise.all(others.filter(function (other) { return other !== user; }).map(function (other) {
        return forget(other, true);
      }).concat(stale.length ? [forget(user, true)] : []));
    }).then(function () {
      return put("meta", {name: "current", user: user});
    });
  }

  function signedOut() {
    return current().then(function (user) {
      return Promise.all([user === null ? null : forget(user, true), remove("meta", "current")]);
    });
  }

  function expired(snapshot) {
    return Date.now() - snapshot.syncedAt > snapshot.maxAgeDays * 24 * 3600 * 1000;
  }

  function fetchJson(url, options) {
    return fetch(url, Object.assign({credentials: "same-origin", headers: {"Accept": "application/json"}},
                                    options || {})).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {
        throw new Error("not json");
      }
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    });
  }

  /* Keep what the server lists for ``user`` (js/offline.js calls it on an online page). */
  function sync(syncUrl, user) {
    return fetchJson(syncUrl).then(function (answer) {
      var data = answer.body;
      if (answer.status !== 200 || data.user !== user) {
        return null;
      }
      if (!data.keep) {
        return forget(user, false).then(function () { return null; });
      }
      return Promise.all([
        scope.caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(data.assets); }),
        keepPages(user, data.pages),
        dropVisitsOfClosedTasks(user, data.tasks)
      ]).then(function () {
        var snapshot = {user: user, syncedAt: data.synced_at, maxAgeDays: data.max_age_days, form: data.form,
                        elders: data.elders, tasks: data.tasks, pages: data.pages};
        return put("snapshots", snapshot).then(function () { return snapshot; });
      });
    });
  }

  /* One page at a time: a phone on a weak signal, and a server answering many phones. */
  function keepPages(user, pages) {
    return scope.caches.open(PAGES + user).then(function (cache) {
      return pages.reduce(function (done, url) {
        return done.then(function () {
          return fetch(url, {credentials: "same-origin"});
        }).then(function (response) {
          if (response.ok && !response.redirected) {
            return cache.put(url, response);
          }
        });
      }, Promise.resolve()).then(function () {
        return cache.keys();
      }).then(function (requests) {
        return Promise.all(requests.filter(function (req) {
          return pages.indexOf(new URL(req.url).pathname) === -1;
        }).map(function (req) { return cache["delete"](req); }));
      });
    });
  }

  /* A draft of a task no longer the user's (reassigned, cancelled) goes; queued visits stay. */
  function dropVisitsOfClosedTasks(user, tasks) {
    var open = tasks.map(function (task) { return task.id; });
    return visitsOf(user).then(function (visits) {
      return Promise.all(visits.filter(function (visit) {
        return visit.state === "draft" && open.indexOf(visit.task) === -1;
      }).map(function (visit) { return remove("visits", visit.id); }));
    });
  }

  function uuid() {
    if (scope.crypto && scope.crypto.randomUUID) {
      return scope.crypto.randomUUID();
    }
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" +
      hex.slice(20);
  }

  /* Send ``user``'s queued visits, once each at a time; only while that user is signed in here.
   * Resolves to the visits whose answer came (each with its new state). */
  var sending = null;

  function sendQueue(stateUrl, user) {
    if (sending) {
      return sending;
    }
    sending = visitsOf(user).then(function (visits) {
      var queued = visits.filter(function (visit) { return visit.state === "queued"; });
      if (!queued.length) {
        return [];
      }
      return fetchJson(stateUrl).then(function (answer) {
        if (answer.status !== 200 || answer.body.user !== user) {
          return []; // signed out, or someone else: wait for this user's next login
        }
        return queued.reduce(function (done, visit) {
          return done.then(function (results) {
            return send(visit, answer.body.csrf).then(function (sent) {
              return sent ? results.concat([sent]) : results;
            });
          });
        }, Promise.resolve([]));
      });
    }).catch(function () {
      return []; // offline: the next page load or the browser's sync tries again
    }).then(function (results) {
      sending = null;
      return results;
    });
    return sending;
  }

  function send(visit, csrf) {
    var body = new FormData();
    visit.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetchJson(visit.submitUrl, {
      method: "POST", body: body,
      headers: {"X-CSRFToken": csrf, "Idempotency-Key": visit.key, "Accept": "application/json"}
    }).then(function (answer) {
      var result = answer.body;
      if (result.status === "accepted") {
        visit.state = "accepted";
        visit.message = result.message;
        return remove("visits", visit.id).then(function () { return visit; });
      }
      if (result.status === "invalid" || result.status === "conflict") {
        visit.state = result.status;
        visit.errors = result.errors || [];
        visit.fieldErrors = result.fields || [];
        visit.message = result.message || "";
        return put("visits", visit).then(function () { return visit; });
      }
      return null; // e.g. refused: leave it queued
    });
  }

  scope.TanfangOffline = {
    STATIC_CACHE: STATIC_CACHE, PAGES: PAGES,
    get: get, put: put, remove: remove, visitsOf: visitsOf, current: current, signedIn: signedIn,
    signedOut: signedOut, expired: expired, sync: sync, sendQueue: sendQueue, uuid: uuid, forget: forget
  };
})(self);
