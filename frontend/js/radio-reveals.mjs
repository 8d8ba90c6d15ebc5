// GOV.UK Frontend marks a radio that reveals a conditional question with aria-expanded,
// which ARIA 1.2 does not allow on a radio (axe: aria-allowed-attr). Keep aria-controls,
// drop aria-expanded after GOV.UK Frontend sets it (on start, on every click and when the page is shown).
function dropExpanded() {
  document
    .querySelectorAll('input[type="radio"][aria-controls][aria-expanded]')
    .forEach((input) => input.removeAttribute("aria-expanded"));
}

export function initRadioReveals() {
  dropExpanded();
  document.addEventListener("click", dropExpanded);
  document.addEventListener("change", dropExpanded);
  // GOV.UK Frontend syncs the reveals again when the page is shown (back/forward cache).
  window.addEventListener("pageshow", dropExpanded);
}
