// The thank-you page of "Kommentera sidan": the receiver sends the commented page's
// path on the host in ?sida= (a site in a subfolder included, e.g. /nyhetsrum/nyheter/x/).
// Only a plain path under the site's own folder becomes the "back" link: the folder is
// the href of the start-page link the template puts in #tack-tillbaka. Without
// JavaScript the page still thanks the visitor and links to the start page.
(function () {
  var sida = new URLSearchParams(window.location.search).get("sida");
  if (!sida || !/^\/(?![\/\\])[^\s\\]*$/.test(sida)) return;
  var back = document.getElementById("tack-tillbaka");
  if (!back) return;
  var link = back.querySelector("a");
  var home = link.getAttribute("href") || "/";
  if (home.charAt(0) !== "/" || sida.indexOf(home) !== 0) return;
  link.setAttribute("href", sida);
  back.hidden = false;
})();
