"""Pages for signed-in people (SEN detail, families' contact details) are never kept by the browser or a cache on
the way: every such response says `private, no-store`; static files stay cacheable."""

import pytest
from django.urls import reverse


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "who, url",
    [
        ("senco", lambda pupil: reverse("pupils:pupil_detail", args=[pupil.pk])),
        ("senco", lambda pupil: reverse("pupils:register_export")),
        ("senco", lambda pupil: reverse("pupils:register")),
        ("teacher", lambda pupil: reverse("pupils:pupil_detail", args=[pupil.pk])),
        ("parent_a", lambda pupil: reverse("portal:home")),
        ("parent_a", lambda pupil: reverse("portal:child", args=[pupil.pk])),
        ("parent_a", lambda pupil: reverse("portal:plan", args=[pupil.pk])),
    ],
)
def test_signed_in_pages_are_not_stored(client, request, pupil_a, who, url):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url(pupil_a))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_redirects_and_refusals_to_signed_in_people_are_not_stored_either(client, office, pupil_a):
    client.force_login(office)

    refused = client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk]))

    assert refused.status_code in (403, 404)
    assert {"private", "no-store"} <= directives(refused)


def test_a_pdfs_own_header_is_kept(client, senco, pupil_a):
    client.force_login(senco)

    response = client.get(reverse("documents:profile_pdf", args=[pupil_a.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_never_cache_page_keeps_its_own_fuller_header(client, senco):
    client.force_login(senco)

    response = client.get(reverse("security:account"))

    assert {"no-cache", "no-store", "must-revalidate", "private"} <= directives(response)


def test_static_files_stay_cacheable_for_signed_in_people(client, senco, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the app folders, as `make run` does, without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(senco)

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert "no-store" not in directives(response)
