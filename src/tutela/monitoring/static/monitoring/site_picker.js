/* The incident form's site picker (monitoring/incident_form.html): suggestions as the reader
   types (GET /api/v1/search, the reader's own sites, any script), and the chosen site put in
   the report's hidden "site" field.

   Without this script the box is a GET search that lists the matching sites to choose from.
   With it, the input is a WAI-ARIA 1.2 combobox with a listbox popup, as the map's search box
   (web/search_box.js): arrow keys move through the suggestions, Enter or a click chooses one,
   Escape closes the list; Enter with none highlighted runs the plain search. */
(function () {
  "use strict";
  const form = document.querySelector("form.site-search");
  const target = document.getElementById("incident-site");
  if (!form || !target || !window.fetch || !window.AbortController) return;
  const input = form.querySelector("input[name=site_q]");
  const list = document.getElementById("site-suggestions");
  const status = document.getElementById("site-search-status");
  const chosenLine = document.getElementById("site-chosen");
  const DEBOUNCE_MS = 200;
  const LIMIT = 8;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let hits = [];
  let active = -1;
  let timer = null;
  let pending = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function open(shown) {
    list.hidden = !shown;
    input.setAttribute("aria-expanded", shown ? "true" : "false");
    if (!shown) highlight(-1);
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", list.children[index].id);
    list.children[index].scrollIntoView({ block: "nearest" });
  }

  function show(page) {
    list.replaceChildren();
    hits = page.message ? [] : page.items;
    hits.forEach(function (hit, index) {
      const item = document.createElement("li");
      item.id = list.id + "-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.index = index;
      item.textContent = (hit.name || hit.code) + " (" + hit.code + ")";
      if (hit.matched && hit.matched.text && hit.matched.text !== hit.name) {
        const matched = document.createElement("span");
        matched.className = "muted";
        matched.textContent = " — " + hit.matched.text;
        if (hit.matched.language) matched.lang = hit.matched.language;
        item.appendChild(matched);
      }
      list.appendChild(item);
    });
    open(hits.length > 0 && document.activeElement === input);
    if (page.message) status.textContent = "";
    else if (hits.length) status.textContent = fill(form.dataset.count, { count: hits.length });
    else status.textContent = form.dataset.none;
  }

  function search() {
    const text = input.value.trim();
    if (pending) pending.abort();
    pending = null;
    if (!text) {
      hits = [];
      list.replaceChildren();
      open(false);
      return;
    }
    const query = new URLSearchParams({ q: text, limit: String(LIMIT) });
    const request = new AbortController();
    pending = request;
    fetch(form.dataset.api + "?" + query.toString(), {
      signal: request.signal, credentials: "same-origin", headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (page) {
        if (pending !== request) return;
        pending = null;
        show(page);
        form.dataset.ready = "true";
      })
      .catch(function (error) {
        if (error.name === "AbortError" || pending !== request) return;
        pending = null;
        open(false);
        status.textContent = form.dataset.failed;
      });
  }

  function choose(index) {
    const hit = hits[index];
    if (!hit) return;
    input.value = hit.name || hit.code;
    target.value = hit.id;
    open(false);
    list.replaceChildren();
    hits = [];
    const sentence = fill(form.dataset.chosenText, { name: hit.name || hit.code, code: hit.code });
    chosenLine.textContent = sentence;
    chosenLine.hidden = false;
    status.textContent = sentence;
    form.dataset.chosen = hit.id;
  }

  input.addEventListener("input", function () {
    // What is typed now is not the chosen site any more.
    target.value = "";
    chosenLine.hidden = true;
    clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
    timer = setTimeout(search, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (event) {
    const count = list.children.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!count) return;
        if (list.hidden) open(true);
        highlight(event.altKey ? active : (active + 1) % count);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!count) return;
        if (list.hidden) open(true);
        highlight(active <= 0 ? count - 1 : active - 1);
        break;
      case "Enter":
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        }
        break;
      case "Escape":
        if (!list.hidden) {
          event.preventDefault();
          open(false);
        }
        break;
      default:
        break;
    }
  });

  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    const item = event.target.closest("[role=option]");
    if (item) choose(Number(item.dataset.index));
  });
  input.addEventListener("blur", function () { open(false); });
  input.addEventListener("focus", function () {
    if (list.children.length && input.value.trim()) open(true);
  });
})();
