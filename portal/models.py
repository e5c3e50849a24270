from django.db import models


class Reach(models.TextChoices):
    LOCAL = "local", "Near you"
    NATIONAL = "national", "Across the country"


class SupportService(models.Model):
    """A service outside school that helps families of children with SEND, listed for parents in the portal.

    Kept as data: each school adds its own local offer and information, advice and support service (SENDIASS).
    """

    name = models.CharField(max_length=150)
    what_they_do = models.TextField(help_text="One or two short sentences in everyday words.")
    reach = models.CharField(max_length=10, choices=Reach.choices, default=Reach.LOCAL)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=10, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["reach", "order", "name"]
        verbose_name = "support service for families"
        verbose_name_plural = "support services for families"

    def __str__(self) -> str:
        return self.name
