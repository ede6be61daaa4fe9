/* The error summary (web/_error_summary.html): focus moves to it when the page loads, so a
   screen reader reads it and a keyboard starts from it; a link in it moves focus to its field
   and scrolls the field's label into view too (a bare #id jump hides the label above the top). */
(function () {
  "use strict";
  const box = document.querySelector("[data-error-summary]");
  if (!box) return;
  box.focus();
  box.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
