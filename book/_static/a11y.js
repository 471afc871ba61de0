// Accessibility fixes for the theme's markup: every disclosure toggle gets a name, and the
// bibliography list keeps only the children its role allows.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details > summary").forEach(function (summary) {
    if (!summary.textContent.trim() && !summary.getAttribute("aria-label")) {
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      summary.setAttribute("aria-label", "Show or hide " + (link ? link.textContent.trim() : "this section"));
    }
  });
  document.querySelectorAll(".citation-list[role]").forEach(function (list) { list.removeAttribute("role"); });
});
