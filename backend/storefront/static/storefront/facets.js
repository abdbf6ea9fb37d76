// Facets and the active filters, built from the API's `facets`: one block per group (category
// path and subcategories, each attribute type, price, availability), each count taken by the API
// with every other active filter but the group's own; the active filters as removable chips
// with "clear all". DOM calls and textContent only.
import { gettext, number, price } from "storefront/messages";
import { el } from "storefront/render";

function choice(type, name, value, label, count, checked, className = null) {
  const id = `facet-${name}-${value === "" ? "any" : value}`;
  return el(
    "li", { className },
    el("input", { type, name, value, id, checked }),
    el(
      "label", { for: id },
      el("span", { className: "facet-label" }, label),
      count === null ? null : el("span", { className: "facet-count" }, number(count)),
    ),
  );
}

function group(legend, items, extra = null, attributes = {}) {
  if (!items.length) return null;
  return el("fieldset", { className: "facet", ...attributes }, el("legend", {}, legend), extra, el("ul", {}, ...items));
}

/** The API's price bounds for a bucket key; a bucket's upper end is exclusive. */
export function priceBounds(key) {
  if (!key) return { price_min: "", price_max: "" };
  const [low, high] = key.split("-");
  return { price_min: low, price_max: high ? (Number(high) - 0.01).toFixed(2) : "" };
}

// An order the query was read to ask for, as the sort menu names it.
const SORTS = {
  relevance: gettext("Relevance"),
  price: gettext("Price: low to high"),
  "-price": gettext("Price: high to low"),
  newest: gettext("Newest"),
  popular: gettext("Most popular"),
};

const depth = (level) => `facet-depth-${Math.min(level, 4)}`;

function categoryChoices(facet) {
  const selected = facet.selected;
  const items = facet.path.map((node, level) => choice(
    "radio", "category", node.id, node.label, node.count, node.id === selected, depth(level + 1),
  ));
  const below = depth(facet.path.length + 1);
  items.push(...facet.children.map((child) => choice("radio", "category", child.id, child.label, child.count, false, below)));
  if (!items.length) return [];
  return [choice("radio", "category", "", gettext("All categories"), null, !selected), ...items];
}

function priceHint(span) {
  if (span.min === null || span.max === null) return null;
  const text = gettext("Prices from %(min)s to %(max)s", { min: price(span.min), max: price(span.max) });
  return el("p", { className: "facet-hint" }, text);
}

export function renderFacets(form, facets, state) {
  const keep = form.querySelector("#facets-label");
  const attributes = facets.attributes.map((attribute) => group(
    attribute.label,
    attribute.values.map((value) => choice("checkbox", "attr", value.id, value.label, value.count, value.selected)),
    null,
    { "data-group": attribute.id },
  ));
  const anyPrice = !state.price_min && !state.price_max;
  const prices = facets.price.ranges
    .filter((row) => row.count || row.selected)
    .map((row) => choice("radio", "price", row.key, row.label, row.count, row.selected));
  if (prices.length) prices.unshift(choice("radio", "price", "", gettext("Any price"), null, anyPrice));
  const inStock = facets.in_stock.find((row) => row.value === true);
  const stock = [choice("checkbox", "in_stock", "true", gettext("In stock only"), inStock ? inStock.count : null,
    state.in_stock === "true")];
  form.replaceChildren(
    keep,
    ...[
      group(gettext("Category"), categoryChoices(facets.categories)),
      ...attributes,
      group(gettext("Price"), prices, priceHint(facets.price)),
      group(gettext("Availability"), stock),
    ].filter(Boolean),
  );
}

function priceText(state) {
  const low = state.price_min && Number(state.price_min) > 0 ? price(state.price_min) : "";
  const high = state.price_max ? price(state.price_max) : "";
  if (low && high) return `${low} – ${high}`;
  return low ? gettext("from %(price)s", { price: low }) : gettext("up to %(price)s", { price: high });
}

/** The active filters, each with what removes it (`data-remove`): category, attr:<id>, price, in_stock
 * (and skip:<key> for what the query was understood to ask, understoodChips). */
function activeFilters(facets, state) {
  const chips = [];
  if (state.category) {
    const node = facets.categories.path.at(-1);
    chips.push({ key: "category", label: `${gettext("Category")}: ${node ? node.label : state.category}` });
  }
  const named = new Map();
  for (const attribute of facets.attributes) {
    for (const value of attribute.values) named.set(String(value.id), `${attribute.label}: ${value.label}`);
  }
  for (const id of state.attr) {
    chips.push({ key: `attr:${id}`, label: named.get(String(id)) ?? `${gettext("Properties")}: ${id}` });
  }
  if (state.price_min || state.price_max) {
    const range = facets.price.ranges.find((row) => row.selected);
    chips.push({ key: "price", label: `${gettext("Price")}: ${range ? range.label : priceText(state)}` });
  }
  if (state.in_stock) {
    chips.push({ key: "in_stock", label: state.in_stock === "true" ? gettext("In stock only") : gettext("Out of stock") });
  }
  return chips;
}

/** What the query was read to ask for (the API's `understood`), each undone by `skip=<key>`. */
function understoodChips(understood) {
  const meaning = (item) => {
    if (item.kind === "price_max") return gettext("up to %(price)s", { price: price(item.value) });
    if (item.kind === "price_min") return gettext("from %(price)s", { price: price(item.value) });
    if (item.kind === "sort") return SORTS[item.value] ?? item.value;
    return item.label;
  };
  return (understood || []).filter((item) => item.applied).map((item) => ({
    key: `skip:${item.key}`, label: gettext("%(meaning)s (from “%(text)s”)", { meaning: meaning(item), text: item.text }),
  }));
}

export function renderChips(container, facets, state, understood = []) {
  const chips = facets ? [...understoodChips(understood), ...activeFilters(facets, state)] : [];
  container.hidden = chips.length === 0;
  if (!chips.length) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    el("span", { className: "chips-label" }, gettext("Active filters:")),
    el("ul", { className: "chips" }, ...chips.map((chip) => el(
      "li", {},
      el("button", { type: "button", className: "chip", "data-remove": chip.key,
        "aria-label": gettext("Remove filter %(label)s", { label: chip.label }) },
      el("span", {}, chip.label), el("span", { className: "chip-remove", "aria-hidden": "true" }, "×")),
    ))),
    el("button", { type: "button", id: "clear-all", className: "clear-all" }, gettext("Clear all")),
  );
}

/** The state change that removes one chip's filter. */
export function withoutFilter(state, key) {
  if (key.startsWith("skip:")) return { skip: [...state.skip, key.slice("skip:".length)] };
  if (key === "category") return { category: "" };
  if (key === "price") return { price_min: "", price_max: "" };
  if (key === "in_stock") return { in_stock: "" };
  const id = key.slice("attr:".length);
  return { attr: state.attr.filter((value) => String(value) !== id) };
}
