// The filter form's counts: how many sites each type, faith and damage level would select
// under the rest of the filter (site_filter/facets.py), written into the choices once the
// page has shown, so the list never waits for counts over every site.
(function () {
  "use strict";
  const form = document.querySelector("form.filters[data-facets]");
  if (!form || !window.fetch) return;
  const query = form.dataset.filter;
  const url = form.dataset.facets + (query ? "?" + query : "");
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function label(option, count) {
    if (option.dataset.label === undefined) option.dataset.label = option.textContent;
    option.textContent = option.dataset.label + " (" + number.format(count) + ")";
  }

  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (counts) {
      if (!counts) return;
      Object.keys(counts).forEach(function (field) {
        const select = form.querySelector('select[name="' + field + '"]');
        if (!select) return;
        Array.prototype.forEach.call(select.options, function (option) {
          // Scheme values ("eamena-condition:poor") are not counted: damage levels are.
          if (!option.value || option.value.indexOf(":") !== -1) return;
          label(option, counts[field][option.value] || 0);
        });
      });
      form.dataset.facetsReady = "true";
    })
    .catch(function () { /* the form works without its counts */ });
})();
