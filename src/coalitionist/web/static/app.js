/* Workbench pages: the CSRF header for htmx, and spreadsheet-like editing tables (keyboard, paste, add row). */
(function () {
  "use strict";
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  window.coalitionistCsrf = csrf;
  document.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRF-Token"] = csrf();
  });

  function cells(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      return Array.prototype.filter.call(tr.querySelectorAll("input, select, textarea"), function (el) {
        return el.type !== "hidden";
      });
    });
  }
  function locate(table, el) {
    var grid = cells(table);
    for (var r = 0; r < grid.length; r++) {
      var c = grid[r].indexOf(el);
      if (c >= 0) { return [r, c, grid]; }
    }
    return null;
  }
  function focusCell(grid, r, c) {
    if (r < 0 || r >= grid.length) { return; }
    var row = grid[r];
    var el = row[Math.max(0, Math.min(c, row.length - 1))];
    if (el) { el.focus(); if (el.select) { el.select(); } }
  }
  function addRow(table) {
    var body = table.tBodies[0];
    var last = body.rows[body.rows.length - 1];
    var clone = last.cloneNode(true);
    var n = body.rows.length;
    clone.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.name = el.name.replace(/\[(\d+)\]/, function (_m, k) { return "[" + (parseInt(k, 10) + 1) + "]"; });
      if (el.type === "checkbox") { el.checked = false; } else if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
      el.removeAttribute("aria-invalid");
      el.classList.remove("invalid");
    });
    clone.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
    body.appendChild(clone);
    return n;
  }
  document.addEventListener("keydown", function (e) {
    var el = e.target;
    var table = el.closest && el.closest("table[data-grid]");
    if (!table || el.tagName === "TEXTAREA") { return; }
    var at = locate(table, el);
    if (!at) { return; }
    var r = at[0], c = at[1], grid = at[2];
    if (e.key === "ArrowDown" || (e.key === "Enter" && !e.shiftKey)) {
      e.preventDefault();
      if (r === grid.length - 1 && e.key === "Enter" && table.parentElement.querySelector("[data-add-row]")) {
        addRow(table); grid = cells(table);
      }
      focusCell(grid, r + 1, c);
    } else if (e.key === "ArrowUp" || (e.key === "Enter" && e.shiftKey)) {
      e.preventDefault(); focusCell(grid, r - 1, c);
    } else if (e.key === "ArrowRight" && el.selectionStart === (el.value || "").length && el.tagName === "INPUT") {
      e.preventDefault(); focusCell(grid, r, c + 1);
    } else if (e.key === "ArrowLeft" && el.selectionStart === 0 && el.tagName === "INPUT") {
      e.preventDefault(); focusCell(grid, r, c - 1);
    }
  });
  document.addEventListener("paste", function (e) {
    var el = e.target;
    var table = el.closest && el.closest("table[data-grid]");
    if (!table) { return; }
    var text = (e.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) { return; }
    e.preventDefault();
    var rows = text.replace(/\r/g, "").replace(/\n$/, "").split("\n").map(function (l) { return l.split("\t"); });
    var at = locate(table, el);
    var r0 = at[0], c0 = at[1];
    var hasAdd = !!table.parentElement.querySelector("[data-add-row]");
    rows.forEach(function (vals, i) {
      var grid = cells(table);
      while (r0 + i >= grid.length && hasAdd) { addRow(table); grid = cells(table); }
      if (r0 + i >= grid.length) { return; }
      vals.forEach(function (v, j) {
        var target = grid[r0 + i][c0 + j];
        if (!target) { return; }
        if (target.type === "checkbox") { target.checked = /^(y|yes|true|1|x)$/i.test(v.trim()); }
        else if (target.tagName === "SELECT") {
          var opt = Array.prototype.find.call(target.options, function (o) { return o.value === v.trim() || o.text === v.trim(); });
          if (opt) { target.value = opt.value; }
        } else { target.value = v.trim(); }
        target.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });
  // The rule editor redraws itself from the form (nothing saved) when a part's kind changes or a part is
  // added. The listeners are on the document, not on the controls: htmx wires the hx-* attributes of swapped-in
  // content only once the swap settles, so a change made on a freshly drawn control was lost (the holders
  // field of a part just set to "veto" never came).
  function redrawRule(extra) {
    var editor = document.getElementById("rule-editor"), form = document.getElementById("edit-form");
    if (!editor || !form || !window.htmx) { return; }
    window.htmx.ajax("POST", editor.dataset.redraw, { source: form, values: extra, target: "#rule-editor",
      select: "#rule-editor", swap: "outerHTML" });
  }
  document.addEventListener("change", function (e) {
    var sel = e.target.closest && e.target.closest("#rule-editor select.rule-kind");
    if (sel) { redrawRule({ preview: "1" }); }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("#rule-editor button.add-part");
    if (b) { e.preventDefault(); redrawRule({ preview: "1", add_part: b.dataset.path }); }
  });
  // a rule has a quota or a threshold, not both: typing one clears the other; a problem shown for a rule part
  // by the last redraw goes once that part is edited (the live sentence above says what is true now)
  document.addEventListener("input", function (e) {
    var el = e.target;
    var part = el.closest && el.closest("#rule-editor .rule-node");
    if (part) {
      Array.prototype.forEach.call(part.children, function (c) {
        if (c.classList.contains("field-error")) { c.remove(); }
      });
      var own = el.nextElementSibling;  // the problem drawn beside this input
      if (own && own.classList.contains("field-error")) { own.remove(); }
      if (el.getAttribute("aria-invalid")) { el.removeAttribute("aria-invalid"); el.removeAttribute("title"); el.classList.remove("invalid"); }
    }
    if (!el.classList || !(el.classList.contains("rule-quota") || el.classList.contains("rule-threshold")) || !el.value) { return; }
    var row = el.closest(".rule-row");
    var other = row && row.querySelector(el.classList.contains("rule-quota") ? ".rule-threshold" : ".rule-quota");
    if (other && other.value) { other.value = ""; }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-add-row]");
    if (!b) { return; }
    var table = b.previousElementSibling;
    while (table && !(table.matches && table.matches("table[data-grid]"))) { table = table.previousElementSibling; }
    if (table) { addRow(table); var grid = cells(table); focusCell(grid, grid.length - 1, 0); }
  });
})();
