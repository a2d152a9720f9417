// The outline page: reorder nodes by drag-and-drop or with Alt+arrow keys.
// Every move also works without this file: the arrow buttons are plain POST forms.
(() => {
  "use strict";

  const KEYS = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "outdent", ArrowRight: "indent" };

  function csrfToken() {
    const input = document.querySelector("#outline-tree input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function tree() {
    return document.getElementById("outline-tree");
  }

  function focusRow(nodeId) {
    const row = nodeId && document.getElementById(`node-${nodeId}`);
    if (row) row.focus();
  }

  // POST a move and put the re-rendered tree in place; the server answers the fragment
  // (with the error message, if the move was refused) because of the HX-Request header.
  async function send(url, data, nodeId) {
    const container = tree();
    container.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() },
      });
      const type = response.headers.get("Content-Type") || "";
      if (!type.startsWith("text/html") || response.status >= 500 || response.status === 403) {
        window.location.reload();
        return;
      }
      container.innerHTML = await response.text();
      bind();
      focusRow(nodeId);
    } catch (error) {
      window.location.reload();
    } finally {
      container.removeAttribute("aria-busy");
    }
  }

  function shift(row, direction) {
    const data = new FormData();
    data.append("direction", direction);
    send(row.dataset.shiftUrl, data, row.dataset.node);
  }

  let dragged = null;

  function dropPosition(row, event) {
    const box = row.getBoundingClientRect();
    const y = (event.clientY - box.top) / box.height;
    if (y < 0.3) return "left";
    if (y > 0.7) return "right";
    return "last-child";
  }

  function clearMarks() {
    document.querySelectorAll(".outline-row[data-drop]").forEach((r) => r.removeAttribute("data-drop"));
  }

  function bind() {
    const table = document.querySelector("#outline-tree table[data-can-move]");
    if (!table) return;
    table.querySelectorAll("form.js-outline").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const row = form.closest(".outline-row");
        send(form.action, new FormData(form), row && row.dataset.node);
      });
    });
    table.querySelectorAll(".outline-row[data-move-url]").forEach((row) => {
      row.addEventListener("keydown", (event) => {
        if (!event.altKey || !(event.key in KEYS) || event.target !== row) return;
        event.preventDefault();
        shift(row, KEYS[event.key]);
      });
      row.addEventListener("dragstart", (event) => {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.node);
      });
      row.addEventListener("dragend", () => {
        row.classList.remove("dragging");
        dragged = null;
        clearMarks();
      });
      row.addEventListener("dragover", (event) => {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        clearMarks();
        row.dataset.drop = dropPosition(row, event);
      });
      row.addEventListener("dragleave", () => row.removeAttribute("data-drop"));
      row.addEventListener("drop", (event) => {
        event.preventDefault();
        if (!dragged || dragged === row) return;
        const data = new FormData();
        data.append("target", row.dataset.node);
        data.append("position", dropPosition(row, event));
        const moving = dragged;
        clearMarks();
        send(moving.dataset.moveUrl, data, moving.dataset.node);
      });
    });
    const focus = table.dataset.focus;
    if (focus && document.activeElement === document.body) focusRow(focus);
  }

  document.addEventListener("DOMContentLoaded", bind);
})();
