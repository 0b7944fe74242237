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
            "Korea (Republic of)",
        ),
        ("ko-KR,ko;q=0.9", "ko", "평양국제마라톤 2027 참가 신청", "성", "2027년 4월 11일", "대한민국"),
        ("zh-CN,zh;q=0.9", "zh-Hans", "报名参加2027平壤国际马拉松", "姓", "2027年4月11日", "韩国"),
        ("zh-HK", "zh-Hant", "報名參加2027平壤國際馬拉松", "姓", "2027年4月11日", "大韓民國"),
        (
            "ru-RU,ru;q=0.9,en;q=0.5",
            "ru",
            "Регистрация на Пхеньянский международный марафон 2027",
            "Фамилия",
            "11 апреля 2027 г.",
            "Южная Корея",
        ),
    ];
    for (accept_language, tag, heading, family_name_label, race_day, korea) in cases {
        let (content_language, page) = form_in(&app, &app.client, "/register", accept_language).await;
        assert_eq!(content_language, tag, "{accept_language}");
        assert_eq!(attr_of(&page, "html", "lang"), tag, "{accept_language}");
        assert_eq!(text_of(&page, "h1"), heading);
        assert_eq!(text_of(&page, "label[for=family_name]").trim_end_matches(" *"), family_name_label);
        assert!(text_of(&page, "p.lead").contains(race_day), "{}", text_of(&page, "p.lead"));
        assert_eq!(text_of(&page, "option[value=KR]"), korea, "the country in the page's language, its code the value");
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

#[tokio::test]
async fn the_form_says_what_is_wrong_in_the_runners_language() {
    let app = spawn_app().await;
    let cases = [
        ("en", "Please correct 2 answers", "A passport number has 5 to 20 letters and digits.", "Choose a sex."),
        ("ko", "답변 2개를 고쳐 주세요", "여권 번호는 영문자와 숫자 5~20자입니다.", "성별을 선택하세요."),
        ("zh-Hans", "请修改2项填写内容", "护照号码由5到20个字母和数字组成。", "请选择性别。"),
        ("zh-Hant", "請修改2項填寫內容", "護照號碼由5到20個字母和數字組成。", "請選擇性別。"),
        ("ru", "Исправьте 2 ответа", "Номер паспорта — от 5 до 20 букв и цифр.", "Выберите пол."),
    ];
    for (tag, title, passport_error, sex_error) in cases {
        let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let (_, form) = form_in(&app, &browser, &format!("/register?lang={tag}"), "en").await;
        let mut body = crate::app::with(&crate::app::valid_fields(), &[("passport_number", "A1"), ("sex", "")]);
        body.push(("csrf_token", attr_of(&form, "input[name=csrf_token]", "value")));
        body.push(("submission_id", attr_of(&form, "input[name=submission_id]", "value")));
        let response = browser.post(app.url("/register")).form(&body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        assert_eq!(response.headers()["content-language"], tag);
        let page = Html::parse_document(&response.text().await.unwrap());
        assert_eq!(attr_of(&page, "html", "lang"), tag);
        assert_eq!(text_of(&page, "#notice-title"), title);
        assert_eq!(text_of(&page, "#passport_number-error"), passport_error);
        assert_eq!(text_of(&page, "#sex-error"), sex_error);
        assert_eq!(attr_of(&page, "input[name=passport_number]", "value"), "A1", "the answers are kept");
    }
    assert_eq!(app.count_registrations().await, 0, "nothing was saved");
}

#[tokio::test]
async fn the_runners_language_is_stored_and_shown_to_operators() {
    let app = spawn_app().await;
    // Through the form in Korean.
    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let (_, form) = form_in(&app, &browser, "/register?lang=ko", "en").await;
    let mut body = crate::app::valid_fields();
    body.push(("csrf_token", attr_of(&form, "input[name=csrf_token]", "value")));
    body.push(("submission_id", attr_of(&form, "input[name=submission_id]", "value")));
    body.push(("language", attr_of(&form, "input[name=language]", "value")));
    let response = browser.post(app.url("/register")).form(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let rows = app.query_rows("SELECT reference, language FROM registrations").await;
    let reference: String = sqlx::Row::get(&rows[0], "reference");
    assert_eq!(sqlx::Row::get::<String, _>(&rows[0], "language"), "ko");

    // Through the API: the body's language, else Accept-Language; an unknown one is refused.
    let api = |language: Option<&str>, accept_language: &str, passport: &str| {
        let mut body: serde_json::Map<String, serde_json::Value> =
            crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), serde_json::json!(v))).collect();
        body.insert("consent".into(), serde_json::json!(true));
        body.insert("passport_number".into(), serde_json::json!(passport));
        if let Some(language) = language {
            body.insert("language".into(), serde_json::json!(language));
        }
        app.client.post(app.url("/api/v1/registrations")).header("accept-language", accept_language).json(&body).send()
    };
    let reply: serde_json::Value = api(Some("ru"), "zh-CN", "R0000001").await.unwrap().json().await.unwrap();
    assert_eq!(reply["language"], "ru", "the body's language wins");
    let reply: serde_json::Value = api(None, "zh-TW,zh;q=0.8", "R0000002").await.unwrap().json().await.unwrap();
    assert_eq!(reply["language"], "zh-Hant", "then the header");
    let refused = api(Some("tlh"), "en", "R0000003").await.unwrap();
    assert_eq!(refused.status().as_u16(), 422);
    let refused: serde_json::Value = refused.json().await.unwrap();
    assert!(refused["errors"]["language"][0].as_str().unwrap().contains("\"tlh\" is not one of the languages"));
    let stored: Vec<String> = app
        .query_rows("SELECT language FROM registrations ORDER BY id")
        .await
        .iter()
        .map(|row| sqlx::Row::get(row, "language"))
        .collect();
    assert_eq!(stored, ["ko", "ru", "zh-Hant"]);

    // The admin stays in English and names the runner's language.
    let koryo = crate::admin::signed_in(&app, "k@koryo.example", pim_domain::Organisation::LicensedOperator).await;
    let (_, list) = crate::admin::page(&app, &koryo, "/admin/entries").await;
    assert_eq!(attr_of(&list, "html", "lang"), "en");
    assert!(text_of(&list, "table.entries").contains("Korean"), "{}", text_of(&list, "table.entries"));
    let (_, entry) = crate::admin::page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert!(text_of(&entry, "dl.facts").contains("Korean"));
}
