"""The Create-dataset flow as a person does it, in a real Chromium."""

from playwright.sync_api import Page, expect

from tests.conftest import Api
from tests.e2e.browser import (
    card,
    choose_pipeline,
    count_named,
    create_button,
    description_field,
    highlight_option,
    idle,
    name_field,
    screenshot,
    tab_to,
    type_pipeline,
    unique,
    violations,
)

XSS_NAME = "**x** <img src=x onerror=alert(1)> [y](javascript:alert(1))"


def test_create_by_slug_shows_the_card_and_exists_in_the_sandbox(page: Page, faulty_api: Api) -> None:
    name = unique("Refund tone")
    screenshot(page, "01-empty-form")
    choose_pipeline(page, "Support Chatbot (support-chatbot)")
    expect(page.locator(".st-key-pipeline_preview")).to_contain_text("Golden dataset: Billing questions")
    name_field(page).fill(name)
    description_field(page).fill("Polite refusals\nand apologies")
    create_button(page).click()
    expect(card(page)).to_be_visible()
    expect(card(page).get_by_role("heading", name=name)).to_be_visible()
    expect(card(page)).to_contain_text("Support Chatbot")
    expect(card(page)).to_contain_text("Slug: support-chatbot")
    expect(card(page)).to_contain_text("(Europe/Berlin)")
    expect(page.get_by_text("Dataset created.")).to_be_visible()
    screenshot(page, "03-success-card")
    (created,) = [d for d in faulty_api.get("/datasets").json()["data"] if d["name"] == name]
    expect(card(page)).to_contain_text(created["id"])
    assert created["description"] == "Polite refusals\nand apologies"
    expect(page.get_by_test_id("stSidebar")).to_contain_text(name)


def test_create_by_id(page: Page, faulty_api: Api) -> None:
    name = unique("By id")
    pipeline = faulty_api.pipeline("contract-review")
    page.get_by_text("ID", exact=True).click()
    expect(page.get_by_role("combobox", name="Pipeline ID")).to_be_visible()
    idle(page)
    choose_pipeline(page, f"Contract Review (contract-review) · {pipeline['id']}", label="Pipeline ID")
    name_field(page).fill(name)
    create_button(page).click()
    expect(card(page)).to_contain_text("Contract Review")
    (created,) = [d for d in faulty_api.get("/datasets").json()["data"] if d["name"] == name]
    assert created["pipelineId"] == pipeline["id"]


def test_field_errors_keep_the_other_inputs(page: Page, faulty_api: Api) -> None:
    before = len(faulty_api.get("/datasets").json()["data"])
    page.get_by_text("ID", exact=True).click()
    expect(page.get_by_role("combobox", name="Pipeline ID")).to_be_visible()
    idle(page)
    type_pipeline(page, "1234-not-a-uuid", label="Pipeline ID")
    expect(page.get_by_text("A pipeline id looks like").first).to_be_visible()
    description_field(page).fill("Kept after the error")
    create_button(page).click()
    idle(page)
    expect(page.get_by_text("Give the dataset a name.")).to_be_visible()
    expect(page.get_by_text("Fix the 2 highlighted fields before creating the dataset.")).to_be_visible()
    expect(description_field(page)).to_have_value("Kept after the error")
    expect(page.get_by_role("textbox", name="Pipeline ID")).to_have_value("1234-not-a-uuid")
    screenshot(page, "02-form-with-errors")
    assert len(faulty_api.get("/datasets").json()["data"]) == before


def test_unknown_slug_shows_the_pipeline_error(page: Page) -> None:
    type_pipeline(page, "ghost-pipeline")
    expect(page.get_by_text("is not in the list of pipelines")).to_be_visible()
    name = unique("Lost")
    name_field(page).fill(name)
    create_button(page).click()
    expect(page.get_by_text("No pipeline with the slug “ghost-pipeline” exists in Gentrace.")).to_be_visible()
    expect(name_field(page)).to_have_value(name)
    expect(page.get_by_role("textbox", name="Pipeline slug")).to_have_value("ghost-pipeline")
    idle(page)

    # Back to the list; "support" and Enter takes the pipeline that matches, and the old errors go at once.
    page.get_by_text("It is not in the list", exact=False).click()
    box = page.get_by_role("combobox", name="Pipeline slug")
    box.click()
    page.keyboard.type("support")
    expect(page.get_by_role("option").first).to_have_text("Support Chatbot (support-chatbot)")
    highlight_option(page, box, "Support Chatbot (support-chatbot)")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Support Chatbot (support-chatbot)")
    expect(page.locator(".st-key-pipeline_preview")).to_contain_text("Support Chatbot")
    expect(page.get_by_text("No pipeline with the slug")).to_have_count(0)
    expect(page.get_by_text("The dataset was not created")).to_have_count(0)
    expect(name_field(page)).to_have_value(name)


def test_double_click_creates_exactly_one_dataset(page: Page, faulty_api: Api) -> None:
    name = unique("Double click")
    choose_pipeline(page, "Meeting Notes (meeting-notes)")
    name_field(page).fill(name)
    create_button(page).dblclick()
    expect(card(page)).to_be_visible()
    idle(page)
    assert count_named(faulty_api, name) == 1


def test_enter_pressed_twice_creates_exactly_one_dataset(page: Page, faulty_api: Api) -> None:
    name = unique("Enter twice")
    choose_pipeline(page, "Meeting Notes (meeting-notes)")
    name_field(page).fill(name)
    page.keyboard.press("Enter")  # the keys go wherever focus is, as a person's would: the Name field first
    page.keyboard.press("Enter")
    expect(card(page)).to_be_visible()
    idle(page)
    assert count_named(faulty_api, name) == 1


def test_the_whole_flow_works_with_the_keyboard_alone(page: Page, faulty_api: Api) -> None:
    name = unique("Keyboard only")
    page.locator("body").focus()
    tab_to(page, "Pipeline slug")
    box = page.get_by_role("combobox", name="Pipeline slug")
    page.keyboard.type("sql-assis")
    expect(box).to_have_value("sql-assis")
    expect(page.get_by_role("option")).to_have_count(1)  # the list is filtered to what was typed
    highlight_option(page, box, "SQL Assistant (sql-assistant)")
    page.keyboard.press("Enter")
    expect(box).to_have_value("SQL Assistant (sql-assistant)")
    expect(page.locator(".st-key-pipeline_preview")).to_contain_text("SQL Assistant")
    idle(page)
    tab_to(page, "Golden dataset")
    page.keyboard.press("Space")
    expect(page.get_by_text("This will replace")).to_be_visible()
    idle(page)
    tab_to(page, "Name")
    page.keyboard.type(name)
    tab_to(page, "Description (optional)")
    page.keyboard.type("Typed without a mouse")
    tab_to(page, "Create dataset")
    page.keyboard.press("Enter")
    expect(card(page)).to_be_visible()
    expect(card(page)).to_contain_text("Yes, this is the pipeline's golden dataset.")
    (created,) = [d for d in faulty_api.get("/datasets").json()["data"] if d["name"] == name]
    assert faulty_api.pipeline("sql-assistant")["goldenDatasetId"] == created["id"]


def test_markdown_and_html_in_a_name_are_shown_literally(page: Page) -> None:
    choose_pipeline(page, "Email Summarizer (email-summarizer)")
    name_field(page).fill(XSS_NAME)
    create_button(page).click()
    heading = card(page).get_by_role("heading")
    expect(heading).to_have_text(XSS_NAME)
    assert card(page).locator("img").count() == 0
    assert card(page).locator("a[href^='javascript']").count() == 0
    assert card(page).locator("strong", has_text="x").count() == 0
    expect(page.get_by_test_id("stSidebar")).to_contain_text(XSS_NAME)


def test_create_another_clears_the_form(page: Page) -> None:
    choose_pipeline(page, "Meeting Notes (meeting-notes)")
    name_field(page).fill(unique("First"))
    create_button(page).click()
    page.get_by_role("button", name="Create another dataset").click()
    expect(name_field(page)).to_have_value("")
    expect(description_field(page)).to_have_value("")
    expect(page.get_by_role("combobox", name="Pipeline slug")).to_have_value("")


def test_no_accessibility_violations_on_either_page(page: Page, app_url: str) -> None:
    assert violations(page) == []
    choose_pipeline(page, "Support Chatbot (support-chatbot)")
    page.get_by_text("Golden dataset", exact=True).click()
    expect(page.get_by_text("This will replace")).to_be_visible()
    idle(page)
    create_button(page).click()
    expect(page.get_by_text("Give the dataset a name.")).to_be_visible()
    idle(page)
    assert violations(page) == []
    page.goto(app_url + "/connection")
    expect(page.get_by_role("heading", name="Connection")).to_be_visible()
    idle(page)
    assert violations(page) == []


def test_the_sidebar_lists_the_newest_five_datasets_created_and_how_many_more(page: Page) -> None:
    names = [unique(f"Sidebar {n}") for n in range(6)]
    for name in names:
        choose_pipeline(page, "Support Chatbot (support-chatbot)")
        name_field(page).fill(name)
        create_button(page).click()
        expect(card(page).get_by_role("heading", name=name)).to_be_visible()
        page.get_by_role("button", name="Create another dataset").click()
        expect(page.get_by_role("combobox", name="Pipeline slug")).to_be_visible()
        idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    for name in names[1:]:
        expect(sidebar.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(sidebar.get_by_role("link", name=names[0], exact=True)).to_have_count(0)
    expect(sidebar.get_by_role("link", name="1 more on the Activity page")).to_be_visible()
