// The link to the same page in the other edition (English / 中文), from the <link rel="alternate">
// that tools/sphinx_i18n.py writes into every page's head; shown first among the header's buttons.
(function () {
  "use strict";
  function show() {
    var link = document.querySelector('link[rel="alternate"][hreflang]');
    if (!link || document.querySelector(".edition-switch")) { return; }
    var a = document.createElement("a");
    a.className = "edition-switch btn btn-sm";
    a.href = link.getAttribute("href") + window.location.hash;
    a.hreflang = link.getAttribute("hreflang");
    a.lang = link.getAttribute("hreflang");
    a.textContent = link.getAttribute("data-label");
    var place = document.querySelector(".article-header-buttons") || document.querySelector(".bd-header-article") || document.body;
    place.insertBefore(a, place.firstChild);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", show); } else { show(); }
})();
