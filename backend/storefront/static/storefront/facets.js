// Facets and the active filters, built from the API's `facets`: one block per group (category
// path and subcategories, each attribute type, price, availability), each count taken by the API
// with every other active filter but the group's own; the active filters as removable chips
// with "clear all". DOM calls and textContent only.
import { el } from "storefront/render";

function choice(type, name, value, label, count, checked, className = null) {
  const id = `facet-${name}-${value === "" ? "any" : value}`;
  return el(
    "li", { className },
    el("input", { type, name, value, id, checked }),
    el(
      "label", { for: id },
      el("span", { className: "facet-label" }, label),
      count === null ? null : el("span", { className: "facet-count" }, String(count)),
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

const depth = (level) => `facet-depth-${Math.min(level, 4)}`;

function categoryChoices(facet, t) {
  const selected = facet.selected;
  const items = facet.path.map((node, level) => choice(
    "radio", "category", node.id, node.label, node.count, node.id === selected, depth(level + 1),
  ));
  const below = depth(facet.path.length + 1);
  items.push(...facet.children.map((child) => choice("radio", "category", child.id, child.label, child.count, false, below)));
  if (!items.length) return [];
  return [choice("radio", "category", "", t("anyCategory"), null, !selected), ...items];
}

function priceHint(price, t, money) {
  if (price.min === null || price.max === null) return null;
  const text = t("priceSpan", { min: money.format(Number(price.min)), max: money.format(Number(price.max)) });
  return el("p", { className: "facet-hint" }, text);
}

export function renderFacets(form, facets, state, t, money) {
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
  if (prices.length) prices.unshift(choice("radio", "price", "", t("anyPrice"), null, anyPrice));
  const inStock = facets.in_stock.find((row) => row.value === true);
  const stock = [choice("checkbox", "in_stock", "true", t("inStockOnly"), inStock ? inStock.count : null,
    state.in_stock === "true")];
  form.replaceChildren(
    keep,
    ...[
      group(t("category"), categoryChoices(facets.categories, t)),
      ...attributes,
      group(t("price"), prices, priceHint(facets.price, t, money)),
      group(t("availability"), stock),
    ].filter(Boolean),
  );
}

function priceText(state, t, money) {
  const low = state.price_min && Number(state.price_min) > 0 ? money.format(Number(state.price_min)) : "";
  const high = state.price_max ? money.format(Number(state.price_max)) : "";
  if (low && high) return `${low} – ${high}`;
  return low ? t("priceFrom", { price: low }) : t("priceTo", { price: high });
}

/** The active filters, each with what removes it (`data-remove`): category, attr:<id>, price, in_stock
 * (and skip:<key> for what the query was understood to ask, understoodChips). */
function activeFilters(facets, state, t, money) {
  const chips = [];
  if (state.category) {
    const node = facets.categories.path.at(-1);
    chips.push({ key: "category", label: `${t("category")}: ${node ? node.label : state.category}` });
  }
  const named = new Map();
  for (const attribute of facets.attributes) {
    for (const value of attribute.values) named.set(String(value.id), `${attribute.label}: ${value.label}`);
  }
  for (const id of state.attr) {
    chips.push({ key: `attr:${id}`, label: named.get(String(id)) ?? `${t("attributes")}: ${id}` });
  }
  if (state.price_min || state.price_max) {
    const range = facets.price.ranges.find((row) => row.selected);
    chips.push({ key: "price", label: `${t("price")}: ${range ? range.label : priceText(state, t, money)}` });
  }
  if (state.in_stock) {
    chips.push({ key: "in_stock", label: state.in_stock === "true" ? t("inStockOnly") : t("outOfStock") });
  }
  return chips;
}

/** What the query was read to ask for (the API's `understood`), each undone by `skip=<key>`. */
function understoodChips(understood, t, money) {
  const meaning = (item) => {
    if (item.kind === "price_max") return t("priceTo", { price: money.format(item.value) });
    if (item.kind === "price_min") return t("priceFrom", { price: money.format(item.value) });
    if (item.kind === "sort") return t(`sort:${item.value}`);
    return item.label;
  };
  return (understood || []).filter((item) => item.applied).map((item) => ({
    key: `skip:${item.key}`, label: t("understoodChip", { meaning: meaning(item), text: item.text }),
  }));
}

export function renderChips(container, facets, state, t, money, understood = []) {
  const chips = facets ? [...understoodChips(understood, t, money), ...activeFilters(facets, state, t, money)] : [];
  container.hidden = chips.length === 0;
  if (!chips.length) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    el("span", { className: "chips-label" }, t("activeFilters")),
    el("ul", { className: "chips" }, ...chips.map((chip) => el(
      "li", {},
      el("button", { type: "button", className: "chip", "data-remove": chip.key,
        "aria-label": t("removeFilter", { label: chip.label }) },
      el("span", {}, chip.label), el("span", { className: "chip-remove", "aria-hidden": "true" }, "×")),
    ))),
    el("button", { type: "button", id: "clear-all", className: "clear-all" }, t("clearAll")),
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
