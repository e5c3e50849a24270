"""A section's answers are one form per question shown: a post with more or fewer forms is refused whole."""

import pytest

from audits.models import AuditResponse

from .test_running import answers_post, make_audit, respond_url


@pytest.mark.parametrize("forms", [14, 16])
def test_answers_for_another_number_of_questions_are_refused_and_nothing_saved(client, senco, forms):
    audit = make_audit(senco)
    client.force_login(senco)
    client.post(respond_url(audit), answers_post([{"rating": "partly"}] + [{} for _ in range(14)]))

    response = client.post(respond_url(audit), answers_post([{"rating": "in_place"}] + [{} for _ in range(forms - 1)]))

    assert response.status_code == 400
    assert "Nothing was saved." in response.content.decode()
    assert list(AuditResponse.objects.values_list("rating", flat=True)) == ["partly"]


def test_answers_without_the_count_of_forms_are_refused(client, senco):
    audit = make_audit(senco)
    client.force_login(senco)
    data = answers_post([{"rating": "in_place"}] + [{} for _ in range(14)])
    del data["answers-TOTAL_FORMS"]

    assert client.post(respond_url(audit), data).status_code == 400
    assert not AuditResponse.objects.exists()
