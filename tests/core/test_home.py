from django.urls import reverse

from safeguarding.accounts.roles import Role


def test_each_persona_lands_on_its_home_page_with_an_empty_state(personas, partnership, client_as):
    for role, user in personas.items():
        response = client_as(user).get(reverse("core:start"), follow=True)
        assert response.status_code == 200, role
        assert response.redirect_chain[-1][0] == reverse("core:home", args=[partnership.slug])
        page = response.content.decode()
        assert role.label in page
        assert "Nothing is due for you yet" in page


def test_a_user_of_another_partnership_gets_404(partnership, outsider, client_as):
    response = client_as(outsider).get(reverse("core:home", args=[partnership.slug]))
    assert response.status_code == 404


def test_business_unit_sees_the_agency_directory(personas, agency, partnership, client_as):
    response = client_as(personas[Role.BUSINESS_UNIT]).get(
        reverse("core:agency_list", args=[partnership.slug])
    )
    assert response.status_code == 200
    assert "Testshire Police" in response.content.decode()
