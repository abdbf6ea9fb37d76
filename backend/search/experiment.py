"""Staff's A/B test of rankings: two or three arms, each a share of shoppers and the ranking
settings (search/ranking.py) they search with.

Only a running experiment assigns shoppers (search/experiments.py); at most one runs per
language (an experiment for every language overlaps any other), so a shopper's ranking
never depends on which of two experiments was read first. The admin refuses an overlap,
arms whose shares do not add up to 100 (search/admin_experiments.py) and starting again an
experiment once stopped (its logged searches would mix two periods).
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search.ranking import Ranking

MIN_ARMS, MAX_ARMS = 2, 3
MAX_POPULARITY_WEIGHT = 10.0


class Experiment(models.Model):
    DRAFT, RUNNING, STOPPED = "draft", "running", "stopped"
    STATUSES = [(DRAFT, _("draft")), (RUNNING, _("running")), (STOPPED, _("stopped"))]

    name = models.CharField(_("name"), max_length=100, help_text=_("for staff: what the experiment tries"))
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("empty: every language"))
    status = models.CharField(_("status"), max_length=8, choices=STATUSES, default=DRAFT,
                              help_text=_("stopping returns every shopper to the default ranking"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True, editable=False)

    class Meta:
        app_label = "search"
        ordering = ["-id"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk:
            before = Experiment.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if before == self.STOPPED and self.status != self.STOPPED:
                raise ValidationError({"status": gettext(
                    "A stopped experiment cannot run again: copy it into a new one.")})
            if before == self.RUNNING and self.status == self.DRAFT:
                raise ValidationError({"status": gettext("A running experiment can only be stopped.")})
        if self.status == self.RUNNING:
            others = Experiment.objects.exclude(pk=self.pk).filter(status=self.RUNNING)
            if self.language:
                others = others.filter(Q(language="") | Q(language=self.language))
            other = others.first()
            if other:
                raise ValidationError({"status": gettext(
                    "Experiment “%(other)s” is running for the same language; stop it first.") % {"other": other}})

    def save(self, *args, **kwargs):
        """Records when it started and stopped (the period its results cover)."""
        if self.status == self.RUNNING and not self.started_at:
            self.started_at = timezone.now()
        if self.status == self.STOPPED and not self.stopped_at:
            self.stopped_at = timezone.now()
            self.started_at = self.started_at or self.stopped_at
        super().save(*args, **kwargs)


class ExperimentArm(models.Model):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="arms",
                                   verbose_name=_("experiment"))
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. control, popular"))
    share = models.PositiveSmallIntegerField(
        _("traffic share"), validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("percent of shoppers; the arms' shares add up to 100"))
    popularity_weight = models.FloatField(
        _("popularity weight"), default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(MAX_POPULARITY_WEIGHT)],
        help_text=_("the boost from shoppers' clicks; 0 turns it off"))
    rules = models.BooleanField(_("rules on"), default=True,
                                help_text=_("staff's boost, bury, banner and redirect rules act"))

    class Meta:
        app_label = "search"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["experiment", "name"], name="experiment_arm_name")]
        verbose_name = _("arm")
        verbose_name_plural = _("arms")

    def __str__(self):
        return self.name


class ExperimentDay(models.Model):
    """An experiment's first-page searches per day (shop's time zone) and arm, rolled up with the
    analytics (search/analytics_rollup.py, hourly), so the figures of an experiment of a million
    searches read a few rows (search/selectors/experiments.py). Each search's clicks (distinct
    products) are counted when its day is rolled up; `clicks_squared` sums their squares, for
    the variance of clicks per search. Ids, no foreign keys: the log outlives an experiment."""

    day = models.DateField()
    experiment = models.BigIntegerField()
    arm = models.BigIntegerField(null=True)
    searches = models.PositiveIntegerField()
    zero_results = models.PositiveIntegerField()
    clicked_searches = models.PositiveIntegerField()
    clicks = models.BigIntegerField()
    clicks_squared = models.BigIntegerField()

    class Meta:
        app_label = "search"
        indexes = [models.Index(fields=["experiment", "day"], name="experiment_day")]


@dataclass(frozen=True)
class RunningArm:
    id: int
    share: int  # percent
    ranking: Ranking  # the arm's settings, with its experiment and arm ids


@dataclass(frozen=True)
class RunningExperiment:
    id: int
    language: str  # "": every language
    arms: tuple[RunningArm, ...]


def running_experiments() -> tuple[RunningExperiment, ...]:
    """The running experiments as plain values, each process's copy (search/rules.py): an
    experiment for one language before one for every language."""
    found = Experiment.objects.filter(status=Experiment.RUNNING).prefetch_related("arms")
    return tuple(
        RunningExperiment(experiment.id, experiment.language, tuple(
            RunningArm(arm.id, arm.share, Ranking(name=arm.name, popularity_weight=arm.popularity_weight,
                                                  rules=arm.rules, experiment=experiment.id, arm=arm.id))
            for arm in experiment.arms.all()))
        for experiment in sorted(found, key=lambda experiment: (not experiment.language, experiment.id)))
