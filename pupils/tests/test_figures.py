from django.urls import reverse

from .factories import PupilFactory


def test_figures_hide_counts_small_enough_to_identify_a_child(client, head):
    PupilFactory.create_batch(4, primary_need="SEMH", year_group=9, legal_last_name="Quennell")
    PupilFactory(primary_need="VI", year_group=3, sen_status="E", legal_last_name="Vasquez-Orme")
    client.force_login(head)
    response = client.get(reverse("pupils:figures"))
    figures = response.context["figures"]
    assert ("Social, emotional and mental health (SEMH)", "4") in figures["by_need"]
    assert ("Vision impairment (VI)", "fewer than 3") in figures["by_need"]
    assert ("EHC plan", "fewer than 3") in figures["by_status"]
    assert ("Year 9", "4") in figures["by_year"]
    page = response.content.decode()
    assert "Quennell" not in page and "Vasquez-Orme" not in page  # names are never shown, only counts
