"""The admin's pages in the browser: registering a committee sent empty, changing one, an account and the
confirmation before deactivating it, and the person form with its senior contact. Each is checked with axe-core,
and the error summary links to each field at fault. Nothing is saved, so it changes no data other tests use."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def sign_in_as_the_admin(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail address").fill("admin@example.org")
    page.get_by_label("Password", exact=True).fill("demo-admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, ")


def assert_each_error_links_to_its_field(page: Page) -> set[str]:
    """Every link in the error summary points at one field on the page that carries the same message."""
    targets = set()
    for link in page.locator(".govuk-error-summary__list a").all():
        target = link.get_attribute("href") or ""
        field = page.locator(target)
        expect(field, f"no field {target} for the error {link.inner_text()!r}").to_have_count(1)
        group = page.locator(".govuk-form-group--error").filter(has=field)
        expect(group.locator(".govuk-error-message")).to_contain_text(link.inner_text())
        targets.add(target)
    return targets


def test_the_admins_pages_are_accessible_and_their_errors_link_to_the_fields(open_page, journey) -> None:
    admin = journey("admin")
    page: Page = open_page()
    sign_in_as_the_admin(page)

    # The admin registers a committee but sends the form empty: nothing is registered, each problem is linked.
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name="Register a committee").click()
    admin.step(page, "register-committee", axe="register a committee")
    page.get_by_role("button", name="Register committee").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert assert_each_error_links_to_its_field(page) == {"#short-name", "#name", "#public"}
    admin.step(page, "register-committee-errors", axe="register a committee (form errors)")

    # The committee's details, with the name cleared: refused, and the name field is named.
    page.goto("/committees")
    page.get_by_role("link", name="Change the details of HOSC").click()
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save changes").click()
    assert assert_each_error_links_to_its_field(page) == {"#name"}
    admin.step(page, "change-committee-errors", axe="change a committee (form errors)")

    # An account, and the question asked before deactivating it.
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="director.ics@example.org").click()
    expect(page.get_by_role("heading", level=2, name="API tokens")).to_be_visible()
    admin.step(page, "account", axe="an account")
    page.get_by_role("button", name="Deactivate this account").click()
    expect(page.get_by_role("button", name="Yes, deactivate the account")).to_be_visible()
    admin.step(page, "deactivate-confirm", axe="deactivating an account")

    # A person, with the senior contact among their details and in the form.
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Alison Roberts").click()
    page.get_by_text("Correct these details").click()
    expect(page.get_by_label("Senior contact (optional)")).to_be_visible()
    admin.step(page, "person", axe="a person")
    admin.assert_no_serious_accessibility_violations()
