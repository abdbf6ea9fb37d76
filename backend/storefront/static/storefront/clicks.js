// Tells the query log which result the shopper opened: a beacon (it survives the navigation
// to the product page) with the search's id, the product and its 1-based position across pages.
// Only clicks on links inside a result count; the links themselves are left as they are.
export function recordClicks(list, clicksUrl) {
  const send = (event) => {
    const link = event.target.closest("a[href]");
    const item = link && link.closest("li.product");
    if (!item || !list.contains(item) || !list.dataset.searchId) return;
    const click = {
      search_id: list.dataset.searchId,
      product_id: Number(item.dataset.id),
      position: Number(item.dataset.position),
    };
    const body = new Blob([JSON.stringify(click)], { type: "application/json" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(clicksUrl, body))) {
      fetch(clicksUrl, { method: "POST", body, keepalive: true, headers: { "Content-Type": "application/json" } })
        .catch(() => {});
    }
  };
  list.addEventListener("click", send);
  list.addEventListener("auxclick", (event) => { if (event.button === 1) send(event); });
}
