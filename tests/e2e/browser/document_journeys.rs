//! After submission, in the browser: the operator asks at a desk, the runner answers from
//! the emailed link on a phone with a photo taken there, and sends a document of the
//! checklist, and corrects a typo in the name; the operator finds the answer first, opens
//! the entry, sees what changed since they looked, and accepts the photo.

use pim_domain::{Organisation, document_samples};
use serde_json::{Value, json};

use super::stack::{PASSWORD, Stack};
use super::{Browser, Viewport};

/// Registers a runner from Germany through the JSON API; returns the reference.
pub(super) async fn register(stack: &Stack) -> String {
    let mut body: serde_json::Map<String, Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    body.insert("passport_expiry".into(), json!("2036-02-02"));
    let response = reqwest::Client::new().post(stack.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

/// A photo as the phone's camera leaves it: with its GPS position and camera model.
fn photo_on_disk() -> String {
    let folder = crate::app::fresh_dir("phone-camera");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("IMG_0412.jpg");
    std::fs::write(&path, document_samples::jpeg(true)).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_answers_a_request_for_information_with_a_photo_on_a_phone() {
    let Some(mut desk) = Browser::open("operator-asks", Viewport::Desktop).await else { return };
    let Some(mut phone) = Browser::open("runner-answers", Viewport::Phone).await else { return };
    let stack = Stack::start("answer", &[("ops@koryo.example", Organisation::LicensedOperator)]).await;
    let reference = register(&stack).await;

    desk.goto(&stack.url("/admin/login")).await;
    desk.type_into("email", "ops@koryo.example").await;
    desk.type_into("password", PASSWORD).await;
    desk.click("button[type=submit]").await;
    desk.wait_for_page("/admin/entries", "table.entries").await;
    desk.goto(&stack.url(&format!("/admin/entries/{reference}"))).await;
    desk.type_into("note", "Please send a photo of your face for the visa.").await;
    desk.click("form.review button[value=request_information]").await;
    desk.wait_for_text("section.notice.done[role=status]", "Done: more information is asked for").await;

    // On the phone: the link in the email, the question, the answer with a photo.
    let email = stack.email("more information needed").await;
    assert!(email.contains("Please send a photo of your face"), "{email}");
    phone.goto(&stack.link_in(&email, "/registrations/")).await;
    phone.wait_for_page("/registrations/", "form.answer").await;
    assert!(phone.text(".question").await.contains("Please send a photo of your face"));
    phone.assert_accessible("status-question").await;
    phone.type_into("answer", "Here is my photo, taken today.").await;
    phone.find("#answer-files").await.send_keys(&photo_on_disk()).await.unwrap();
    phone.click("form.answer button[type=submit]").await;
    let notice = phone.wait_for_text("section.notice", "Thank you").await;
    assert!(notice.contains("your answer is sent"), "{notice}");
    assert!(phone.text("dd.status").await.starts_with("Answer received"));
    assert!(phone.text(".sent-files").await.contains("IMG_0412.jpg"));
    phone.assert_accessible("status-answered").await;

    // A document of the checklist, from the same page.
    phone.find("#file-passport_data_page").await.send_keys(&photo_on_disk()).await.unwrap();
    phone.click("form.upload:has(#file-passport_data_page) button[type=submit]").await;
    phone.wait_for_text("section.notice", "Thank you: the document is received").await;
    assert!(phone.text(".checklist").await.contains("Received: IMG_0412.jpg"));
    phone.assert_accessible("status-documents").await;

    // A typo in the family name, corrected from the same page.
    phone.click("a.details-link").await;
    phone.wait_for_page("/registrations/", "form.details").await;
    phone.assert_accessible("details").await;
    phone.find("#family_name").await.clear().await.unwrap();
    phone.type_into("family_name", "Schmitt").await;
    phone.click("form.details button[type=submit]").await;
    phone.wait_for_text("section.notice", "Done: your details are corrected").await;
    assert!(phone.text(".timeline").await.contains("Family name: Schmidt → Schmitt"));
    phone.assert_accessible("details-corrected").await;
    assert!(stack.email("answer received").await.contains("Here is my photo, taken today."));

    // At the desk: the answer comes first, and the photo opens without its location.
    desk.goto(&stack.url("/admin/entries")).await;
    assert!(desk.text(".answered").await.contains("1 runner has answered"));
    desk.assert_accessible("entries-answered").await;
    desk.click(&format!(".answered a.reference[href='/admin/entries/{reference}']")).await;
    desk.wait_for_page(&format!("/admin/entries/{reference}"), "table.documents").await;
    assert!(desk.text("table.trail").await.contains("Here is my photo, taken today."));
    assert_eq!(desk.text(".missing-documents").await, "Not received yet: Passport photo.");
    assert!(desk.text(".changed-since").await.contains("Family name: Schmidt → Schmitt"));
    desk.assert_accessible("entry-with-documents").await;
    let href = desk.find("a.document-link").await.attr("href").await.unwrap().unwrap();
    let fetch = "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(Array.from(new Uint8Array(b))), e => done('failed: ' + e));";
    let bytes = desk.client.execute_async(fetch, vec![json!(href)]).await.unwrap();
    let bytes: Vec<u8> = serde_json::from_value(bytes).unwrap();
    assert_eq!(bytes, document_samples::jpeg(false), "the photo as stored: no GPS, no camera");
    desk.click("form.document-review button[value=accept]").await;
    desk.wait_for_text("section.notice.done[role=status]", "Done: the document is accepted").await;
    desk.assert_accessible("entry-document-accepted").await;
    desk.close().await;
    phone.close().await;
}
