"""Roll-ups of the query log, so the dashboard, popularity and experiments read days, not
millions of rows."""
from django.db import models


class ProductPopularity(models.Model):
    """A product's popularity in one language, rolled up from clicks over impressions
    (search/popularity.py); indexed in its document, read by the fallback's ordering."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="search_popularity")
    language = models.CharField(max_length=8)
    clicks = models.FloatField()  # decayed, once per search
    expected = models.FloatField()  # decayed clicks an average product would have had where it was shown
    score = models.FloatField()  # 0..1, 0.5 average (search.popularity.score)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "language"], name="search_popularity_unique")]


class PopularitySlotDay(models.Model):
    """Per day, language and position: how many results were shown there and how many clicked
    (search/popularity.py: the click-through rate each position is expected to get)."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    slot = models.PositiveIntegerField()
    impressions = models.BigIntegerField()
    clicks = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="search_popslot_day")]


class PopularityDay(models.Model):
    """Per day, language and product: its clicks (once per search) and the clicks an average
    product would have had where it was shown that day (search/popularity.py)."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    product_id = models.BigIntegerField()
    clicks = models.FloatField()
    expected = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="search_popday_day")]


class SearchDay(models.Model):
    """The query log rolled up per day (shop's time zone), language and query for the analytics
    dashboard's long periods (search/analytics_rollup.py): first-page searches, and the clicks'
    share of them, counted when the day was rolled up."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField()
    zero_results = models.PositiveIntegerField()
    searches_with_results = models.PositiveIntegerField()
    clicked_searches = models.PositiveIntegerField()
    results_sum = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="search_day_query")]


class SearchDayClick(models.Model):
    """Clicks rolled up per day of their search, language, query and product."""

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    product_id = models.BigIntegerField()
    clicks = models.PositiveIntegerField()
    position_sum = models.BigIntegerField()


class AnalyticsRollup(models.Model):
    """One row: the last day the roll-up covers; later days are read from the log itself."""

    rolled_through = models.DateField(null=True)
