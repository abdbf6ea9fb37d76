"""Staff's search rule: when it acts (condition, language, schedule) and what it does.

A rule either reorders (boost or bury a group of products by a bounded factor,
never hiding any), shows a banner above the results, or sends the shopper to a
page (redirect). Checks staff's input in clean(), which the admin form calls:
an unsafe link, an empty banner, or a schedule overlapping another rule with the
same condition and the same action is refused with a message.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search.rule_links import link_error
from search.text import normalised, words

MAX_STRENGTH = 10


class Rule(models.Model):
    ANY, EXACT, CONTAINS = "any", "exact", "contains"
    CONDITIONS = [(ANY, _("any query")), (EXACT, _("the query is exactly")),
                  (CONTAINS, _("the query contains the word"))]
    BOOST, BURY, BANNER, REDIRECT = "boost", "bury", "banner", "redirect"
    ACTIONS = [(BOOST, _("boost products")), (BURY, _("bury products")), (BANNER, _("show a banner")),
               (REDIRECT, _("redirect to a page"))]
    CATEGORY, ATTRIBUTE, PRICE, STOCK = "category", "attribute", "price", "stock"
    TARGETS = [(CATEGORY, _("in a category (with its subcategories)")), (ATTRIBUTE, _("with an attribute value")),
               (PRICE, _("in a price range")), (STOCK, _("in stock or sold out"))]

    name = models.CharField(_("name"), max_length=100, help_text=_("for staff: what the rule is for"))
    condition = models.CharField(_("condition"), max_length=10, choices=CONDITIONS, default=ANY)
    condition_text = models.CharField(
        _("condition text"), max_length=200, blank=True,
        help_text=_("exact: stored normalised (lowercase, no diacritics); contains: one word, matched by its lemmas"))
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("empty: every language"))
    active_from = models.DateTimeField(_("active from"), null=True, blank=True,
                                       help_text=_("in the shop's time zone; empty: now"))
    active_until = models.DateTimeField(_("active until"), null=True, blank=True,
                                        help_text=_("in the shop's time zone; empty: no end"))
    priority = models.IntegerField(_("priority"), default=0,
                                   help_text=_("higher first: banners' order, the redirect that wins"))
    action = models.CharField(_("action"), max_length=10, choices=ACTIONS)
    target = models.CharField(_("products"), max_length=10, choices=TARGETS, blank=True,
                              help_text=_("boost and bury only"))
    category = models.ForeignKey("products.Category", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("category"))
    attribute_value = models.ForeignKey("products.AttributeValue", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+", verbose_name=_("attribute value"))
    price_min = models.DecimalField(_("lowest price"), max_digits=12, decimal_places=2, null=True, blank=True)
    price_max = models.DecimalField(_("highest price"), max_digits=12, decimal_places=2, null=True, blank=True)
    in_stock = models.BooleanField(_("in stock"), null=True, blank=True,
                                   help_text=_("stock target: yes = in stock, no = sold out"))
    strength = models.PositiveSmallIntegerField(
        _("strength"), default=3,
        help_text=format_lazy(_("1-{max}: the relevance of matching products is multiplied (boost) "
                                "or divided (bury) by 1 + strength"), max=MAX_STRENGTH))
    banner_text = models.CharField(_("banner text"), max_length=300, blank=True)
    banner_link = models.CharField(_("banner link"), max_length=500, blank=True,
                                   help_text=_("a path on this site or an allowed https URL"))
    banner_image = models.CharField(_("banner image"), max_length=500, blank=True,
                                    help_text=_("optional: a path on this site"))
    redirect_to = models.CharField(_("redirect to"), max_length=500, blank=True,
                                   help_text=_("a path on this site or an allowed https URL"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "search"
        ordering = ["-priority", "id"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self):
        return self.name

    def conflict_key(self):
        """Rules that may not be active at once: the same condition and the same action
        (for boost and bury: on the same group of products, whichever the direction)."""
        if self.action in (self.BOOST, self.BURY):
            value = {self.CATEGORY: self.category_id, self.ATTRIBUTE: self.attribute_value_id,
                     self.PRICE: (self.price_min, self.price_max), self.STOCK: self.in_stock}.get(self.target)
            return (self.condition, self.condition_text, "reorder", self.target, value)
        return (self.condition, self.condition_text, self.action)

    def clean(self):
        errors: dict[str, str] = {}
        self._clean_condition(errors)
        {self.BOOST: self._clean_reorder, self.BURY: self._clean_reorder, self.BANNER: self._clean_banner,
         self.REDIRECT: self._clean_redirect}.get(self.action, lambda errors: None)(errors)
        if self.active_from and self.active_until and self.active_from >= self.active_until:
            errors["active_until"] = gettext("The rule must end after it starts.")
        if not errors:
            self._clean_overlap(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_condition(self, errors):
        if self.condition == self.ANY:
            self.condition_text = ""
        elif self.condition == self.EXACT:
            self.condition_text = normalised(self.condition_text)
            if not self.condition_text:
                errors["condition_text"] = gettext("Give the query the rule is for.")
        else:
            found = words(self.condition_text)
            if len(found) != 1:
                errors["condition_text"] = gettext("Give exactly one word the query must contain.")
            else:
                self.condition_text = found[0].lower()

    def _clean_reorder(self, errors):
        if not 1 <= (self.strength or 0) <= MAX_STRENGTH:
            errors["strength"] = gettext("The strength must be between 1 and %(max)d.") % {"max": MAX_STRENGTH}
        needed = {self.CATEGORY: ("category", self.category_id, gettext("Choose the category.")),
                  self.ATTRIBUTE: ("attribute_value", self.attribute_value_id, gettext("Choose the attribute value.")),
                  self.STOCK: ("in_stock", self.in_stock, gettext("Say whether products in stock or sold out."))}
        if self.target in needed:
            field, value, message = needed[self.target]
            if value is None:
                errors[field] = message
        elif self.target == self.PRICE:
            low, high = self.price_min, self.price_max
            if low is None and high is None:
                errors["price_min"] = gettext("Give a lowest price, a highest price or both.")
            elif low is not None and high is not None and low > high:
                errors["price_max"] = gettext("The highest price must not be below the lowest.")
        else:
            errors["target"] = gettext("Choose which products to boost or bury.")

    def _clean_banner(self, errors):
        if not self.banner_text.strip():
            errors["banner_text"] = gettext("A banner needs its text.")
        problem = link_error(self.banner_link, required=True)
        if problem:
            errors["banner_link"] = problem
        problem = link_error(self.banner_image, required=False, external=False)
        if problem:
            errors["banner_image"] = problem

    def _clean_redirect(self, errors):
        problem = link_error(self.redirect_to, required=True)
        if problem:
            errors["redirect_to"] = problem

    def _clean_overlap(self, errors):
        """Another rule with the same condition and action, in a language this one also acts in,
        whose schedule meets this one's."""
        others = Rule.objects.exclude(pk=self.pk).filter(condition=self.condition, condition_text=self.condition_text)
        if self.language:
            others = others.filter(Q(language="") | Q(language=self.language))
        if self.active_until:
            others = others.filter(Q(active_from__isnull=True) | Q(active_from__lt=self.active_until))
        if self.active_from:
            others = others.filter(Q(active_until__isnull=True) | Q(active_until__gt=self.active_from))
        for other in others:
            if other.conflict_key() == self.conflict_key():
                errors["active_from"] = gettext(
                    "Rule “%(other)s” has the same condition and action at the same time; "
                    "change its schedule or this one's.") % {"other": other}
                return
