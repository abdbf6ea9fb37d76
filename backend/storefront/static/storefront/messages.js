// The page's texts in its language, from the gettext catalogues (locale/<lang>/LC_MESSAGES/djangojs.po,
// English the source): Django's JavaScriptCatalog (the storefront-i18n script the page loads before
// its modules) defines window.django. Product texts come translated from the API.
// `manage.py makemessages` finds the texts in gettext(), ngettext() and pgettext() calls.
const catalogue = window.django;
export const language = document.documentElement.lang;

const numbers = new Intl.NumberFormat(language);
const amounts = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A count as the page's language writes it ("1 234" in Czech). */
export function number(value) {
  return numbers.format(value);
}

/** A price as the server writes it (storefront/money.py): the number by the language's rules,
 * the currency where the catalogue puts it ("7 689,00 Kč"). */
export function price(amount) {
  return fill(catalogue.pgettext("price", "CZK %(amount)s"), { amount: amounts.format(Number(amount)) });
}

/** %(name)s placeholders filled in; numbers written the language's way. */
function fill(text, values = {}) {
  return text.replace(/%\((\w+)\)s/g, (match, name) => {
    if (!(name in values)) return match;
    const value = values[name];
    return typeof value === "number" ? number(value) : String(value);
  });
}

export function gettext(text, values) {
  return fill(catalogue.gettext(text), values);
}

/** The plural form the catalogue's rule picks for `n` (also a placeholder). */
export function ngettext(singular, plural, n, values = {}) {
  return fill(catalogue.ngettext(singular, plural, n), { n, ...values });
}

export function pgettext(context, text, values) {
  return fill(catalogue.pgettext(context, text), values);
}
