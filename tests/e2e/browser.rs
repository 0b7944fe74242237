//! The form in a real browser: headless Chromium driven through chromedriver.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them and sets
//! `PIM_BROWSER_TESTS=required`, so CI fails rather than skips when they are missing.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::app::spawn_app;

/// chromedriver on a free port, stopped when dropped.
struct Chromedriver {
    process: Child,
    url: String,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Starts chromedriver, or says why the browser tests cannot run here.
async fn start_chromedriver() -> Option<Chromedriver> {
    let required = std::env::var("PIM_BROWSER_TESTS").is_ok_and(|v| v == "required");
    let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let process = match Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(process) => process,
        Err(error) => {
            assert!(!required, "chromedriver is required but could not start: {error}");
            eprintln!("skipping browser test: chromedriver not found ({error}); install chromium and chromium-driver");
            return None;
        }
    };
    let driver = Chromedriver { process, url: format!("http://127.0.0.1:{port}") };
    // Ready when its status endpoint answers; bounded, never an open-ended sleep.
    for _ in 0..100 {
        if reqwest::get(format!("{}/status", driver.url)).await.is_ok_and(|r| r.status().is_success()) {
            return Some(driver);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not answer within 5 s");
}

async fn browser(driver: &Chromedriver) -> Client {
    // A profile of its own: two browsers on one profile wait on each other's lock.
    let profile = crate::app::fresh_dir("chromium-profile");
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities.as_object().unwrap().clone())
        .connect(&driver.url)
        .await
        .expect("start a Chromium session")
}

async fn displayed(client: &Client, css: &str) -> bool {
    client.find(Locator::Css(css)).await.unwrap().is_displayed().await.unwrap()
}

async fn type_into(client: &Client, name: &str, text: &str) {
    client.find(Locator::Css(&format!("[name={name}]"))).await.unwrap().send_keys(text).await.unwrap();
}

/// Date fields take their value as the browser's picker shows it, which depends on the
/// locale; set the ISO value the form submits instead.
async fn set_date(client: &Client, name: &str, iso: &str) {
    let script = "document.querySelector(`[name=${arguments[0]}]`).value = arguments[1];";
    client.execute(script, vec![json!(name), json!(iso)]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_registers_in_a_phone_sized_browser_and_sees_elite_fields_only_for_elite() {
    let Some(driver) = start_chromedriver().await else { return };
    let app = spawn_app().await;
    let client = browser(&driver).await;
    client.goto(&app.url("/register")).await.unwrap();

    // No category chosen yet: the elite fields show, as they do without CSS support.
    assert!(displayed(&client, "#qualifying_time").await);
    client.find(Locator::Css("#category-amateur")).await.unwrap().click().await.unwrap();
    assert!(!displayed(&client, "#qualifying_time").await, "amateurs do not see elite fields");
    client.find(Locator::Css("#category-elite")).await.unwrap().click().await.unwrap();
    assert!(displayed(&client, "#qualifying_time").await, "elite runners do");
    client.find(Locator::Css("#category-amateur")).await.unwrap().click().await.unwrap();

    type_into(&client, "given_name", "王小明").await;
    type_into(&client, "family_name", "Tan").await;
    type_into(&client, "email", "tan@example.sg").await;
    set_date(&client, "date_of_birth", "1991-08-09").await;
    client.find(Locator::Css("input[name=sex][value=male]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("select[name=nationality]")).await.unwrap().select_by_value("SG").await.unwrap();
    type_into(&client, "passport_number", "E7654321").await;
    set_date(&client, "passport_expiry", "2032-02-02").await;
    client.find(Locator::Css("input[name=distance][value='10k']")).await.unwrap().click().await.unwrap();
    type_into(&client, "emergency_contact_name", "Mei Tan").await;
    type_into(&client, "emergency_contact_phone", "+65 6123 4567").await;
    client.find(Locator::Css("#consent")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();

    client.wait().for_element(Locator::Css(".reference")).await.unwrap();
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Registration received");
    let main = client.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(main.contains("Thank you, 王小明."), "{main}");
    assert!(main.contains("even though Singapore is in Southeast Asia"), "{main}");
    assert_eq!(app.count_registrations().await, 1);

    // The status page: its title is text (the withdrawal form once sat inside <title>),
    // and the runner withdraws by clicking the button.
    client.find(Locator::Css("a[href^='/registrations/']")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("dd.status")).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Your registration · Pyongyang International Marathon");
    client.find(Locator::Css("form.withdraw input[name=confirm]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("form.withdraw button")).await.unwrap().click().await.unwrap();
    // The page after the click: its status, once the new page has replaced the old one.
    let mut status = String::new();
    for _ in 0..100 {
        if let Ok(element) = client.find(Locator::Css("dd.status")).await {
            status = element.text().await.unwrap_or_default();
            if status.starts_with("Withdrawn") {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(status.starts_with("Withdrawn"), "{status}");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_in_the_error_summary_brings_the_field_into_view_with_its_label_and_message() {
    let Some(driver) = start_chromedriver().await else { return };
    let app = spawn_app().await;
    let client = browser(&driver).await;
    client.goto(&app.url("/register")).await.unwrap();
    client.find(Locator::Css("#category-amateur")).await.unwrap().click().await.unwrap();
    type_into(&client, "given_name", "Mei").await;
    type_into(&client, "family_name", "Tan").await;
    type_into(&client, "email", "tan@example.sg").await;
    set_date(&client, "date_of_birth", "1991-08-09").await;
    client.find(Locator::Css("input[name=sex][value=female]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("select[name=nationality]")).await.unwrap().select_by_value("SG").await.unwrap();
    type_into(&client, "passport_number", "E7654321").await;
    // A passport that expires before the DPRK's rule allows: a message beside the field.
    set_date(&client, "passport_expiry", "2027-05-01").await;
    client.find(Locator::Css("input[name=distance][value='10k']")).await.unwrap().click().await.unwrap();
    type_into(&client, "emergency_contact_name", "Li Tan").await;
    type_into(&client, "emergency_contact_phone", "+65 6123 4567").await;
    client.find(Locator::Css("#consent")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("a[href='#passport_expiry']")).await.unwrap();

    client.find(Locator::Css("a[href='#passport_expiry']")).await.unwrap().click().await.unwrap();
    let top_of = |css: &'static str| {
        let client = client.clone();
        async move {
            let script = "return document.querySelector(arguments[0]).getBoundingClientRect().top;";
            client.execute(script, vec![json!(css)]).await.unwrap().as_f64().unwrap()
        }
    };
    let (label, message) = (top_of("label[for=passport_expiry]").await, top_of("#passport_expiry-error").await);
    assert!(label >= 0.0 && message >= 0.0, "the label ({label}) and the message ({message}) are in view");

    // The sign-in page's password field looks like its email field.
    client.goto(&app.url("/admin/login")).await.unwrap();
    let style = |css: &'static str| {
        let client = client.clone();
        async move {
            let script = "const s = getComputedStyle(document.querySelector(arguments[0])); \
                          return [s.borderTopWidth, s.paddingLeft, s.width].join(' ');";
            client.execute(script, vec![json!(css)]).await.unwrap().as_str().unwrap().to_owned()
        }
    };
    assert_eq!(style("#password").await, style("#email").await);
    client.close().await.unwrap();
}
