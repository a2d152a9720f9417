// Manuscript pages: the text views, commenting on a selected passage, the editor.
// Every page works without this file: the forms post plain fields.
(() => {
  "use strict";

  // --- formatted / plain text views ---------------------------------------------------
  function setupViews(root) {
    const switcher = root.querySelector(".view-switch");
    if (!switcher) return;
    const buttons = switcher.querySelectorAll("button[data-show]");
    const show = (name) => {
      root.querySelectorAll("[data-view]").forEach((view) => {
        view.hidden = view.dataset.view !== name;
      });
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.show === name)));
    };
    buttons.forEach((b) => b.addEventListener("click", () => show(b.dataset.show)));
    switcher.hidden = false;
    // Where one may comment, start with the text that passages are selected in.
    show(root.querySelector("[data-comment-form]") ? "plain" : "formatted");
  }

  // --- comments on a selected passage --------------------------------------------------
  // Offsets count characters of the version's plain text: the paragraphs joined by "\n".
  function offsetIn(container, node, offset) {
    if (node === container) {
      const children = container.children;
      if (offset < children.length) return Number(children[offset].dataset.offset);
      return fullText(container).length;
    }
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const paragraph = element && element.closest("p[data-offset]");
    if (!paragraph || !container.contains(paragraph)) return null;
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return Number(paragraph.dataset.offset) + range.toString().length;
  }

  function fullText(container) {
    return Array.from(container.querySelectorAll("p[data-offset]"), (p) => p.textContent).join("\n");
  }

  function setupComments(root) {
    const container = root.querySelector("[data-plain-text]");
    const form = root.querySelector("[data-comment-form]");
    if (!container || !form) return;
    const quote = form.querySelector("[name=quote]");
    const start = form.querySelector("[name=start]");
    const end = form.querySelector("[name=end]");
    const clear = form.querySelector("[data-clear-passage]");
    const reset = () => {
      start.value = "";
      end.value = "";
      if (clear) clear.hidden = true;
    };
    const pick = () => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
      const a = offsetIn(container, range.startContainer, range.startOffset);
      const b = offsetIn(container, range.endContainer, range.endOffset);
      if (a === null || b === null || a === b) return;
      const from = Math.min(a, b);
      const to = Math.max(a, b);
      const text = fullText(container).slice(from, to);
      if (!text.trim()) return;
      quote.value = text;
      start.value = String(from);
      end.value = String(to);
      if (clear) clear.hidden = false;
    };
    container.addEventListener("mouseup", pick);
    container.addEventListener("keyup", pick);
    // A passage typed or changed by hand is a quote only, not a place in the text.
    quote.addEventListener("input", reset);
    if (clear) {
      clear.addEventListener("click", () => {
        quote.value = "";
        reset();
      });
    }
  }

  // --- the editor ---------------------------------------------------------------------
  const DROP = "script,style,iframe,object,embed,link,meta,form,input,button,textarea,select";

  // The HTML comes from the server already sanitised; this is a second guard, run on an
  // inert document so nothing in it executes.
  function inert(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll(DROP).forEach((el) => el.remove());
    doc.body.querySelectorAll("*").forEach((el) => {
      Array.from(el.attributes).forEach((attr) => {
        const name = attr.name.toLowerCase();
        const value = attr.value.trim().toLowerCase();
        if (name.startsWith("on") || name === "style" || value.startsWith("javascript:")) {
          el.removeAttribute(attr.name);
        }
      });
    });
    return doc.body.innerHTML;
  }

  const TABLE =
    "<table><tbody><tr><th><br></th><th><br></th></tr><tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>";

  function setupEditor(form) {
    const editor = form.querySelector("[data-editor]");
    const area = form.querySelector("[contenteditable]");
    const source = form.querySelector("textarea[name=html]");
    if (!editor || !area || !source) return;
    area.innerHTML = inert(source.value);
    editor.hidden = false;
    const field = source.closest(".field");
    if (field) field.hidden = true;
    editor.querySelectorAll("[data-command]").forEach((button) => {
      // Keep the selection in the text when the button is pressed with a mouse.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => {
        area.focus();
        const command = button.dataset.command;
        if (command === "insertTable") {
          document.execCommand("insertHTML", false, TABLE);
        } else if (command === "formatBlock") {
          document.execCommand("formatBlock", false, `<${button.dataset.value}>`);
        } else {
          document.execCommand(command, false, null);
        }
      });
    });
    form.addEventListener("submit", () => {
      source.value = area.innerHTML;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-manuscript-views]").forEach((root) => {
      setupViews(root);
      setupComments(root);
    });
    document.querySelectorAll("[data-editor-form]").forEach(setupEditor);
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    });
  });
})();
