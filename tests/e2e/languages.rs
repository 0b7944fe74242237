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

/// The valid answers with `changes`, and the form's hidden fields (its token, submission
/// id and language), as the browser sends them.
fn filled_in(form: &Html, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut body = crate::app::with(&crate::app::valid_fields(), changes);
    for hidden in ["csrf_token", "submission_id", "language"] {
        body.push((hidden, attr_of(form, &format!("input[name={hidden}]"), "value")));
    }
    body
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
        let body = filled_in(&form, &[("passport_number", "A1"), ("sex", "")]);
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
    let body = filled_in(&form, &[]);
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

#[tokio::test]
async fn the_confirmation_page_is_in_the_runners_language() {
    let app = spawn_app().await;
    let cases = [
        (
            "en",
            "Registration received",
            "Koryo Tours, the licensed operator",
            "Amateur runners from Germany register through",
        ),
        ("ko", "신청이 접수되었습니다", "고려투어스(공인 여행사)", "독일 출신 아마추어 참가자는"),
        ("zh-Hans", "已收到报名", "高丽旅行社（Koryo Tours，持牌运营商）", "来自德国的业余跑者"),
        ("zh-Hant", "已收到報名", "高麗旅行社（Koryo Tours，持牌營運商）", "來自德國的業餘跑者"),
        ("ru", "Заявка получена", "Koryo Tours, лицензированный оператор", "Бегуны-любители из страны «Германия»"),
    ];
    for (n, (tag, title, organisation, explanation)) in cases.into_iter().enumerate() {
        let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let (_, form) = form_in(&app, &browser, &format!("/register?lang={tag}"), "en").await;
        let passport = format!("CF{n:07}");
        let body = filled_in(&form, &[("passport_number", &passport)]);
        // Redirected to the confirmation page, which the kept choice shows in the same language.
        let response = browser.post(app.url("/register")).form(&body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-language"], tag);
        let confirmation = response.url().clone();
        let page = Html::parse_document(&response.text().await.unwrap());
        assert_eq!(text_of(&page, "h1"), title);
        // Opened again elsewhere (no cookie, a browser asking for English): the entry's language.
        let elsewhere = a_browser().get(confirmation).header("accept-language", "en").send().await.unwrap();
        assert_eq!(elsewhere.headers()["content-language"], tag);
        assert!(text_of(&page, "dl.facts").contains(organisation), "{}", text_of(&page, "dl.facts"));
        assert!(text_of(&page, "main").contains(explanation), "{tag}: {}", text_of(&page, "main"));
        assert!(!text_of(&page, "ol li").is_empty(), "the next steps");
    }
}

#[tokio::test]
async fn the_confirmation_email_is_written_in_the_runners_language() {
    let app = spawn_app().await;
    let cases = [
        (
            "en",
            "Pyongyang Marathon: registration received",
            "Dear 김철수 Schmidt,",
            "Your entry is handled by Koryo Tours, the licensed operator.",
            "Please confirm your email address by 23 November 2026 at 12:00 (UTC+09:00)",
        ),
        (
            "ko",
            "평양마라톤: 신청 접수",
            "김철수 Schmidt님께,",
            "신청은 고려투어스(공인 여행사)에서 담당합니다.",
            "2026년 11월 23일 12:00(UTC+09:00)까지 이메일 주소를 확인해 주세요.",
        ),
        (
            "zh-Hans",
            "平壤马拉松：已收到报名",
            "김철수 Schmidt，您好：",
            "您的报名由高丽旅行社（Koryo Tours，持牌运营商）负责处理。",
            "请在2026年11月23日 12:00（UTC+09:00）之前确认",
        ),
        (
            "zh-Hant",
            "平壤馬拉松：已收到報名",
            "김철수 Schmidt，您好：",
            "您的報名由高麗旅行社（Koryo Tours，持牌營運商）負責處理。",
            "請在2026年11月23日 12:00（UTC+09:00）之前確認",
        ),
        (
            "ru",
            "Пхеньянский марафон: заявка получена",
            "Здравствуйте, 김철수 Schmidt!",
            "Вашу заявку рассматривает организация «Koryo Tours, лицензированный оператор».",
            "до 23 ноября 2026 г., 12:00 (UTC+09:00)",
        ),
    ];
    for (n, (tag, subject, greeting, handled_by, confirm)) in cases.into_iter().enumerate() {
        let mut body: serde_json::Map<String, serde_json::Value> =
            crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), serde_json::json!(v))).collect();
        body.insert("consent".into(), serde_json::json!(true));
        body.insert("language".into(), serde_json::json!(tag));
        body.insert("given_name".into(), serde_json::json!("김철수"));
        body.insert("passport_number".into(), serde_json::json!(format!("EM{n:07}")));
        let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let smtp = crate::smtp::SmtpServer::start(0);
        let dispatcher = crate::email::dispatcher(&app, &smtp.url(), crate::email::settings()).await;
        assert_eq!(dispatcher.dispatch_all_due().await.unwrap().sent, 1);
        let raw = smtp.received().pop().unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert!(message.subject().unwrap().starts_with(subject), "{:?}", message.subject());
        let text = message.body_text(0).unwrap().into_owned();
        let html = message.body_html(0).unwrap().into_owned();
        for part in [&text, &html] {
            assert!(part.contains(greeting), "{tag}: {part}");
            assert!(part.contains(handled_by), "{tag}: {part}");
            assert!(part.contains(confirm), "{tag}: {part}");
        }
        assert!(html.contains(&format!("<html lang=\"{tag}\">")), "{html}");
    }
}

#[tokio::test]
async fn a_later_email_triggered_by_an_operator_is_in_the_runners_language_too() {
    let app = spawn_app().await;
    let reference = crate::admin::register(&app, serde_json::json!({"language": "ru", "given_name": "Дмитрий"})).await;
    let koryo = crate::admin::signed_in(&app, "k@koryo.example", pim_domain::Organisation::LicensedOperator).await;
    let (status, _) = crate::admin::act(&app, &koryo, &reference, "accept", "Добро пожаловать!").await;
    assert_eq!(status, 303);
    let smtp = crate::smtp::SmtpServer::start(0);
    let dispatcher = crate::email::dispatcher(&app, &smtp.url(), crate::email::settings()).await;
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().sent, 2);
    let accepted = smtp
        .received()
        .iter()
        .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap().into_owned())
        .find(|message| message.subject().is_some_and(|s| s.contains("заявка принята")))
        .expect("the acceptance, in Russian");
    let text = accepted.body_text(0).unwrap().into_owned();
    assert!(text.starts_with("Здравствуйте, Дмитрий Schmidt!"), "{text}");
    assert!(text.contains("Хорошие новости: вашу заявку на дистанцию «полумарафон» приняла организация «Koryo Tours, лицензированный оператор»."), "{text}");
    assert!(text.contains("Их примечание: Добро пожаловать!"), "the operator's note, as written: {text}");
}

/// A browser of its own: a cookie jar, redirects followed, no `Accept-Language`.
fn a_browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

/// Registers through the API in `language` (with `changes`); the status page's path.
async fn registered_in(app: &TestApp, language: &str, changes: serde_json::Value) -> String {
    let mut body: serde_json::Map<String, serde_json::Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), serde_json::json!(v))).collect();
    body.insert("consent".into(), serde_json::json!(true));
    body.insert("language".into(), serde_json::json!(language));
    body.extend(changes.as_object().unwrap().clone());
    let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let reply: serde_json::Value = response.json().await.unwrap();
    let url = reply["status_url"].as_str().unwrap();
    url[url.find("/registrations/").unwrap()..].to_owned()
}

/// A page as `client` gets it: its status, `Content-Language` and HTML.
async fn page_of(response: reqwest::Response) -> (u16, String, Html) {
    let status = response.status().as_u16();
    let language = response.headers().get("content-language").map(|v| v.to_str().unwrap().to_owned());
    (status, language.unwrap_or_default(), Html::parse_document(&response.text().await.unwrap()))
}

#[tokio::test]
async fn the_status_page_speaks_the_language_the_entry_was_registered_in_until_the_runner_switches() {
    let app = spawn_app().await;
    let status = registered_in(&app, "zh-Hans", serde_json::json!({"passport_number": "ST0000001"})).await;
    let phone = a_browser();
    // No header and no cookie: the language of the entry, as its emails.
    let (code, language, page) = page_of(phone.get(app.url(&status)).send().await.unwrap()).await;
    assert_eq!((code, language.as_str()), (200, "zh-Hans"));
    assert_eq!(attr_of(&page, "html", "lang"), "zh-Hans");
    assert_eq!(text_of(&page, "h1"), "您的报名");
    assert_eq!(text_of(&page, "dd.status"), "已收到：等待负责您报名的机构审核。");
    assert!(
        text_of(&page, "dl.facts").contains("高丽旅行社（Koryo Tours，持牌运营商）"),
        "{}",
        text_of(&page, "dl.facts")
    );
    assert!(text_of(&page, ".timeline").contains("已收到报名"), "{}", text_of(&page, ".timeline"));
    assert!(text_of(&page, ".checklist h3").contains("护照照片"), "{}", text_of(&page, ".checklist"));
    assert!(text_of(&page, "main").contains("来自德国的业余跑者"), "the explanation");
    assert!(!text_of(&page, "main").contains("Received"), "nothing left in English: {}", text_of(&page, "main"));

    // A refused withdrawal answers in the same language, and its switch leads to the
    // status page (the page answers a form sent elsewhere).
    let csrf = attr_of(&page, "form.withdraw input[name=csrf_token]", "value");
    let response = phone.post(app.url(&format!("{status}/withdraw"))).form(&[("csrf_token", csrf)]).send().await;
    let (code, language, page) = page_of(response.unwrap()).await;
    assert_eq!((code, language.as_str()), (422, "zh-Hans"));
    assert_eq!(text_of(&page, ".notice"), "请勾选方框以确认撤回。");
    assert_eq!(attr_of(&page, "nav.languages a[hreflang=ru]", "href"), format!("{status}?lang=ru"));

    // The runner's choice beats the entry's language, and is kept.
    let (_, language, page) = page_of(phone.get(app.url(&format!("{status}?lang=ru"))).send().await.unwrap()).await;
    assert_eq!((language.as_str(), text_of(&page, "h1").as_str()), ("ru", "Ваша заявка"));
    let (_, language, _) = page_of(phone.get(app.url(&status)).send().await.unwrap()).await;
    assert_eq!(language, "ru");
}

#[tokio::test]
async fn the_email_links_pages_are_in_the_entrys_language() {
    let app = spawn_app().await;
    let status = registered_in(&app, "ko", serde_json::json!({"passport_number": "ST0000002"})).await;
    let payload: String =
        sqlx::Row::get(&app.query_rows("SELECT payload FROM outbox ORDER BY id DESC").await[0], "payload");
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let link = payload["confirm_email_url"].as_str().unwrap();
    let link = &link[link.find("/confirm-email/").unwrap()..];
    let (code, language, page) = page_of(a_browser().get(app.url(link)).send().await.unwrap()).await;
    assert_eq!((code, language.as_str()), (200, "ko"));
    assert_eq!(text_of(&page, "h1"), "이메일 주소 확인");
    assert!(text_of(&page, "main p").contains("신청 번호"), "{}", text_of(&page, "main"));

    // The erasure link, asked for on the status page, opens in Korean too.
    let phone = a_browser();
    let (_, _, page) = page_of(phone.get(app.url(&status)).send().await.unwrap()).await;
    let csrf = attr_of(&page, "form.erasure input[name=csrf_token]", "value");
    let response = phone
        .post(app.url(&format!("{status}/erasure")))
        .form(&[("csrf_token", csrf.as_str()), ("confirm", "yes")])
        .send()
        .await;
    let (code, _, page) = page_of(response.unwrap()).await;
    assert_eq!(code, 200);
    assert!(text_of(&page, ".notice").contains("24"), "{}", text_of(&page, ".notice"));
    let payload: String =
        sqlx::Row::get(&app.query_rows("SELECT payload FROM outbox ORDER BY id DESC").await[0], "payload");
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let link = payload["erase_url"].as_str().unwrap();
    let (code, language, page) =
        page_of(a_browser().get(app.url(&link[link.find("/erasure/").unwrap()..])).send().await.unwrap()).await;
    assert_eq!((code, language.as_str()), (200, "ko"));
    assert_eq!(text_of(&page, "h1"), "신청 삭제");
}

#[tokio::test]
async fn pages_without_an_entry_follow_the_browsers_language() {
    let app = spawn_app().await;
    let get = |path: &str, accept: &str| a_browser().get(app.url(path)).header("accept-language", accept).send();
    let (code, language, page) = page_of(get("/registrations/not-a-link", "ko-KR,ko;q=0.9").await.unwrap()).await;
    assert_eq!((code, language.as_str(), attr_of(&page, "html", "lang").as_str()), (404, "ko", "ko"));
    assert_eq!(text_of(&page, "h1"), "페이지를 찾을 수 없습니다");

    let runner = a_browser();
    let response = runner.get(app.url("/registrations/recover")).header("accept-language", "ru-RU").send().await;
    let (code, language, page) = page_of(response.unwrap()).await;
    assert_eq!((code, language.as_str()), (200, "ru"));
    assert_eq!(text_of(&page, "h1"), "Получить ссылку на страницу статуса ещё раз");
    let csrf = attr_of(&page, "input[name=csrf_token]", "value");
    let response = runner
        .post(app.url("/registrations/recover"))
        .header("accept-language", "ru-RU")
        .form(&[("csrf_token", csrf.as_str()), ("email", "not an address"), ("reference", "")])
        .send()
        .await;
    let (code, _, page) = page_of(response.unwrap()).await;
    assert_eq!(code, 422);
    assert!(
        text_of(&page, ".notice li").starts_with("Введите адрес электронной почты"),
        "{}",
        text_of(&page, ".notice")
    );
}

#[tokio::test]
async fn the_details_page_and_its_messages_are_in_the_entrys_language() {
    let app = spawn_app().await;
    let status = registered_in(&app, "zh-Hant", serde_json::json!({"passport_number": "ST0000003"})).await;
    let phone = a_browser();
    let (code, language, page) = page_of(phone.get(app.url(&format!("{status}/details"))).send().await.unwrap()).await;
    assert_eq!((code, language.as_str()), (200, "zh-Hant"));
    assert_eq!(text_of(&page, "h1"), "更正您的資料");
    let mut body: Vec<(String, String)> =
        ["given_name", "family_name", "email", "emergency_contact_name", "emergency_contact_phone"]
            .into_iter()
            .map(|name| (name.to_owned(), attr_of(&page, &format!("input[name={name}]"), "value")))
            .collect();
    body.push(("csrf_token".into(), attr_of(&page, "input[name=csrf_token]", "value")));
    body.push(("distance".into(), attr_of(&page, "input[name=distance][checked]", "value")));
    body.push(("passport_number".into(), "NEW1234567".into()));
    let response = phone.post(app.url(&format!("{status}/details"))).form(&body).send().await;
    let (code, language, page) = page_of(response.unwrap()).await;
    assert_eq!((code, language.as_str()), (422, "zh-Hant"));
    assert!(text_of(&page, ".notice").contains("有些填寫內容需要檢查"), "{}", text_of(&page, ".notice"));
    assert!(text_of(&page, ".notice").contains("新護照還需要填寫新護照的有效期。"), "{}", text_of(&page, ".notice"));
}

#[tokio::test]
async fn why_an_entry_cannot_be_taken_is_said_in_the_runners_language() {
    let app = spawn_app().await;
    let elite_too_slow: [(&'static str, &str); 7] = [
        ("category", "elite"),
        ("distance", "full"),
        ("sex", "male"),
        ("qualifying_time", "3:30:00"),
        ("qualifying_date", "2026-10-04"),
        ("qualifying_race", "Berlin 2026"),
        ("qualifying_evidence_url", "https://results.example.org/berlin"),
    ];
    let too_young: [(&'static str, &str); 2] = [("distance", "full"), ("date_of_birth", "2011-06-01")];
    type Answers<'a> = &'a [(&'static str, &'a str)];
    let cases: [(&str, Answers, &[&str]); 2] = [
        (
            "ko",
            &elite_too_slow,
            &["귀하의 기록 3:30:00은(는)", "느립니다.", "대신 마라톤에 아마추어로 참가할 수 있습니다."],
        ),
        (
            "ru",
            &too_young,
            &["не меньше 18 лет, а вам в этот день будет 15 лет.", "можно заявиться на 10 км или 5 км."],
        ),
    ];
    for (tag, changes, expected) in cases {
        let runner = a_browser();
        let (_, form) = form_in(&app, &runner, &format!("/register?lang={tag}"), "en").await;
        let response = runner.post(app.url("/register")).form(&filled_in(&form, changes)).send().await;
        let (code, language, page) = page_of(response.unwrap()).await;
        assert_eq!((code, language.as_str()), (422, tag));
        let notice = text_of(&page, ".notice");
        for sentence in expected {
            assert!(notice.contains(sentence), "{tag}: {notice}");
        }
    }
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn the_elite_rule_explains_itself_in_the_runners_language() {
    let app = spawn_app().await;
    let elite = serde_json::json!({"nationality": "KE", "passport_number": "ST0000004", "category": "elite",
        "sex": "male", "distance": "full", "qualifying_time": "2:09:30", "qualifying_date": "2026-10-04",
        "qualifying_race": "Berlin 2026", "qualifying_evidence_url": "https://results.example.org/berlin"});
    let status = registered_in(&app, "ru", elite).await;
    let (_, _, page) = page_of(a_browser().get(app.url(&status)).send().await.unwrap()).await;
    let why = page
        .select(&scraper::Selector::parse("main h2 + p").unwrap())
        .find(|p| p.text().any(|t| t.contains("2:09:30")));
    let why = why.expect("the explanation names the time");
    assert_eq!(why.value().attr("lang"), None, "no longer marked as English");
    let text: String = why.text().collect();
    assert!(text.starts_with("Ваше время 2:09:30 на "), "{text}");
    assert!(text.contains("быстрее норматива элиты для мужчин на дистанции «марафон»"), "{text}");
    assert!(text.contains("«Министерство физической культуры и спорта КНДР»"), "{text}");
}

#[tokio::test]
async fn names_and_explanations_in_hangul_han_and_cyrillic_round_trip_exactly() {
    let app = spawn_app().await;
    let cases = [
        ("ko", "김철수", "이서연", "독일 출신 아마추어 참가자는"),
        ("zh-Hant", "陳大文", "黃", "來自德國的業餘跑者"),
        ("ru", "Дмитрий", "Ёлкин-Щукин", "Бегуны-любители из страны «Германия»"),
    ];
    for (n, (tag, given, family, explanation)) in cases.into_iter().enumerate() {
        let runner = a_browser();
        let (_, form) = form_in(&app, &runner, &format!("/register?lang={tag}"), "en").await;
        let passport = format!("RT{n:07}");
        let answers = [("given_name", given), ("family_name", family), ("passport_number", passport.as_str())];
        let response = runner.post(app.url("/register")).form(&filled_in(&form, &answers)).send().await.unwrap();
        let status_path = response.url().path().trim_end_matches("/confirmation").to_owned();
        let (code, _, page) = page_of(runner.get(app.url(&status_path)).send().await.unwrap()).await;
        assert_eq!(code, 200);
        let facts = text_of(&page, "dl.facts");
        assert!(facts.contains(&format!("{given} {family}")), "{tag}: {facts}");
        assert!(text_of(&page, "main").contains(explanation), "{tag}: {}", text_of(&page, "main"));
        let rows = app
            .query_rows(&format!(
                "SELECT given_name, family_name, language FROM registrations WHERE language = '{tag}'"
            ))
            .await;
        let stored: Vec<(String, String)> =
            rows.iter().map(|row| (sqlx::Row::get(row, "given_name"), sqlx::Row::get(row, "family_name"))).collect();
        assert_eq!(stored, [(given.to_owned(), family.to_owned())], "{tag}: stored exactly");
    }
    // The emails carry them exactly too, whatever the encoding of their headers and parts.
    let smtp = crate::smtp::SmtpServer::start(0);
    let dispatcher = crate::email::dispatcher(&app, &smtp.url(), crate::email::settings()).await;
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().sent, 3);
    let received: Vec<_> = smtp
        .received()
        .iter()
        .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap().into_owned())
        .collect();
    for (_, given, family, _) in cases {
        let to = format!("{given} {family}");
        let message = received
            .iter()
            .find(|message| message.to().and_then(|to| to.first()).and_then(|a| a.name()) == Some(to.as_str()))
            .unwrap_or_else(|| panic!("an email to {to}"));
        assert!(message.body_text(0).unwrap().contains(&to), "{to}");
    }
}
