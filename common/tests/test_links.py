from django.urls import reverse

from common.links import link_to


def test_a_link_is_the_path_reverse_gives():
    for name in ("pupils:pupil_detail", "meetings:detail", "meetings:action_status"):
        link = link_to(name)
        assert [link(pk) for pk in (1, 42, 1234567)] == [reverse(name, args=[pk]) for pk in (1, 42, 1234567)]
