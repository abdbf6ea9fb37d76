// Builds the results and pagination from an API answer (facets: facets.js). Everything is made with
// DOM calls and textContent; the one exception is the server's highlight snippets, which
// arrive HTML-escaped with only <mark> tags left, and so may be set as HTML.
import { gettext, price } from "storefront/messages";

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else if (name === "checked") node.checked = Boolean(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function highlighted(tag, className, snippets, plain) {
  const node = el(tag, { className });
  if (snippets && snippets.length) node.innerHTML = snippets.join(" … ");
  else node.textContent = plain;
  return node;
}

function productItem(product, link, position) {
  const highlight = product.highlight || {};
  const stock = product.in_stock
    ? el("span", { className: "badge badge-in" }, gettext("In stock"))
    : el("span", { className: "badge badge-out" }, gettext("Out of stock"));
  const description = product.short_description || (highlight.short_description || []).length
    ? highlighted("p", "product-description", highlight.short_description, product.short_description)
    : null;
  return el(
    "li", { className: "product", "data-id": product.id, "data-position": position },
    el("h3", { className: "product-heading" },
      el("a", { className: "product-link", href: link(product) },
        highlighted("span", "product-title", highlight.title, product.title))),
    el(
      "p", { className: "product-meta" },
      product.category ? el("span", { className: "product-category" }, product.category.name) : null,
      el("span", { className: "product-sku" }, product.sku),
    ),
    description,
    el(
      "div", { className: "product-buy" },
      el("span", { className: "product-price" }, price(product.price)),
      stock,
    ),
  );
}

// `link(product)` is the URL of the product's page; `offset` numbers the items across pages
// (data-position, 1-based) for the click log; `searchId` is the API's id of this search (none
// when the query log is off).
export function renderResults(list, results, { offset = 0, searchId = null, link } = {}) {
  if (searchId) list.dataset.searchId = searchId;
  else delete list.dataset.searchId;
  list.replaceChildren(
    ...results.map((product, index) => productItem(product, link, offset + index + 1)),
  );
}

export function renderPagination(nav, count, state) {
  const limit = Number(state.limit);
  const offset = Number(state.offset);
  const pages = Math.ceil(Math.min(count, 10000) / limit);
  if (pages <= 1) {
    nav.replaceChildren();
    return;
  }
  const current = Math.floor(offset / limit) + 1;
  const button = (label, page, extra = {}) => el(
    "button", { type: "button", "data-offset": (page - 1) * limit, ...extra }, label,
  );
  const first = Math.max(1, Math.min(current - 2, pages - 4));
  const numbers = [];
  for (let page = first; page <= Math.min(pages, first + 4); page += 1) {
    numbers.push(el("li", {}, button(String(page), page, {
      "aria-label": gettext("Page %(n)s", { n: page }),
      "aria-current": page === current ? "page" : null,
    })));
  }
  nav.replaceChildren(el(
    "ul", {},
    el("li", {}, button(gettext("Previous"), current - 1, { disabled: current === 1 })),
    ...numbers,
    el("li", {}, button(gettext("Next"), current + 1, { disabled: current === pages })),
  ));
}

/** A link a banner may carry: a path on this site or an https URL (the API sends only those). */
function safeLink(link) {
  return typeof link === "string" && (/^\/(?!\/)/.test(link) || link.startsWith("https://")) ? link : null;
}

/** Staff's banners for the query (the API's `banners`), above the results. */
export function renderBanners(container, banners) {
  const items = (banners || []).map((banner) => {
    const link = safeLink(banner.link);
    const text = link ? el("a", { href: link, className: "banner-link" }, banner.text) : el("span", {}, banner.text);
    const image = safeLink(banner.image) && banner.image.startsWith("/")
      ? el("img", { src: banner.image, alt: "", className: "banner-image" }) : null;
    return el("aside", { className: "search-banner", "data-rule": banner.id }, image, text);
  });
  container.replaceChildren(...items);
  container.hidden = items.length === 0;
}

/** Where staff send this query (the API's `redirect`), when it is not this very page. */
export function redirectTarget(redirect, here) {
  const link = safeLink(redirect);
  if (!link) return null;
  const target = new URL(link, here);
  return target.href === new URL(here).href ? null : target.href;
}
