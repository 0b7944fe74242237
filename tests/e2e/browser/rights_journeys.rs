//! The runner's rights in the browser, on a phone: from the emailed status link, the copy
//! of their data is offered and erasure is asked for; the link in the email that follows
//! confirms it; the operator at the desk then sees only that the entry was erased.

use pim_domain::Organisation;

use super::stack::{PASSWORD, Stack};
use super::{Browser, Viewport};

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_asks_for_erasure_on_a_phone_and_confirms_it_from_the_email() {
    let Some(mut phone) = Browser::open("runner-erases", Viewport::Phone).await else { return };
    let Some(mut desk) = Browser::open("operator-sees-erased", Viewport::Desktop).await else { return };
    let stack = Stack::start("erasure", &[("ops@koryo.example", Organisation::LicensedOperator)]).await;
    let reference = super::document_journeys::register(&stack).await;

    let email = stack.email("registration received").await;
    phone.goto(&stack.link_in(&email, "/registrations/")).await;
    phone.wait_for_page("/registrations/", "form.erasure").await;
    let copy = phone.find("#your-data + p a").await.attr("href").await.unwrap().unwrap();
    assert!(copy.ends_with("/data.json"), "{copy}");
    phone.click("form.erasure input[name=confirm]").await;
    phone.click("form.erasure button[type=submit]").await;
    let notice = phone.wait_for_text("section.notice", "We have emailed you a link").await;
    assert!(notice.contains("Nothing is erased until you open it"), "{notice}");
    phone.assert_accessible("status-erasure-asked").await;

    let email = stack.email("confirm the erasure of your entry").await;
    phone.goto(&stack.link_in(&email, "/erasure/")).await;
    phone.wait_for_page("/erasure/", "form button[type=submit]").await;
    assert!(phone.text("main").await.contains("Your entry holds a place: it goes to the next runner waiting."));
    phone.assert_accessible("erasure-confirm").await;
    phone.click("form button[type=submit]").await;
    phone.wait_for_text("h1", "Your entry is erased").await;
    phone.assert_accessible("erasure-done").await;

    desk.goto(&stack.url("/admin/login")).await;
    desk.type_into("email", "ops@koryo.example").await;
    desk.type_into("password", PASSWORD).await;
    desk.click("button[type=submit]").await;
    desk.wait_for_page("/admin/entries", "main").await;
    desk.goto(&stack.url(&format!("/admin/entries/{reference}"))).await;
    let shown = desk.wait_for_text("main p", "This entry was erased at the runner's request on").await;
    assert!(!desk.text("main").await.contains("Schmidt"), "{shown}");
    desk.assert_accessible("entry-erased").await;
    desk.close().await;
    phone.close().await;
}
