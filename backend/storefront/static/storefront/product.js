// Product page: the back-in-stock form posts JSON to the subscription API (the API takes
// nothing else, so no cross-site HTML form can subscribe anyone) and says what happened.
const form = document.getElementById("back-in-stock");

if (form) {
  const status = document.getElementById("alert-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ email: form.elements.email.value, language: form.dataset.lang }),
      });
      status.textContent = response.status === 202 ? form.dataset.sent : form.dataset.error;
      status.className = response.status === 202 ? "alert-ok" : "alert-bad";
    } catch {
      status.textContent = form.dataset.error;
      status.className = "alert-bad";
    } finally {
      button.disabled = false;
    }
  });
}
