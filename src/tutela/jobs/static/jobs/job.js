// Follows a background job (templates/jobs/_progress.html): polls its status.json about once a
// second, moves the progress bar, says what is happening in the polite live region, shows the
// pace (items a second, time left) beside it, and reloads the page for the report and result
// when the job is finished. Without this script the page refreshes itself (a <noscript> meta).
(function () {
  "use strict";
  var section = document.getElementById("job-progress");
  if (!section || section.dataset.finished === "true") return;
  var url = section.dataset.statusUrl;
  var bar = document.getElementById("job-bar");
  var message = document.getElementById("job-message");
  var pace = document.getElementById("job-pace");
  var status = document.getElementById("job-status");
  var reload = document.getElementById("job-reload");
  if (reload) reload.hidden = true;  // the page follows the job by itself
  var delay = 1000;

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
    } else {
      bar.removeAttribute("value");  // indeterminate: the work cannot tell the total
    }
    bar.textContent = state.total ? state.done + " / " + state.total : String(state.done);
    // Only a new sentence is announced: rewriting the same text would repeat it.
    if (message.textContent !== state.message) message.textContent = state.message;
    // The pace changes every second: outside the live region, so it is never announced.
    if (pace) {
      pace.textContent = state.pace || "";
      pace.hidden = !state.pace;
    }
    if (status && status.textContent !== state.status_label) {
      status.textContent = state.status_label;
      status.className = "job-status job-" + state.status;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        delay = 1000;
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        // The server restarting or the network dropping: try again, less often.
        delay = Math.min(delay * 2, 10000);
        if (reload) reload.hidden = false;
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
