// The thank-you page of "Kommentera sidan": the receiver sends the commented page's
// path in ?sida=; only a plain path on this site becomes the "back" link. Without
// JavaScript the page still thanks the visitor and links to the start page.
(function () {
  var sida = new URLSearchParams(window.location.search).get("sida");
  if (!sida || !/^\/(?![\/\\])[^\s\\]*$/.test(sida)) return;
  var back = document.getElementById("tack-tillbaka");
  if (!back) return;
  back.querySelector("a").setAttribute("href", sida);
  back.hidden = false;
})();
