/* Quick exit for the reporting pages. Every page also has a plain link that works without this
 * file; this makes leaving faster and leaves less behind:
 * - the link replaces the current page in the history (Back does not return to it);
 * - pressing Esc twice within a second does the same from anywhere on the page.
 * No inline script: the page's Content-Security-Policy allows only files from this site. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    try { document.title = ""; document.body.hidden = true; } catch (e) { /* leave anyway */ }
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { leave(event); }
    lastEscape = now;
  });
})();
