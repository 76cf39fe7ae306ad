/*
 * Table answers of the visit form (e.g. 家庭成员): 添加一行 copies the row <template>, 删除此行
 * removes a row; rows are renumbered "第 n 行". Cell names keep their own row number (gaps are
 * fine: the server reads rows in the order of their numbers). Without JavaScript the blank last
 * row (removed here) adds a row and clearing a row removes it.
 */
(function () {
  "use strict";

  function setUp(table) {
    var rows = table.querySelector("[data-table-rows]");
    var template = table.querySelector("template[data-table-template]");
    var add = table.querySelector("[data-table-add]");
    if (!rows || !template || !add) {
      return;
    }
    var next = 0; // one more than the highest row number in use
    Array.prototype.forEach.call(rows.querySelectorAll("input[name]"), function (input) {
      var match = /-(\d+)-[^-]+$/.exec(input.name);
      next = match ? Math.max(next, Number(match[1]) + 1) : next;
    });

    function renumber() {
      Array.prototype.forEach.call(rows.querySelectorAll("[data-table-row-title]"), function (title, index) {
        title.textContent = "第 " + (index + 1) + " 行";
      });
    }

    function changed() {
      table.dispatchEvent(new Event("change", {bubbles: true})); // autosave listens for changes
    }

    function enable(row) {
      var remove = row.querySelector("[data-table-remove]");
      remove.hidden = false;
      remove.addEventListener("click", function () {
        var following = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        renumber();
        changed();
        (following ? following.querySelector("input") : add).focus();
      });
    }

    var blank = rows.querySelector("[data-table-blank]"); // for adding a row without JavaScript
    if (blank) {
      blank.remove();
    }
    Array.prototype.forEach.call(rows.querySelectorAll("[data-table-row]"), enable);
    add.hidden = false;
    add.addEventListener("click", function () {
      var html = template.innerHTML.replace(/__prefix__/g, String(next));
      next += 1;
      rows.insertAdjacentHTML("beforeend", html);
      var row = rows.lastElementChild;
      enable(row);
      renumber();
      row.querySelector("input").focus();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-table]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
