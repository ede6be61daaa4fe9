/* Dependent choices in the assessment form: a select with data-narrows="<name of another
   select>" offers, in that other select, only the options whose data-category is its chosen
   value (the disturbance's causes of the chosen category; monitoring/forms.py CauseSelect).

   Without this script every cause is offered, grouped by category, and the server names a
   cause chosen under another category. The groups are rebuilt rather than hidden: a hidden
   <option> is still offered by some phones' pickers. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-narrows]").forEach(function (parent) {
    const child = parent.form && parent.form.elements.namedItem(parent.dataset.narrows);
    if (!child || child.tagName !== "SELECT") return;
    const empty = Array.prototype.filter.call(child.children, function (node) {
      return node.tagName === "OPTION";
    });
    const groups = Array.prototype.filter.call(child.children, function (node) {
      return node.tagName === "OPTGROUP";
    });

    function narrow() {
      const chosen = child.value;
      const category = parent.value;
      child.replaceChildren.apply(child, empty);
      groups.forEach(function (group) {
        const fits = !category || Array.prototype.some.call(group.children, function (option) {
          return option.dataset.category === category;
        });
        if (fits) child.appendChild(group);
      });
      // A cause of another category is not kept silently: the choice goes back to empty.
      const still = Array.prototype.some.call(child.options, function (option) {
        return option.value === chosen;
      });
      child.value = still ? chosen : "";
    }

    parent.addEventListener("change", narrow);
    narrow();
  });
})();
