/* report.js - sorting and filtering for psreport tables (inlined into each page).
 * Without JavaScript every row stays visible in its server order; this script only
 * adds the controls. */
(function () {
  "use strict";
  function cellValue(row, i) {
    var c = row.cells[i];
    return c ? (c.getAttribute("data-sort") || c.textContent).trim() : "";
  }
  function isNumber(s) { return s !== "" && /^-?\d+(\.\d+)?$/.test(s); }
  function sortTable(table, col, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var numeric = rows.every(function (r) { var v = cellValue(r, col); return v === "" || isNumber(v); });
    /* blank cells (a closed voucher's days remaining) go last whichever the direction */
    var blank = rows.filter(function (r) { return cellValue(r, col) === ""; });
    rows = rows.filter(function (r) { return cellValue(r, col) !== ""; });
    rows.sort(function (a, b) {
      var x = cellValue(a, col), y = cellValue(b, col);
      var r = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return asc ? r : -r;
    });
    rows = rows.concat(blank);
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function setupSort(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortTable(table, i, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortTable(table, i, th); });
    });
  }
  /* the words of the controls come from the page (the catalogue of --lang) */
  function word(el, name, fallback) { return (el && el.getAttribute(name)) || fallback; }
  function setupFilter(table) {
    var keys = (table.getAttribute("data-filters") || "").split(",").filter(Boolean);
    var body = table.tBodies[0];
    if (!body) return;
    var bar = document.createElement("div");
    bar.className = "filters";
    var selects = [];
    keys.forEach(function (k) {
      var values = {};
      Array.prototype.forEach.call(body.rows, function (r) {
        var v = r.getAttribute("data-" + k);
        if (v) values[v] = true;
      });
      var names = Object.keys(values).sort();
      if (names.length < 2) return;
      var label = document.createElement("label");
      label.textContent = word(table, "data-name-" + k, k.charAt(0).toUpperCase() + k.slice(1)) + " ";
      var sel = document.createElement("select");
      sel.setAttribute("data-key", k);
      var all = document.createElement("option");
      all.value = ""; all.textContent = "\u2014 " + word(document.body, "data-filter-all", "all") + " \u2014";
      sel.appendChild(all);
      names.forEach(function (n) { var o = document.createElement("option"); o.value = n; o.textContent = n; sel.appendChild(o); });
      label.appendChild(sel);
      bar.appendChild(label);
      selects.push(sel);
    });
    var openOnly = null; /* the vouchers table: a box to hide the closed ones */
    if (table.getAttribute("data-open-only")) {
      var box = document.createElement("label");
      openOnly = document.createElement("input");
      openOnly.type = "checkbox";
      openOnly.className = "open-only";
      box.appendChild(openOnly);
      box.appendChild(document.createTextNode(" " + table.getAttribute("data-open-only")));
      bar.appendChild(box);
    }
    var text = document.createElement("input");
    text.type = "search"; text.placeholder = "\u2315 " + word(document.body, "data-filter-text", "text");
    text.setAttribute("aria-label", word(document.body, "data-filter-text-aria", "filter rows by text"));
    bar.appendChild(text);
    var count = document.createElement("span");
    count.className = "count";
    bar.appendChild(count);
    var box0 = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
    box0.parentNode.insertBefore(bar, box0); /* above the scrolling box, not in it */
    function apply() {
      var q = text.value.toLowerCase(), shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = selects.every(function (s) { return !s.value || r.getAttribute("data-" + s.getAttribute("data-key")) === s.value; });
        if (ok && openOnly && openOnly.checked) ok = r.getAttribute("data-open") === "true";
        if (ok && q) ok = r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " / " + body.rows.length;
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    text.addEventListener("input", apply);
    if (openOnly) openOnly.addEventListener("change", apply);
    apply();
  }
  document.querySelectorAll("table.sortable").forEach(setupSort);
  document.querySelectorAll("table.filterable").forEach(setupFilter);
})();
