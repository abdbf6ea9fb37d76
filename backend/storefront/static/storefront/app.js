// Storefront search page: talks only to the JSON search API and keeps its whole state in the
// URL query string, so reload, back and shared links show the same search. The page comes rendered
// in its language (?lang); switching language loads the page in the other one.
// Suggestions widget: @github/combobox-nav@3.0.2 (MIT), vendored in vendor/combobox-nav.js.
import { gettext, language, ngettext } from "storefront/messages";
import { priceBounds, renderChips, renderFacets, withoutFilter } from "storefront/facets";
import { redirectTarget, renderBanners, renderPagination, renderResults } from "storefront/render";
import { attachSuggestions } from "storefront/suggest";
import { recordClicks } from "storefront/clicks";

const config = JSON.parse(document.getElementById("storefront-config").textContent);
const $ = (id) => document.getElementById(id);
// Query-string keys the API takes, with the values it assumes when they are left out.
const DEFAULTS = {
  q: "", category: "", attr: [], price_min: "", price_max: "", in_stock: "",
  sort: "relevance", limit: "20", offset: "0", skip: [],
};
const NO_FILTERS = { category: "", attr: [], price_min: "", price_max: "", in_stock: "" };

const input = $("q");
const resultsSection = $("results");
const facetsForm = $("facets");
const chipsBox = $("active-filters");
let state = readState();
let request = null;
let understood = []; // the last answer's reading of the query: an unticked understood value is skipped
let chipRemoved = false; // focus goes back to the chips once the search they changed is shown

function readState() {
  const params = new URLSearchParams(window.location.search);
  const next = { lang: language }; // the server's reading of ?lang (the shop's default for none or an unknown one)
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    next[key] = Array.isArray(fallback)
      ? params.getAll(key).flatMap((value) => value.split(",")).filter(Boolean)
      : params.get(key) ?? fallback;
  }
  return next;
}

function queryString(from, { withLang = true } = {}) {
  const params = new URLSearchParams();
  if (withLang) params.set("lang", from.lang);
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    const value = from[key];
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else if (value !== "" && value !== fallback) params.set(key, value);
  }
  return params.toString();
}

const productLink = (product) =>
  `${config.productUrl.replace("{id}", encodeURIComponent(product.id))}?lang=${encodeURIComponent(state.lang)}`;
const apiUrl = (template) => template.replace(config.langPlaceholder, encodeURIComponent(state.lang));

function navigate(changes, { push = true } = {}) {
  state = { ...state, ...changes };
  const url = `${window.location.pathname}?${queryString(state)}`;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  show();
}

/** The language switch keeps the search: each link loads the same state in its language. */
function updateLanguageLinks() {
  for (const link of document.querySelectorAll("[data-lang]")) {
    link.href = `?${queryString({ ...state, lang: link.dataset.lang, offset: "0" })}`;
  }
}

/** Bring the page in line with `state`: the language links, controls, then the search itself. */
function show() {
  updateLanguageLinks();
  input.value = state.q;
  $("sort").value = state.sort;
  const limit = $("limit");
  if (![...limit.options].some((option) => option.value === state.limit)) limit.add(new Option(state.limit));
  limit.value = state.limit;
  search();
}

function clearResults() {
  $("results-heading").textContent = "";
  $("rescue-notice").hidden = true;
  renderBanners($("banners"), []);
  $("result-list").replaceChildren();
  $("pagination").replaceChildren();
  facetsForm.replaceChildren($("facets-label"));
  renderChips(chipsBox, null, state);
}

function setMessage(...nodes) {
  $("message").replaceChildren(...nodes);
}

function paragraph(text, className) {
  const node = document.createElement("p");
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function search() {
  if (request) request.abort();
  request = null;
  $("error").hidden = true;
  if (!state.q.trim()) {
    clearResults();
    $("fallback-notice").hidden = true;
    setMessage(paragraph(gettext("Type what you are looking for."), "prompt"));
    return;
  }
  const controller = new AbortController();
  request = controller;
  resultsSection.setAttribute("aria-busy", "true");
  setMessage(paragraph(gettext("Searching…")));
  try {
    const url = `${apiUrl(config.searchUrl)}?${queryString(state, { withLang: false })}`;
    const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (request !== controller) return;
    if (!response.ok || !body) showError(response.status, body);
    else showResults(body, response.headers.get("X-Search-Backend"));
  } catch (error) {
    if (error.name !== "AbortError" && request === controller) showError(0, null);
  } finally {
    if (request === controller) {
      resultsSection.removeAttribute("aria-busy");
      request = null;
    }
  }
}

/** What the API did when nothing matched as typed (a corrected spelling, a relaxed match), or to fill a short page. */
function showRescue(body) {
  const notice = $("rescue-notice");
  const lines = [];
  if (body.corrected_query) {
    lines.push(paragraph(gettext("Showing results for “%(q)s”.", { q: body.corrected_query }), "corrected"));
  }
  if (body.relaxed) {
    lines.push(paragraph(gettext("No product matches every word of “%(q)s”; showing the closest matches.",
      { q: state.q.trim() }), "relaxed"));
  }
  if (body.filled_ids && body.filled_ids.length) {
    lines.push(paragraph(ngettext(
      "Only %(n)s product matches every word; the results after it do not have to match “%(words)s”.",
      "Only %(n)s products match every word; the results after them do not have to match “%(words)s”.",
      body.count, { words: body.filled_without.join(" ") }), "filled"));
  }
  notice.replaceChildren(...lines);
  notice.hidden = lines.length === 0;
}

function showResults(body, backend) {
  const redirect = redirectTarget(body.redirect, window.location.href);
  if (redirect) {
    // Staff send this query to a page ("reklamace" opens the returns page). Replaced, so Back
    // returns to where the shopper searched from, not to a page that sends them on again.
    window.location.replace(redirect);
    return;
  }
  renderBanners($("banners"), body.banners);
  $("fallback-notice").hidden = backend !== "postgres";
  showRescue(body);
  $("results-heading").textContent = ngettext("%(n)s product", "%(n)s products", body.count);
  const offset = Number(state.offset);
  if (body.count === 0) {
    const filtered = queryString({ ...state, ...NO_FILTERS }) !== queryString(state);
    const clear = document.createElement("button");
    clear.type = "button";
    clear.id = "clear-filters";
    clear.textContent = gettext("Clear filters");
    setMessage(paragraph(gettext("Nothing matches “%(q)s”.", { q: state.q.trim() }), "empty"),
      paragraph(gettext("Check the spelling, try a more general word, or clear the filters.")),
      ...(filtered ? [clear] : []));
  } else {
    const to = offset + body.results.length;
    setMessage(paragraph(gettext("Showing %(from)s–%(to)s of %(total)s",
      { from: Math.min(offset + 1, to), to, total: body.count })));
  }
  const focused = facetsForm.contains(document.activeElement) ? document.activeElement.id : null;
  renderResults($("result-list"), body.results, { offset, searchId: body.search_id, link: productLink });
  renderFacets(facetsForm, body.facets, state);
  understood = body.understood || [];
  renderChips(chipsBox, body.facets, state, understood);
  renderPagination($("pagination"), body.count, state);
  if (focused && $(focused)) $(focused).focus();
  if (chipRemoved) {
    chipRemoved = false;
    (chipsBox.querySelector("button") || resultsSection).focus();
  }
}

function showError(status, body) {
  chipRemoved = false;
  clearResults();
  setMessage();
  let text = gettext("The search failed. Please try again.");
  if (status === 429) text = gettext("Too many searches at once; wait a moment and try again.");
  else if (status === 400 && body && typeof body === "object") {
    const problems = Object.entries(body).map(([name, errors]) => `${name}: ${[].concat(errors).join(" ")}`);
    text = `${gettext("The search could not be run:")} ${problems.join("; ")}`;
  }
  $("error-text").textContent = text;
  $("error").hidden = false;
}

function readFacets() {
  const data = new FormData(facetsForm);
  const price = data.get("price"); // none ticked: bounds typed into the URL, kept
  const attr = data.getAll("attr");
  const unticked = understood.filter((item) => item.kind === "attribute" && item.applied
    && !attr.includes(String(item.id))).map((item) => item.key);
  return {
    category: data.get("category") || "",
    attr: attr.filter((id) => !understood.some((item) => item.kind === "attribute" && String(item.id) === id)),
    skip: [...state.skip, ...unticked],
    ...(price === null ? {} : priceBounds(price)),
    in_stock: data.get("in_stock") ? "true" : "",
  };
}

const suggestions = attachSuggestions({
  input,
  list: $("suggestions"),
  urlFor: (prefix) => `${apiUrl(config.suggestUrl)}?${new URLSearchParams({ q: prefix })}`,
  onQuery: (text) => newQuery(text),
  onCategory: (text, category) => newQuery(text, { category }),
  onProduct: (url) => window.location.assign(url),
  announce: (count) => {
    $("suggestion-status").textContent = count ? ngettext("%(n)s suggestion", "%(n)s suggestions", count) : "";
  },
});

/** A new query keeps the shopper's preferences (stock, sort, page size) but not the facets;
 * a category row of the suggestions searches within its category. */
function newQuery(text, { category = "" } = {}) {
  suggestions.hide();
  navigate({ q: text.trim(), category: String(category), attr: [], price_min: "", price_max: "", skip: [],
    offset: "0" });
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  newQuery(input.value);
});
facetsForm.addEventListener("change", () => navigate({ ...readFacets(), offset: "0" }));
facetsForm.addEventListener("submit", (event) => event.preventDefault());
$("sort").addEventListener("change", (event) => navigate({ sort: event.target.value, offset: "0" }));
$("limit").addEventListener("change", (event) => navigate({ limit: event.target.value, offset: "0" }));
$("retry").addEventListener("click", () => search());
$("message").addEventListener("click", (event) => {
  if (event.target.id === "clear-filters") navigate({ ...NO_FILTERS, offset: "0" });
});
chipsBox.addEventListener("click", (event) => {
  const chip = event.target.closest("button[data-remove]");
  if (chip) {
    chipRemoved = true;
    navigate({ ...withoutFilter(state, chip.dataset.remove), offset: "0" });
  } else if (event.target.closest("#clear-all")) {
    chipRemoved = true;
    navigate({ ...NO_FILTERS, offset: "0" });
  }
});
$("pagination").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-offset]");
  if (!button || button.disabled) return;
  navigate({ offset: button.dataset.offset });
  resultsSection.scrollIntoView({ block: "start" });
  resultsSection.focus({ preventScroll: true });
});
window.addEventListener("popstate", () => {
  if (new URLSearchParams(window.location.search).get("lang") !== state.lang) {
    window.location.reload(); // back to a page in another language: the server renders it in that one
    return;
  }
  state = readState();
  suggestions.hide();
  show();
});

recordClicks($("result-list"), config.clicksUrl);
if (window.matchMedia("(max-width: 48rem)").matches) $("filters").open = false;
navigate({}, { push: false });
