// As-you-type suggestions for the search box. Keyboard navigation and the ARIA combobox
// attributes (role, aria-expanded, aria-activedescendant) come from @github/combobox-nav@3.0.2,
// vendored in vendor/combobox-nav.js; this module only fetches and shows the options.
import Combobox from "vendor/combobox-nav";

const DEBOUNCE_MS = 150;
const MIN_CHARS = 2;

/**
 * Attach suggestions to `input`/`list`. `urlFor(prefix)` gives the suggest URL in the current
 * language, `onPick(text)` runs the search for a chosen suggestion, `announce(count)` tells
 * screen readers how many there are (0 when the list closes).
 */
export function attachSuggestions({ input, list, urlFor, onPick, announce }) {
  const combobox = new Combobox(input, list, { tabInsertsSuggestions: false });
  let timer = null;
  let pending = null;

  function hide() {
    clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
    if (!list.hidden) {
      combobox.stop();
      list.hidden = true;
      announce(0);
    }
    list.replaceChildren();
  }

  function show(suggestions) {
    const options = suggestions.map((text, index) => {
      const option = document.createElement("li");
      option.id = `suggestion-${index}`;
      option.className = "suggestion";
      option.setAttribute("role", "option");
      option.textContent = text;
      return option;
    });
    list.replaceChildren(...options);
    if (!options.length) {
      hide();
      return;
    }
    list.hidden = false;
    combobox.start();
    announce(options.length);
  }

  async function fetchSuggestions(prefix) {
    if (pending) pending.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const response = await fetch(urlFor(prefix), { signal: controller.signal });
      if (!response.ok) throw new Error(`suggest answered ${response.status}`);
      const body = await response.json();
      // Drop answers for what the shopper has typed past already.
      if (pending === controller && input.value.trim() === prefix) show(body.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") hide();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (prefix.length < MIN_CHARS) {
      hide();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(prefix), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !list.hidden) {
      // Close the list only; a second Escape clears the field as usual.
      event.preventDefault();
      hide();
    }
  });
  input.addEventListener("blur", hide);
  // Keep focus in the input while an option is clicked, so blur does not close the list first.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("combobox-commit", (event) => {
    const text = event.target.textContent;
    hide();
    input.value = text;
    onPick(text);
  });

  return { hide };
}
