// "Sök på webbplatsen": starts Pagefind's UI on /sok/, runs the query from ?q=,
// and announces the result count to screen readers. Everything runs locally;
// the index is served from this site's own /pagefind/ folder.
(function () {
  "use strict";
  var root = document.getElementById("sok");
  if (!root || typeof PagefindUI === "undefined") return;
  // A site in a subfolder (/nyhetsrum/) tells Pagefind where its pages and bundle are.
  var ui = new PagefindUI({
    element: "#sok",
    baseUrl: root.getAttribute("data-base-url") || "/",
    bundlePath: root.getAttribute("data-bundle-path") || "/pagefind/",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Sök bland nyheter och sidor" }
  });
  var input = root.querySelector("input");
  if (input) {
    input.id = "sok-pagefind";
    input.setAttribute("aria-label", root.getAttribute("data-query-label") || "Sökord");
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  // Pagefind writes "N resultat för …" into a message element; mirror it into a live region.
  var status = document.getElementById("sok-status");
  var last = "";
  new MutationObserver(function () {
    var message = root.querySelector(".pagefind-ui__message");
    var text = message ? message.textContent.trim() : "";
    if (status && text && text !== last) {
      last = text;
      status.textContent = text;
    }
  }).observe(root, { childList: true, subtree: true, characterData: true });
})();
