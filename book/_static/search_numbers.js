// Let the search box find numbers (550, 0.8): Sphinx's search skips query words made only of digits,
// but the book's index keeps them (its Chinese splitter keeps Latin words and numbers), and a reader
// checking a figure searches for it.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Search === "undefined" || !Search._parseQuery) { return; }
  var parse = Search._parseQuery;
  Search._parseQuery = function (query) {
    var parsed = parse(query);
    splitQuery(query.trim()).forEach(function (term) {
      if (/^\d+$/.test(term)) { parsed[1].add(term); parsed[3].add(term); }  // [query, search, excluded, highlight, objects]
    });
    return parsed;
  };
});

// A search for a claim id (C41) leads to the claim's own row of the ledger, not to the top of the page.
document.addEventListener("DOMContentLoaded", function () {
  var results = document.getElementById("search-results");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (!results || !/^C\d{2,3}$/i.test(query.trim())) { return; }
  var id = query.trim().toUpperCase();
  new MutationObserver(function () {
    results.querySelectorAll('a[href*="02_claims_ledger.html"]').forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("#")[0].split("?")[0] + "#" + id);
    });
  }).observe(results, { childList: true, subtree: true });
});
