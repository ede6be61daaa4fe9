// The filter form's counts: how many sites each type, faith, damage level, designation,
// "has incidents" and administrative code would select under the rest of the filter
// (site_filter/facets.py), written into the choices once the page has shown, so the list never
// waits for counts over every site. The administrative codes become the code field's
// suggestions: a country named in the page's language by the browser, a subdivision by the
// area its sites record.
(function () {
  "use strict";
  const form = document.querySelector("form.filters[data-facets]");
  if (!form || !window.fetch) return;
  const query = form.dataset.filter;
  const url = form.dataset.facets + (query ? "?" + query : "");
  const lang = document.documentElement.lang || undefined;
  const number = new Intl.NumberFormat(lang);
  let regions = null;
  try {
    regions = new Intl.DisplayNames(lang ? [lang] : undefined, { type: "region", fallback: "none" });
  } catch (error) { /* an older browser: codes without their country's name */ }

  function label(option, count) {
    if (option.dataset.label === undefined) option.dataset.label = option.textContent;
    option.textContent = option.dataset.label + " (" + number.format(count) + ")";
  }

  function countChoices(select, counts) {
    Array.prototype.forEach.call(select.options, function (option) {
      // Scheme values ("eamena-condition:poor") are not counted: damage levels are.
      if (!option.value || option.value.indexOf(":") !== -1) return;
      label(option, counts[option.value] || 0);
    });
  }

  function areaName(code, names) {
    if (names[code]) return names[code];
    if (!regions || !/^[A-Z]{2}$/.test(code)) return "";
    try {
      return regions.of(code) || "";
    } catch (error) {
      return "";  // not a region code CLDR knows
    }
  }

  function suggestCodes(list, counts, names) {
    list.textContent = "";
    Object.keys(counts).sort().forEach(function (code) {
      const option = document.createElement("option");
      const name = areaName(code, names);
      option.value = code;
      // Browsers other than Chromium show only the label: it carries the code too.
      option.label = (name ? name + " — " + code : code) + " (" + number.format(counts[code]) + ")";
      list.appendChild(option);
    });
  }

  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (counts) {
      if (!counts) return;
      const names = counts.names || {};
      Object.keys(counts).forEach(function (field) {
        if (field === "names") return;
        const select = form.querySelector('select[name="' + field + '"]');
        if (select) {
          countChoices(select, counts[field]);
          return;
        }
        const input = form.querySelector('input[name="' + field + '"][list]');
        const list = input && document.getElementById(input.getAttribute("list"));
        if (list) suggestCodes(list, counts[field], names[field] || {});
      });
      form.dataset.facetsReady = "true";
    })
    .catch(function () { /* the form works without its counts */ });
})();
