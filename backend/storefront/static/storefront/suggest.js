// As-you-type suggestions for the search box, in three sections: searches (query completions),
// categories (with how many products) and products (with their price). Keyboard navigation and
// the ARIA combobox attributes (role, aria-expanded, aria-activedescendant) come from
// @github/combobox-nav@3.0.2, vendored in vendor/combobox-nav.js: ↓/↑ walk every option across
// the sections, Enter picks one, Escape closes the list. This module fetches and shows them.
import Combobox from "vendor/combobox-nav";
import { gettext, ngettext, price } from "storefront/messages";
import { el } from "storefront/render";

const DEBOUNCE_MS = 150;
const MIN_CHARS = 2;

/**
 * Attach suggestions to `input`/`list`. `urlFor(prefix)` gives the suggest URL in the current
 * language; a picked row calls `onQuery(text)` (search it), `onCategory(text, id)` (search it
 * within the category) or `onProduct(url)` (open the product page). `announce(count)` tells
 * screen readers how many options there are (0 when the list closes).
 */
export function attachSuggestions({ input, list, urlFor, onQuery, onCategory, onProduct, announce }) {
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

  function option(kind, index, data, ...content) {
    return el("li", { id: `suggestion-${kind}-${index}`, className: `suggestion suggestion-${kind}`,
      role: "option", ...data }, ...content);
  }

  function section(kind, heading, options) {
    if (!options.length) return null;
    const headingId = `suggestions-${kind}-heading`;
    return el("li", { role: "group", className: "suggestion-group", "aria-labelledby": headingId },
      el("span", { id: headingId, className: "suggestion-heading", role: "presentation" }, heading),
      el("ul", { role: "none", className: "suggestion-options" }, ...options));
  }

  function show(body) {
    const queries = (body.queries || []).map((query, index) =>
      option("query", index, { "data-query": query }, query));
    const categories = (body.categories || []).map((category, index) =>
      option("category", index, { "data-query": category.query, "data-category": category.id },
        el("span", { className: "suggestion-label" }, category.label),
        el("span", { className: "suggestion-count" }, ngettext("%(n)s product", "%(n)s products", category.count))));
    const products = (body.products || []).map((product, index) =>
      option("product", index, { "data-url": product.url },
        el("span", { className: "suggestion-label" }, product.title),
        el("span", { className: "suggestion-price" }, price(product.price)),
        product.in_stock ? null : el("span", { className: "suggestion-stock" }, gettext("Out of stock"))));
    const sections = [
      section("queries", gettext("Searches"), queries),
      section("categories", gettext("Categories"), categories),
      section("products", gettext("Products"), products),
    ].filter(Boolean);
    list.replaceChildren(...sections);
    const count = queries.length + categories.length + products.length;
    if (!count) {
      hide();
      return;
    }
    list.hidden = false;
    combobox.start();
    announce(count);
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
      if (pending === controller && input.value.trim() === prefix) show(body);
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
    const row = event.target.closest("[role=option]");
    if (!row) return;
    const { url, query, category } = row.dataset;
    hide();
    if (url) {
      onProduct(url);
    } else if (category) {
      input.value = query;
      onCategory(query, category);
    } else {
      input.value = query;
      onQuery(query);
    }
  });

  return { hide };
}
