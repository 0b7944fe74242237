//! The runner's language, per request: the registration form in English, Korean,
//! Simplified and Traditional Chinese and Russian, chosen by `Accept-Language` or by the
//! switch on the page (kept in a cookie, and stronger than the header).

use scraper::Html;

use crate::app::{TestApp, attr_of, spawn_app, text_of};

/// The form as a browser asking for `accept_language` gets it: its `Content-Language` and page.
async fn form_in(app: &TestApp, client: &reqwest::Client, path: &str, accept_language: &str) -> (String, Html) {
    let response = client.get(app.url(path)).header("accept-language", accept_language).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let content_language = response.headers()["content-language"].to_str().unwrap().to_owned();
    (content_language, Html::parse_document(&response.text().await.unwrap()))
}

#[tokio::test]
async fn the_form_is_in_the_language_the_browser_asks_for() {
    let app = spawn_app().await;
    let cases = [
        (
            "en-GB,en;q=0.9",
            "en",
            "Register for the Pyongyang International Marathon 2027",
            "Family name",
            "11 April 2027",
        ),
        ("ko-KR,ko;q=0.9", "ko", "평양국제마라톤 2027 참가 신청", "성", "2027년 4월 11일"),
        ("zh-CN,zh;q=0.9", "zh-Hans", "报名参加2027平壤国际马拉松", "姓", "2027年4月11日"),
        ("zh-HK", "zh-Hant", "報名參加2027平壤國際馬拉松", "姓", "2027年4月11日"),
        (
            "ru-RU,ru;q=0.9,en;q=0.5",
            "ru",
            "Регистрация на Пхеньянский международный марафон 2027",
            "Фамилия",
            "11 апреля 2027 г.",
        ),
    ];
    for (accept_language, tag, heading, family_name_label, race_day) in cases {
        let (content_language, page) = form_in(&app, &app.client, "/register", accept_language).await;
        assert_eq!(content_language, tag, "{accept_language}");
        assert_eq!(attr_of(&page, "html", "lang"), tag, "{accept_language}");
        assert_eq!(text_of(&page, "h1"), heading);
        assert_eq!(text_of(&page, "label[for=family_name]").trim_end_matches(" *"), family_name_label);
        assert!(text_of(&page, "p.lead").contains(race_day), "{}", text_of(&page, "p.lead"));
        let current = attr_of(&page, "nav.languages a[aria-current=true]", "lang");
        assert_eq!(current, tag, "the switch marks the page's language");
    }
    // Hangul, Han and Cyrillic arrive intact, and each language is offered in its own name.
    let (_, page) = form_in(&app, &app.client, "/register", "en").await;
    let offered: Vec<String> =
        page.select(&scraper::Selector::parse("nav.languages a").unwrap()).map(|a| a.text().collect()).collect();
    assert_eq!(offered, ["English", "한국어", "简体中文", "繁體中文", "Русский"]);
}

#[tokio::test]
async fn chinese_tags_go_to_their_script_and_an_unknown_language_is_english() {
    let app = spawn_app().await;
    for (accept_language, tag) in [
        ("zh-TW", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("fr-FR", "en"),
        ("", "en"),
    ] {
        let (content_language, _) = form_in(&app, &app.client, "/register", accept_language).await;
        assert_eq!(content_language, tag, "Accept-Language: {accept_language:?}");
    }
}

#[tokio::test]
async fn the_switch_beats_the_header_and_is_kept_for_the_next_pages() {
    let app = spawn_app().await;
    let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (content_language, page) = form_in(&app, &browser, "/register?lang=ru", "zh-CN").await;
    assert_eq!((content_language.as_str(), attr_of(&page, "html", "lang").as_str()), ("ru", "ru"));
    // The next page, without the switch: still Russian, whatever the browser asks.
    let (content_language, page) = form_in(&app, &browser, "/register", "zh-CN").await;
    assert_eq!(content_language, "ru");
    assert_eq!(text_of(&page, "button#send"), "Отправить заявку");
    // An unknown choice is ignored: the kept one stays.
    let (content_language, _) = form_in(&app, &browser, "/register?lang=xx", "zh-CN").await;
    assert_eq!(content_language, "ru");
}
