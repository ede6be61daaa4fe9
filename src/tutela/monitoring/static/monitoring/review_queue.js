// The review queue without reloads: htmx replaces an item with its new state (review_views.py);
// this moves focus on, so a keyboard or screen-reader user continues where the work is.
(function () {
  "use strict";

  function nextOpenItem(item) {
    let next = item.nextElementSibling;
    while (next && !(next.matches(".queue-item") && !next.matches(".decided"))) {
      next = next.nextElementSibling;
    }
    return next;
  }

  function moveFocus(item) {
    const invalid = item.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
      return;
    }
    if (item.matches(".decided")) {
      const target = nextOpenItem(item) || document.getElementById("queue");
      if (target) {
        target.focus();
      }
      return;
    }
    const field = item.querySelector("textarea, button");
    (field || item).focus();
  }

  document.addEventListener("htmx:load", function (event) {
    const element = event.detail.elt;
    if (element instanceof Element && element.matches(".queue-item")) {
      moveFocus(element);
    }
  });

  function sayFailure() {
    const live = document.getElementById("review-live");
    if (live) {
      const message = document.createElement("p");
      message.className = "message-error";
      message.textContent = live.dataset.failed || "";
      live.replaceChildren(message);
    }
  }
  document.addEventListener("htmx:responseError", sayFailure);
  document.addEventListener("htmx:sendError", sayFailure);
})();
