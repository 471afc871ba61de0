// Sortable and filterable tables, without any library: click a header to sort, type or click to filter.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      th.tabIndex = 0;
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent, y = b.cells[index].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh-CN");
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  });
  document.querySelectorAll("input.table-filter").forEach(function (input) {
    var table = document.getElementById(input.dataset.table);
    if (!table) { return; }
    var status = document.getElementById(input.dataset.table + "-count");
    var box = input.closest(".ledger-filters") || document;
    var buttons = Array.prototype.slice.call(box.querySelectorAll("button.filter-button"));
    var total = table.tBodies[0].rows.length;
    var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
    var apply = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = {};
      buttons.forEach(function (b) {
        if (b.getAttribute("aria-pressed") === "true") { (chosen[b.dataset.col] = chosen[b.dataset.col] || []).push(b.dataset.value); }
      });
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        Object.keys(chosen).forEach(function (col) {
          var cell = row.querySelector('td[data-col="' + col + '"]');
          if (!cell || chosen[col].indexOf(cell.textContent) < 0) { match = false; }
        });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (status) {  // in the page's language (the Chinese edition's <html lang="zh-CN">)
        status.textContent = chinese ? "显示 " + total + " 项说法中的 " + shown + " 项" : shown + " of " + total + " claims shown";
      }
    };
    input.addEventListener("input", apply);
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
        apply();
      });
    });
    apply();
  });
});
