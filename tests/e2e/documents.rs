//! After submission: the operator asks, the runner answers with files from the emailed
//! status link, the operator reads them (audited) and decides; the documents of the
//! checklist, each file checked by its bytes, refused ones leaving nothing behind.

use mail_parser::MessageParser;
use pim_domain::{Organisation, document_samples};
use pim_store::DocumentView;
use reqwest::multipart::{Form, Part};
use scraper::Html;
use sqlx::Row;

use crate::admin::{act, amateur, page, signed_in, status_of};
use crate::app::{TestApp, attr_of, select, spawn_app, text_of};
use crate::email::{dispatcher, settings};
use crate::smtp::SmtpServer;

/// A file part as a browser sends it: the name and the type the device declares.
fn file(name: &str, declared: &str, bytes: Vec<u8>) -> Part {
    Part::bytes(bytes).file_name(name.to_owned()).mime_str(declared).unwrap()
}

/// Posts a multipart form from the status page at `path` to `action` (`answer` or
/// `documents`), with the page's anti-forgery token. The status and the page shown.
async fn send(app: &TestApp, path: &str, action: &str, form: Form) -> (u16, Html) {
    let (_, page) = app.get_html(path).await;
    let csrf = attr_of(&page, "input[name=csrf_token]", "value");
    let form = form.text("csrf_token", csrf);
    let response = app.client.post(app.url(&format!("{path}/{action}"))).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    if status == 303 {
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let (_, page) = app.get_html(&location).await;
        return (status, page);
    }
    (status, Html::parse_document(&response.text().await.unwrap()))
}

/// Uploads one document of the checklist.
async fn upload(app: &TestApp, path: &str, kind: &str, part: Part) -> (u16, Html) {
    send(app, path, "documents", Form::new().text("kind", kind.to_owned()).part("file", part)).await
}

async fn document_count(app: &TestApp) -> usize {
    app.query_rows("SELECT id FROM documents").await.len()
}

/// The emails the SMTP server received, as (subject, text part).
fn emails(smtp: &SmtpServer) -> Vec<(String, String)> {
    smtp.received()
        .iter()
        .map(|raw| {
            let message = MessageParser::default().parse(raw).unwrap();
            (message.subject().unwrap_or_default().to_owned(), message.body_text(0).unwrap().into_owned())
        })
        .collect()
}

/// The status link in an email's text: the path of its first `/registrations/` link that
/// is not the recovery page's.
fn status_link_in(text: &str) -> String {
    let url = text
        .split_whitespace()
        .find(|word| word.contains("/registrations/") && !word.contains("/recover"))
        .expect("a status link in the email");
    url[url.find("/registrations/").unwrap()..].to_owned()
}

/// An admin page, as `client` sees it (tests here name their pages `page`).
async fn page_of(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Html) {
    page(app, client, path).await
}

/// A new entry through the API: its reference and the path of its status page, from the
/// confirmation email waiting in the outbox.
async fn registered(app: &TestApp, nationality: &str, passport: &str) -> (String, String) {
    let reference = amateur(app, nationality, passport).await;
    let payload: String = app.query_rows("SELECT payload FROM outbox ORDER BY id DESC").await[0].get("payload");
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let url = payload["status_url"].as_str().unwrap();
    (reference, url[url.find("/registrations/").unwrap()..].to_owned())
}

#[tokio::test]
async fn the_runner_answers_with_a_jpeg_and_a_pdf_from_the_emailed_link_and_the_operator_reads_them_and_accepts() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let mail = dispatcher(&app, &smtp.url(), settings()).await;
    let (reference, _) = registered(&app, "DE", "E5000001").await;
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;

    let question = "Please send a scan of your 2025 visa.";
    let (status, _) = act(&app, &koryo, &reference, "request_information", question).await;
    assert_eq!(status, 303);
    mail.dispatch_all_due().await.unwrap();
    let (subject, text) = emails(&smtp).into_iter().find(|(s, _)| s.contains("more information needed")).unwrap();
    assert!(subject.contains(&reference) && text.contains(question), "{text}");
    let link = status_link_in(&text);

    // The status page shows the question and a form for the answer.
    let (status, page) = app.get_html(&link).await;
    assert_eq!(status, 200);
    assert!(text_of(&page, ".question").contains(question));
    assert!(!select(&page, "form.answer input[type=file][multiple]").is_empty());

    let answer = "Attached: my old visa and the photo page.";
    let form = Form::new()
        .text("answer", answer)
        .part("files", file("IMG_2041.jpg", "image/jpeg", document_samples::jpeg(true)))
        .part("files", file("visa 2025.pdf", "application/pdf", document_samples::pdf()));
    let (status, page) = send(&app, &link, "answer", form).await;
    assert_eq!(status, 303);
    assert!(text_of(&page, ".notice").contains("your answer is sent"), "{}", text_of(&page, "main"));
    assert!(text_of(&page, ".status").starts_with("Answer received"));
    assert!(text_of(&page, ".timeline").contains("You answered"));
    assert!(text_of(&page, ".timeline").contains(answer));
    assert!(text_of(&page, ".sent-files").contains("IMG_2041.jpg (JPEG"));
    assert_eq!(status_of(&app, &reference).await, "information_provided");
    mail.dispatch_all_due().await.unwrap();
    assert!(emails(&smtp).iter().any(|(subject, text)| subject.contains("answer received") && text.contains(answer)));

    // The operator finds it first on the list, with its answer and both files.
    let (_, list) = page_of(&app, &koryo, "/admin/entries").await;
    assert!(text_of(&list, ".answered").contains("1 runner has answered"), "{}", text_of(&list, "main"));
    assert_eq!(text_of(&list, ".answered a.reference"), reference);
    let entry_path = format!("/admin/entries/{reference}");
    let (_, entry) = page_of(&app, &koryo, &entry_path).await;
    assert!(text_of(&entry, ".trail").contains(answer));
    let links: Vec<String> =
        select(&entry, "a.document-link").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    assert_eq!(links.len(), 2, "{}", text_of(&entry, "main"));
    let mut received = Vec::new();
    for link in &links {
        let response = koryo.get(app.url(link)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
        let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
        received.push((kind, response.bytes().await.unwrap().to_vec()));
    }
    received.sort();
    assert_eq!(received[0], ("application/pdf".to_owned(), document_samples::pdf()));
    assert_eq!(received[1], ("image/jpeg".to_owned(), document_samples::jpeg(false)), "without its EXIF");
    let views = app.query_rows("SELECT actor FROM audit_log WHERE action = 'document_viewed'").await;
    assert_eq!(views.len(), 2, "each view is audited");
    assert_eq!(views[0].get::<String, _>("actor"), "ops@koryo.example");

    // Nobody else's: the other organisations get 404 for the entry and its files; the
    // secretariat reads them, audited.
    for (email, organisation) in
        [("m@ministry.example", Organisation::Ministry), ("a@agency.example", Organisation::StateAgency)]
    {
        let other = signed_in(&app, email, organisation).await;
        assert_eq!(page_of(&app, &other, &entry_path).await.0, 404, "{email}: the entry");
        for link in &links {
            assert_eq!(other.get(app.url(link)).send().await.unwrap().status().as_u16(), 404, "{email}: {link}");
        }
    }
    let secretariat = signed_in(&app, "s@race.example", Organisation::Secretariat).await;
    assert_eq!(secretariat.get(app.url(&links[0])).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(app.query_rows("SELECT id FROM audit_log WHERE action = 'document_viewed'").await.len(), 3);
    // The runner's status page never serves the files.
    assert!(select(&app.get_html(&link).await.1, "a[href*='/documents/']").is_empty());

    let (status, _) = act(&app, &koryo, &reference, "accept", "Welcome to Pyongyang.").await;
    assert_eq!(status, 303);
    assert_eq!(status_of(&app, &reference).await, "accepted");
}

#[tokio::test]
async fn a_second_question_and_answer_follow_the_first_and_both_are_in_the_history() {
    let app = spawn_app().await;
    let (reference, original) = registered(&app, "DE", "E5000002").await;
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;
    let mut emailed = Vec::new();
    for (round, question) in ["Which hotel?", "And your flight number?"].into_iter().enumerate() {
        assert_eq!(act(&app, &koryo, &reference, "request_information", question).await.0, 303);
        // Each request emails a new link; the latest is the one that works.
        let payload: String =
            app.query_rows("SELECT payload FROM outbox WHERE kind = 'information_requested' ORDER BY id DESC").await[0]
                .get("payload");
        let link = status_link_in(
            serde_json::from_str::<serde_json::Value>(&payload).unwrap()["status_url"].as_str().unwrap(),
        );
        let (status, _) = send(&app, &link, "answer", Form::new().text("answer", format!("Answer {round}"))).await;
        assert_eq!(status, 303);
        emailed.push(link);
    }
    // The runner's first link keeps working beside the emailed ones, until the runner asks
    // for a new link: then only the new one works.
    assert_eq!(app.get_html(&original).await.0, 200);
    let (_, form) = app.get_html("/registrations/recover").await;
    let csrf = attr_of(&form, "input[name=csrf_token]", "value");
    let fields = [("csrf_token", csrf.as_str()), ("email", "anna@example.org"), ("reference", "")];
    assert_eq!(app.client.post(app.url("/registrations/recover")).form(&fields).send().await.unwrap().status(), 200);
    for link in emailed.iter().chain([&original]) {
        assert_eq!(app.get_html(link).await.0, 404, "{link} replaced by the recovered link");
    }
    let (_, entry) = page_of(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    let trail = text_of(&entry, ".trail");
    for text in ["Which hotel?", "Answer 0", "And your flight number?", "Answer 1"] {
        assert!(trail.contains(text), "{text} in {trail}");
    }
}

#[tokio::test]
async fn an_answer_with_nothing_asked_or_nothing_in_it_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (reference, link) = registered(&app, "DE", "E5000003").await;
    let (status, page) = send(&app, &link, "answer", Form::new().text("answer", "Unasked.")).await;
    assert_eq!(status, 409);
    assert!(text_of(&page, ".notice").contains("no question to answer"));

    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;
    act(&app, &koryo, &reference, "request_information", "Your hotel?").await;
    let payload: String =
        app.query_rows("SELECT payload FROM outbox WHERE kind = 'information_requested'").await[0].get("payload");
    let link =
        status_link_in(serde_json::from_str::<serde_json::Value>(&payload).unwrap()["status_url"].as_str().unwrap());
    let (status, page) = send(&app, &link, "answer", Form::new().text("answer", "  ")).await;
    assert_eq!(status, 422);
    assert!(text_of(&page, ".notice").contains("Write your answer"));
    // An answer whose file is refused is not sent either.
    let form =
        Form::new().text("answer", "Here.").part("files", file("notes.jpg", "image/jpeg", b"plain text".to_vec()));
    assert_eq!(send(&app, &link, "answer", form).await.0, 422);
    assert_eq!(status_of(&app, &reference).await, "information_requested");
    assert_eq!(document_count(&app).await, 0);
    // Without the page's token, nothing happens either.
    let forged = app
        .client
        .post(app.url(&format!("{link}/answer")))
        .multipart(Form::new().text("answer", "Forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    assert_eq!(status_of(&app, &reference).await, "information_requested");
}

#[tokio::test]
async fn the_confirmation_page_lists_the_documents_the_organisation_needs() {
    let app = spawn_app().await;
    let (_, confirmation) = app.follow(app.register(&crate::app::valid_fields()).await).await;
    assert_eq!(text_of(&confirmation, "title"), "Registration received · Pyongyang International Marathon");
    let checklist = text_of(&confirmation, ".checklist");
    assert!(checklist.contains("Passport data page") && checklist.contains("Passport photo"), "{checklist}");
    let upload_link = attr_of(&confirmation, "a[href$='#documents']", "href");
    assert_eq!(app.get_html(&upload_link).await.0, 200, "the checklist's link opens the status page");
}

#[tokio::test]
async fn each_upload_is_answered_clearly_and_a_refused_file_leaves_nothing_behind() {
    let app = spawn_app().await;
    let (reference, link) = registered(&app, "DE", "E5000004").await;
    let (_, page) = app.get_html(&link).await;
    let checklist = text_of(&page, ".checklist");
    assert!(checklist.contains("Passport data page") && checklist.contains("Passport photo"), "{checklist}");
    assert_eq!(select(&page, ".document-state").iter().filter(|s| s.text().any(|t| t == "Not sent yet")).count(), 2);

    let mut too_large = document_samples::jpeg(false);
    too_large.resize(5_000_001, 0);
    let refused = [
        (file("big.jpg", "image/jpeg", too_large), 413, "larger than 5 MB"),
        (
            file("photo.jpg", "image/jpeg", b"this is only text, named photo.jpg".to_vec()),
            422,
            "not a JPEG, PNG or PDF",
        ),
        (file("passport.pdf", "application/pdf", b"MZ\x90\x00\x03\x00\x00\x00 program".to_vec()), 422, "not a JPEG"),
        (file("empty.png", "image/png", Vec::new()), 422, "The file is empty"),
    ];
    for (part, expected, message) in refused {
        let (status, page) = upload(&app, &link, "passport_photo", part).await;
        assert_eq!(status, expected, "{message}");
        let notice = text_of(&page, ".notice");
        assert!(notice.contains(message) && notice.contains("Nothing was saved"), "{notice}");
        assert!(notice.contains("JPEG, PNG or PDF"), "the allowed types are named: {notice}");
    }
    assert_eq!(document_count(&app).await, 0, "nothing stored for a refused file");

    // A PDF the browser calls a JPEG is a PDF: the bytes decide.
    let (status, _) =
        upload(&app, &link, "passport_data_page", file("scan.jpg", "image/jpeg", document_samples::pdf())).await;
    assert_eq!(status, 303);
    // A photo with its GPS position and camera is stored without them.
    let (status, page) =
        upload(&app, &link, "passport_photo", file("me.jpg", "image/jpeg", document_samples::jpeg(true))).await;
    assert_eq!(status, 303);
    assert!(text_of(&page, ".checklist").contains("Received: me.jpg"));
    let stored = stored_documents(&app, &reference).await;
    assert_eq!(stored[0], ("passport_data_page".into(), "application/pdf".into(), document_samples::pdf()));
    assert_eq!(stored[1].1, "image/jpeg");
    assert!(!stored[1].2.windows(11).any(|w| w == b"GPSLatitude"), "no location left in the stored photo");
    assert_eq!(stored[1].2, document_samples::jpeg(false));
    // A document that is not on the checklist is refused.
    let (status, _) =
        upload(&app, &link, "qualifying_result", file("r.pdf", "application/pdf", document_samples::pdf())).await;
    assert_eq!(status, 422);
    assert_eq!(document_count(&app).await, 2);
}

#[tokio::test]
async fn a_document_asked_for_again_is_emailed_with_the_reason_and_replaced_by_the_next_upload() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let mail = dispatcher(&app, &smtp.url(), settings()).await;
    let (reference, link) = registered(&app, "DE", "E5000005").await;
    upload(&app, &link, "passport_photo", file("dark.jpg", "image/jpeg", document_samples::jpeg(false))).await;
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;
    let entry_path = format!("/admin/entries/{reference}");
    let (_, entry) = page_of(&app, &koryo, &entry_path).await;
    assert!(text_of(&entry, ".missing-documents").contains("Passport data page"));
    let action = attr_of(&entry, "form.document-review", "action");
    let csrf = attr_of(&entry, "form.document-review input[name=csrf_token]", "value");

    // Asking again needs a reason.
    let form = [("decision", "refuse"), ("reason", ""), ("csrf_token", csrf.as_str())];
    assert_eq!(koryo.post(app.url(&action)).form(&form).send().await.unwrap().status().as_u16(), 422);
    let reason = "The photo is too dark: take it in daylight.";
    let form = [("decision", "refuse"), ("reason", reason), ("csrf_token", csrf.as_str())];
    assert_eq!(koryo.post(app.url(&action)).form(&form).send().await.unwrap().status().as_u16(), 303);
    mail.dispatch_all_due().await.unwrap();
    let (_, text) = emails(&smtp).into_iter().find(|(s, _)| s.contains("a document needed again")).unwrap();
    assert!(text.contains(reason) && text.contains("Passport photo"), "{text}");
    let link = status_link_in(&text);
    let (_, page) = app.get_html(&link).await;
    assert!(text_of(&page, ".checklist").contains("Asked for again: dark.jpg"));
    assert!(text_of(&page, ".checklist").contains(reason));
    assert!(text_of(&page, ".timeline").contains(reason));

    // Another organisation cannot review it.
    let agency = signed_in(&app, "a@agency.example", Organisation::StateAgency).await;
    let agency_csrf = crate::admin::csrf_from(&agency, &app.url("/admin/entries")).await;
    let form = [("decision", "accept"), ("reason", ""), ("csrf_token", agency_csrf.as_str())];
    assert_eq!(agency.post(app.url(&action)).form(&form).send().await.unwrap().status().as_u16(), 404);

    let (status, page) =
        upload(&app, &link, "passport_photo", file("daylight.jpg", "image/jpeg", document_samples::jpeg(false))).await;
    assert_eq!(status, 303);
    assert!(text_of(&page, ".checklist").contains("Received: daylight.jpg"));
    let names: Vec<String> =
        app.query_rows("SELECT file_name FROM documents").await.iter().map(|row| row.get("file_name")).collect();
    assert_eq!(names, ["daylight.jpg"], "the refused photo is gone");
    let (_, entry) = page_of(&app, &koryo, &entry_path).await;
    let action = attr_of(&entry, "form.document-review", "action");
    let csrf = attr_of(&entry, "form.document-review input[name=csrf_token]", "value");
    let form = [("decision", "accept"), ("reason", ""), ("csrf_token", csrf.as_str())];
    assert_eq!(koryo.post(app.url(&action)).form(&form).send().await.unwrap().status().as_u16(), 303);
    let (_, page) = app.get_html(&link).await;
    assert!(text_of(&page, ".checklist").contains("Accepted: daylight.jpg"));
}

/// Each stored document's kind, type and bytes, as the secretariat would open them.
async fn stored_documents(app: &TestApp, reference: &str) -> Vec<(String, String, Vec<u8>)> {
    let store = app.open_store().await;
    let reference = reference.parse().unwrap();
    let mut stored = Vec::new();
    for line in store.documents(&reference).await.unwrap() {
        let view =
            DocumentView { reference: &reference, channel: None, document_id: line.id, actor: "test", at: app.now() };
        let file = store.open_document(&view).await.unwrap().expect("the document opens");
        stored.push((line.kind.as_str().to_owned(), line.file_type.content_type().to_owned(), file.bytes));
    }
    stored
}
