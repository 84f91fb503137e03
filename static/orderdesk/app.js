// "/" focuses the global search from anywhere, without typing the slash; in a field (a page's own search box, a
// note, a select) the slash is the user's and stays there.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target.isContentEditable || Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]"));
  if (event.key === "/" && !typing && !event.defaultPrevented && !event.isComposing
      && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const search = document.getElementById("global-search");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  }
});

// The global search's results by keyboard: Down from the field enters the list, Up/Down move through it (Up from the
// first result goes back to the field), Enter opens the focused result (it is a link), Escape closes the list.
document.addEventListener("keydown", (event) => {
  const search = document.getElementById("global-search");
  const results = document.getElementById("search-results");
  if (!search || !results || (event.target !== search && !results.contains(event.target))) { return; }
  const links = [...results.querySelectorAll("a[href]")];
  const index = links.indexOf(event.target);
  if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(index + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && index >= 0) {
    event.preventDefault();
    (index === 0 ? search : links[index - 1]).focus();
  } else if (event.key === "Escape") {
    results.innerHTML = "";
    search.focus();
  }
});

// Forms with data-confirm ask first; the text stays in an attribute, so no quote in any language breaks the script.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); }
});

// A select marked data-submit-on-change submits its form (the language switch); no inline handler under the CSP.
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("select[data-submit-on-change]") && event.target.form) {
    event.target.form.submit();
  }
});

// Progress bars take their width from data-progress (an inline style would break the CSP).
function showProgress(root) {
  root.querySelectorAll("[data-progress]").forEach((bar) => { bar.style.width = `${bar.dataset.progress}%`; });
}
document.addEventListener("DOMContentLoaded", () => showProgress(document));
document.addEventListener("htmx:afterSettle", (event) => showProgress(event.target));

// A table wider than the screen (a phone) scrolls inside its box: the box then takes the keyboard focus, so the
// arrow keys scroll it too; a box that fits stays out of the tab order.
function markScrollingTables() {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
    }
  });
}
let tablesResized = null;
document.addEventListener("DOMContentLoaded", markScrollingTables);
document.addEventListener("htmx:afterSettle", markScrollingTables);
document.addEventListener("toggle", markScrollingTables, true);  // a <details> opened: its table has a width now
window.addEventListener("resize", () => { clearTimeout(tablesResized); tablesResized = setTimeout(markScrollingTables, 150); });

// Irreversible actions (send a quote, confirm an order, issue an invoice, send reminders) first open a <dialog> the
// server rendered into the page: what will happen, and the mail composer. Its own form posts the confirmation.
// Without JavaScript the form posts as it is (the services guard the states, not the dialog).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const dialog = form.dataset && form.dataset.confirmDialog && document.getElementById(form.dataset.confirmDialog);
  if (dialog && typeof dialog.showModal === "function") {
    event.preventDefault();
    dialog.showModal();
  }
});
document.addEventListener("click", (event) => {
  const close = event.target.closest && event.target.closest("[data-dialog-close]");
  if (close && close.closest("dialog")) { close.closest("dialog").close(); return; }
  const reset = event.target.closest && event.target.closest("[data-compose-reset]");
  if (reset) {
    reset.closest("form").querySelectorAll("[data-default]").forEach((field) => { field.value = field.dataset.default; });
  }
});
// A composer sent back with an error (a wrong address) opens again with what was typed.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("dialog[data-open-on-load]").forEach((dialog) => {
    if (typeof dialog.showModal === "function") { dialog.showModal(); }
  });
});

// Customer pickers (customers.forms.CompanyPickerWidget): the text field's datalist is filled as you type from the
// JSON search (at most 15 companies); choosing one puts its id in the hidden field beside it, typing on clears it.
// Without JavaScript the typed text goes alone and the server resolves it.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches("input[data-company-picker]")) { return; }
  const picked = document.getElementById(input.dataset.companyField);
  const list = document.getElementById(input.getAttribute("list"));
  const pick = () => {
    const chosen = list ? [...list.options].find((option) => option.value === input.value) : null;
    if (picked) { picked.value = chosen ? chosen.dataset.id : ""; }
    return chosen;
  };
  if (pick()) { return; }
  clearTimeout(input.pickerTimer);
  const query = input.value.trim();
  if (query.length < 2 || !list) { return; }
  input.pickerTimer = setTimeout(() => {
    fetch(`${input.dataset.companyPicker}?q=${encodeURIComponent(query)}`,
          { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        if (input.value.trim() !== query) { return; } // typed on meanwhile: a newer search follows
        list.replaceChildren(...data.results.map((company) => {
          const option = document.createElement("option");
          option.value = company.label;
          option.dataset.id = company.id;
          return option;
        }));
        pick();
      })
      .catch(() => {});
  }, 200);
});
