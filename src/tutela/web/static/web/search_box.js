/* The map's search box: suggestions as the reader types (GET /api/v1/search, under the map's
   filter, nearer sites first), and a chosen site shown on the map with a link to its page.

   Without this script the box is a plain search of the list of sites (/sites/?q=). With it,
   the input becomes a WAI-ARIA 1.2 combobox with a listbox popup ("list autocomplete"): the
   arrow keys move through the suggestions (aria-activedescendant, focus stays in the input),
   Enter chooses the highlighted one, or, with none highlighted, submits the form; Escape
   closes the list, or when it is closed clears the text. The sentences come translated from
   the form's data attributes (web/home.html). */
(function () {
  "use strict";
  const form = document.querySelector("form.map-search");
  if (!form || !window.fetch || !window.AbortController) return;
  const input = form.querySelector("input[name=q]");
  const list = document.getElementById("map-search-suggestions");
  const status = document.getElementById("map-search-status");
  const DEBOUNCE_MS = 200; // a request per pause, not per key
  const LIMIT = 8;
  const ZOOM = 14; // a monument with its surroundings; the tiles' most detailed level
  const language = document.documentElement.lang || undefined;
  const languageNames = (function () {
    try { return new Intl.DisplayNames([language], { type: "language" }); } catch (error) { return null; }
  })();

  // The map's filter (web/views.py home) narrows the search; its own text gives way to the
  // typed one (the filter's name and q are the search's text: site_filter/parameters.py).
  const filter = new URLSearchParams(form.dataset.filter || "");
  filter.delete("name");
  filter.delete("q");

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let hits = [];
  let active = -1;
  let timer = null;
  let pending = null;
  let popup = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  // A translated sentence with some of its placeholders replaced by elements (a name in its
  // own language, marked with lang so it is read and drawn as that language).
  function sentence(template, parts) {
    const fragment = document.createDocumentFragment();
    template.split(/(\{\w+\})/).forEach(function (piece) {
      const key = piece.slice(1, -1);
      if (piece.charAt(0) === "{" && key in parts) fragment.append(parts[key]);
      else if (piece) fragment.append(piece);
    });
    return fragment;
  }

  function inLanguage(text, tag) {
    const span = document.createElement("span");
    span.textContent = text;
    if (tag) span.lang = tag;
    return span;
  }

  function languageName(tag) {
    if (!tag) return "";
    try { return (languageNames && languageNames.of(tag)) || tag; } catch (error) { return tag; }
  }

  function say(text, visible) {
    status.textContent = text;
    status.classList.toggle("visually-hidden", !visible);
  }

  function option(hit, index) {
    const item = document.createElement("li");
    item.id = list.id + "-" + index;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.index = index;
    const name = document.createElement("span");
    name.className = "map-search-name";
    name.textContent = hit.name || hit.code;
    item.appendChild(name);
    const matched = hit.matched;
    let note = null;
    if (matched.source === "incident") {
      note = sentence(form.dataset.incident, { title: inLanguage(matched.text, "") });
    } else if (matched.text !== hit.name) {
      note = sentence(form.dataset.matched, {
        name: inLanguage(matched.text, matched.language),
        language: languageName(matched.language),
      });
    }
    if (note) {
      const line = document.createElement("span");
      line.className = "map-search-matched";
      line.appendChild(note);
      item.appendChild(line);
    }
    return item;
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
    const item = list.children[index];
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  function show(page) {
    list.replaceChildren();
    hits = page.message ? [] : page.items;
    hits.forEach(function (hit, index) { list.appendChild(option(hit, index)); });
    open(hits.length > 0 && document.activeElement === input);
    // Too short a text (page.message) is not a failed search: nothing to say yet.
    if (page.message) say("", false);
    else if (hits.length) say(fill(form.dataset.count, { count: hits.length.toLocaleString(language) }), false);
    else say(form.dataset.none, true);
  }

  function search() {
    const text = input.value.trim();
    if (pending) pending.abort();
    pending = null;
    if (!text) {
      hits = [];
      list.replaceChildren();
      open(false);
      say("", false);
      return;
    }
    const query = new URLSearchParams(filter);
    query.set("q", text);
    query.set("limit", String(LIMIT));
    const map = window.tutelaMap;
    if (map) {
      const centre = map.getCenter().wrap(); // a map panned round the world passes ±180°
      query.set("near", centre.lng.toFixed(4) + "," + centre.lat.toFixed(4));
    }
    const request = new AbortController();
    pending = request;
    // The session, when there is one: a signed-in reader finds what they may see.
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
        hits = [];
        list.replaceChildren();
        open(false);
        say(form.dataset.failed, true);
      });
  }

  function sitePage(hit) {
    return form.dataset.sitePage.replace("ULID", hit.id);
  }

  // The chosen site on the map, with a popup linking to its page (as a point on the map
  // does); focus moves to that link, so Enter again opens the page. Without a map (no
  // WebGL) or a point, the page itself.
  function choose(index) {
    const hit = hits[index];
    if (!hit) return;
    input.value = hit.name || hit.code;
    open(false);
    list.replaceChildren(); // they answered the text typed, not the name now in the box
    hits = [];
    say("", false);
    const map = window.tutelaMap;
    if (!map || !hit.point) {
      window.location.assign(sitePage(hit));
      return;
    }
    const where = hit.point.coordinates;
    const link = document.createElement("a");
    link.href = sitePage(hit);
    link.textContent = hit.name || hit.code;
    if (popup) popup.remove();
    popup = new maplibregl.Popup({ closeButton: true, focusAfterOpen: false })
      .setLngLat(where)
      .setDOMContent(link)
      .addTo(map);
    // Before flying: with reduced motion the map jumps, and says so at once.
    map.once("moveend", function () {
      link.focus();
      form.dataset.chosen = hit.id;
    });
    map.flyTo({ center: where, zoom: Math.max(map.getZoom(), ZOOM) });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (pending) pending.abort(); // what is typed now makes any answer on its way stale
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
        // Nothing highlighted: the form goes to the list of every match.
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        }
        break;
      case "Escape":
        if (!list.hidden) {
          event.preventDefault();
          open(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          search();
        }
        break;
      default:
        break;
    }
  });

  // A press on a suggestion must not take focus from the input (which would close the list
  // before the click lands).
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
