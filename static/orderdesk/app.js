// "/" focuses the global search from anywhere, except while typing in a field.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const search = document.getElementById("global-search");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  }
  if (event.key === "Escape" && target.id === "global-search") {
    document.getElementById("search-results").innerHTML = "";
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
