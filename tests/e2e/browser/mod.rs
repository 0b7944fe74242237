//! Journeys in a real browser: headless Chromium driven through chromedriver, against a
//! real `pim serve` (see `stack`), each page it visits scanned by axe-core and saved as a
//! screenshot.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them and sets
//! `PIM_BROWSER_TESTS=required`, so CI fails rather than skips when they are missing.
//!
//! A journey is a few lines: `Browser::open`, then `goto` / `click` / `type_into`, then
//! `page.assert_accessible("name")` on each page it reaches (which also saves the
//! screenshot).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

mod document_journeys;
mod harness_checks;
mod operator_journeys;
mod rights_journeys;
mod runner_journeys;
pub mod stack;

/// axe-core, vendored (see vendor/axe-core/README.md).
const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// The rules every page must pass: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's
/// best practices; violations of any impact fail.
const AXE_TAGS: [&str; 7] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];

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
            eprintln!(
                "skipping browser test: chromedriver not found ({error}); install it with \
                 `sudo apt-get install chromium chromium-driver`"
            );
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

/// The screen a journey is seen on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewport {
    /// A runner's phone: 390 x 844 CSS pixels.
    Phone,
    /// An operator's desk: 1280 x 800.
    Desktop,
}

impl Viewport {
    fn size(self) -> (u32, u32) {
        match self {
            Viewport::Phone => (390, 844),
            Viewport::Desktop => (1280, 800),
        }
    }

    /// The other screen: each page is checked on it too.
    fn other(self) -> Viewport {
        match self {
            Viewport::Phone => Viewport::Desktop,
            Viewport::Desktop => Viewport::Phone,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Viewport::Phone => "phone",
            Viewport::Desktop => "desktop",
        }
    }
}

/// One browser on one journey: its pages are scanned and saved under
/// `target/browser-journeys/JOURNEY/`.
pub struct Browser {
    pub client: Client,
    _driver: Chromedriver,
    viewport: Viewport,
    javascript: bool,
    shots: PathBuf,
    taken: usize,
}

/// Where the journeys' screenshots go: a folder per journey under the build's `target/`.
fn screenshot_folder(journey: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let folder = target.join("browser-journeys").join(journey);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("create the screenshot folder");
    folder
}

impl Browser {
    /// A fresh Chromium on `viewport`, or `None` (after saying why) where there is none.
    pub async fn open(journey: &str, viewport: Viewport) -> Option<Browser> {
        Browser::start(journey, viewport, true).await
    }

    /// A fresh Chromium with JavaScript switched off.
    pub async fn open_without_javascript(journey: &str, viewport: Viewport) -> Option<Browser> {
        Browser::start(journey, viewport, false).await
    }

    async fn start(journey: &str, viewport: Viewport, javascript: bool) -> Option<Browser> {
        let driver = start_chromedriver().await?;
        // A profile of its own: two browsers on one profile wait on each other's lock.
        let profile = crate::app::fresh_dir("chromium-profile");
        let (width, height) = viewport.size();
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--lang=en-US", "--hide-scrollbars",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({ "goog:chromeOptions": options });
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&driver.url)
            .await
            .expect("start a Chromium session");
        let shots = screenshot_folder(journey);
        println!("screenshots of {journey} ({}): {}", viewport.name(), shots.display());
        Some(Browser { client, _driver: driver, viewport, javascript, shots, taken: 0 })
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn type_into(&self, name: &str, text: &str) {
        self.find(&format!("[name={name}]")).await.send_keys(text).await.unwrap();
    }

    /// Fills a date field as a person does, by typing it in the en-US order the browser
    /// shows (month, day, year): works with JavaScript off too.
    pub async fn type_date(&self, name: &str, iso: &str) {
        let (year, rest) = iso.split_once('-').unwrap();
        let (month, day) = rest.split_once('-').unwrap();
        self.find(&format!("[name={name}]")).await.send_keys(&format!("{month}{day}{year}")).await.unwrap();
    }

    pub async fn select(&self, name: &str, value: &str) {
        self.find(&format!("select[name={name}]")).await.select_by_value(value).await.unwrap();
    }

    /// The text of the first element matching `css`; read again if the page was being
    /// replaced as it was read.
    pub async fn text(&self, css: &str) -> String {
        for _ in 0..50 {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no text at {css} on {}", self.path().await)
    }

    pub async fn title(&self) -> String {
        self.client.title().await.unwrap()
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Waits (up to 10 s) for the page whose address's path starts with `prefix`, once it
    /// has `css`: the page after a click has replaced the one before.
    pub async fn wait_for_page(&self, prefix: &str, css: &str) {
        for _ in 0..200 {
            if self.path().await.starts_with(prefix) && self.client.find(Locator::Css(css)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no page at {prefix}… with {css}: at {}", self.path().await);
    }

    /// Waits (up to 10 s) until the text at `css` starts with `start`, as after a click
    /// the next page replaces this one; returns it.
    pub async fn wait_for_text(&self, css: &str, start: &str) -> String {
        let mut text = String::new();
        for _ in 0..200 {
            text = self.text(css).await;
            if text.starts_with(start) {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} still reads {text:?}, not {start:?}…");
    }

    pub async fn displayed(&self, css: &str) -> bool {
        self.find(css).await.is_displayed().await.unwrap()
    }

    /// Runs `script` in the page (JavaScript must be on).
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        assert!(self.javascript, "this browser has JavaScript switched off");
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("run {script}: {e}"))
    }

    /// Saves what the browser shows now as `NN-name-VIEWPORT.png`.
    pub async fn screenshot(&mut self, name: &str) {
        self.taken += 1;
        self.save_screenshot(&format!("{:02}-{name}", self.taken), self.viewport).await;
    }

    async fn save_screenshot(&self, stem: &str, viewport: Viewport) {
        let png = self.client.screenshot().await.expect("take a screenshot");
        std::fs::write(self.shots.join(format!("{stem}-{}.png", viewport.name())), png).expect("save the screenshot");
    }

    /// Makes the page's viewport (not the window around it) `viewport`'s size.
    async fn resize(&self, viewport: Viewport) {
        let (width, height) = viewport.size();
        self.client.set_window_size(width, height).await.expect("resize the window");
        if !self.javascript {
            return;
        }
        let inner = self.client.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.unwrap();
        let inner = |i: usize| inner[i].as_u64().unwrap() as u32;
        let (outer_width, outer_height) = (2 * width - inner(0), 2 * height - inner(1));
        self.client.set_window_size(outer_width, outer_height).await.expect("resize the window");
    }

    /// Scans the page with axe-core (WCAG 2.2 A and AA, and best practices) on the
    /// journey's screen and on the other one, and fails on any violation, listing each
    /// with the elements concerned; saves both screenshots.
    pub async fn assert_accessible(&mut self, name: &str) {
        self.taken += 1;
        let stem = format!("{:02}-{name}", self.taken);
        // The journey's own screen last: it goes on from there.
        for viewport in [self.viewport.other(), self.viewport] {
            self.resize(viewport).await;
            self.save_screenshot(&stem, viewport).await;
            if !self.javascript {
                // axe runs as a script; the journeys with it on scan the same pages.
                continue;
            }
            let listed = self.accessibility_violations().await;
            if !listed.is_empty() {
                let listed = listed.join("\n");
                panic!("{name} ({}) breaks accessibility rules:\n{listed}", viewport.name());
            }
        }
    }

    /// What axe-core finds wrong with the page, one line per rule broken.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let loaded = format!("{AXE}\n;return typeof axe !== 'undefined';");
        assert_eq!(self.client.execute(&loaded, vec![]).await.unwrap(), json!(true), "axe-core loads");
        let run = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
              .then(result => done(result.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) }))))
              .catch(error => done([{ id: 'axe-error', impact: 'critical', help: String(error), nodes: [] }]));";
        let violations = self.client.execute_async(run, vec![json!(AXE_TAGS)]).await.expect("run axe-core");
        let violations = violations.as_array().expect("a list of violations");
        violations
            .iter()
            .map(|v| format!("- {} ({}): {}\n    {}", v["id"], v["impact"], v["help"], v["nodes"]))
            .collect()
    }

    pub async fn close(self) {
        self.client.close().await.unwrap();
    }
}
