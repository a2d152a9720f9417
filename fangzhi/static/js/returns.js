// Annual returns pages: more figure rows on the overview form.
// Without this file the form offers five empty rows, and every page works.
(() => {
  "use strict";

  function setupFigures(fieldset) {
    const body = fieldset.querySelector("[data-figure-rows]");
    const button = fieldset.querySelector("[data-add-figure]");
    if (!body || !button) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const last = body.querySelector("tr:last-child");
      if (!last) return;
      const row = last.cloneNode(true);
      const n = body.children.length + 1;
      const [label, value] = row.querySelectorAll("input");
      label.value = "";
      value.value = "";
      label.setAttribute("aria-label", `${button.dataset.labelItem} ${n}`);
      value.setAttribute("aria-label", `${button.dataset.labelFigure} ${n}`);
      body.appendChild(row);
      label.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-figures]").forEach(setupFigures);
  });
})();
