// Accessibility fixes for the theme's markup: every disclosure toggle gets a name, and the
// bibliography list keeps only the children its role allows.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details > summary").forEach(function (summary) {
    if (!summary.textContent.trim() && !summary.getAttribute("aria-label")) {
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;  // the Chinese edition
      var name = link ? link.textContent.trim() : (chinese ? "本节" : "this section");
      summary.setAttribute("aria-label", chinese ? "显示或隐藏" + name : "Show or hide " + name);
    }
  });
  document.querySelectorAll(".citation-list[role]").forEach(function (list) { list.removeAttribute("role"); });
});
