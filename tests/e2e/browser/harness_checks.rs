//! The harness itself can fail: axe-core finds a broken page, and the browser opened
//! without JavaScript runs none.

use super::{Browser, Viewport};

#[tokio::test(flavor = "multi_thread")]
async fn the_accessibility_scan_finds_a_page_with_known_defects() {
    let Some(page) = Browser::open("harness-axe", Viewport::Phone).await else { return };
    // No language, no title, an image without a text alternative, a field without a label.
    page.goto("data:text/html,<html><body><img src='x.png'><input type='text'></body></html>").await;
    let found = page.accessibility_violations().await.join("\n");
    for rule in ["html-has-lang", "document-title", "image-alt", "label"] {
        assert!(found.contains(&format!("\"{rule}\"")), "axe reports {rule}:\n{found}");
    }
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_browser_without_javascript_runs_no_script() {
    let Some(page) = Browser::open_without_javascript("harness-no-javascript", Viewport::Phone).await else { return };
    page.goto("data:text/html,<html><head><title>before</title><script>document.title='ran'</script></head></html>")
        .await;
    assert_eq!(page.title().await, "before");
    page.close().await;
}
