// "Var sidan till hjälp?" and "Rapportera brist i tillgängligheten". Without JavaScript
// both are plain forms: the receiver stores the answer and sends the visitor to a
// thank-you page. With it, "Vad saknades?" shows only after "Nej", and the answer is sent
// in place when the receiver is on the page's own origin (a fetch to another origin
// would need CORS, and a failed one could not tell whether the answer was stored). On the
// report form, the page the visitor came from fills in the address of the page.
(function () {
  var form = document.querySelector(".helpful__form");
  if (form) {
    var more = form.querySelector(".helpful__more");
    var no = form.querySelector('input[name="helpful"][value="nej"]');
    var sync = function () { more.hidden = !no.checked; };
    var radios = form.querySelectorAll('input[name="helpful"]');
    for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", sync);
    sync();
    var sameOrigin = false;
    try { sameOrigin = new URL(form.action, location.href).origin === location.origin; } catch (e) {}
    if (sameOrigin && window.fetch && window.URLSearchParams && window.FormData) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var status = form.querySelector(".helpful__status");
        var button = form.querySelector('button[type="submit"]');
        button.disabled = true;
        fetch(form.action, {
          method: "POST",
          headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(new FormData(form)).toString(),
          credentials: "omit"
        }).then(function (response) {
          return response.json().then(function (answer) {
            if (response.ok && answer.ok) {
              var children = form.children;
              for (var j = 0; j < children.length; j++) if (children[j] !== status) children[j].hidden = true;
              status.textContent = "Tack för ditt svar!";
            } else {
              status.textContent = answer.error || "Svaret kunde inte skickas. Försök igen om en stund.";
              button.disabled = false;
            }
          });
        }).catch(function () {
          status.textContent = "Svaret kunde inte skickas. Försök igen om en stund.";
          button.disabled = false;
        });
      });
    }
  }
  var page = document.getElementById("report-page");
  if (page && document.referrer) {
    var home = page.value;
    if (document.referrer.indexOf(home) === 0 && page.value === home) page.value = document.referrer.split("#")[0];
  }
})();
