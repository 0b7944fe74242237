//! One askama template struct per page. Templates live in `templates/public/`.

use askama::Template;
use askama_web::WebTemplate;
use pim_domain::RegistrationSummary;
use pim_domain::{Distance, Policy, RaceTime};
use pim_i18n::{Arg, Language};

use crate::form::{FIELD_ORDER, FieldMessages, RegistrationFields};

/// What a page in the runner's language (`public/localized.html`) tells its language
/// switch.
pub trait Localized {
    /// The page the switch opens in another language: this one (a relative `?lang=`),
    /// unless it answers a form sent to another address.
    fn switch_path(&self) -> &str {
        ""
    }
}

impl Localized for RegisterPage {}
impl Localized for ConfirmationPage {}
impl Localized for MessagePage {}
impl Localized for ConfirmEmailPage {}
impl Localized for RecoverPage {}
impl Localized for DetailsPage {}

impl Localized for StatusPage {
    fn switch_path(&self) -> &str {
        &self.page_path
    }
}

/// The race's name with its edition: "Pyongyang International Marathon 2027".
pub fn event_name(edition: &str, language: Language) -> String {
    language.t_with("event-name", &[("edition", edition.into())])
}

/// A message at the top of a page.
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// A race as the form offers it, with its fee and limits from the policy.
pub struct RaceChoice {
    pub value: &'static str,
    pub label: String,
    /// Fee, time limit and minimum age, as one line in the page's language.
    pub facts: String,
}

/// "4 h 30 min": a time limit as people say it, in `language`.
fn hours_and_minutes(time: RaceTime, language: Language) -> String {
    let (hours, minutes) = (time.seconds() / 3600, time.seconds() / 60 % 60);
    let (key, args): (&str, Vec<(&'static str, Arg)>) = match (hours, minutes) {
        (0, m) => ("time-limit-minutes", vec![("minutes", m.into())]),
        (h, 0) => ("time-limit-hours", vec![("hours", h.into())]),
        (h, m) => ("time-limit-hours-minutes", vec![("hours", h.into()), ("minutes", m.into())]),
    };
    language.t_with(key, &args)
}

/// The races of the policy as the form offers them, in `language`.
pub fn race_choices(policy: &Policy, language: Language) -> Vec<RaceChoice> {
    Distance::ALL
        .iter()
        .map(|distance| {
            let race = policy.race(*distance);
            let label = language.t(match distance {
                Distance::Full => "race-full",
                Distance::Half => "race-half",
                Distance::TenK => "race-10k",
                Distance::FiveK => "race-5k",
            });
            let time_limit = hours_and_minutes(race.time_limit, language);
            let facts = language.t_with(
                "race-facts",
                &[
                    ("fee", race.entry_fee_usd.into()),
                    ("limit", time_limit.as_str().into()),
                    ("age", u32::from(race.minimum_age).into()),
                ],
            );
            RaceChoice { value: distance.as_str(), label, facts }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "public/register.html")]
pub struct RegisterPage {
    /// The page's language, and the others it is offered in.
    pub i18n: Language,
    pub languages: [Language; 5],
    /// The edition's year, as in the policy (`2027`).
    pub edition: String,
    pub race_day: String,
    pub races: Vec<RaceChoice>,
    pub countries: std::sync::Arc<[crate::countries::CountryChoice]>,
    pub form: FormView,
    pub notice: Option<Notice>,
    /// Channels that no longer take applications, as sentences.
    pub closed_notes: Vec<String>,
    /// "DPRK entry rule: it must be valid until at least …".
    pub passport_hint: String,
    pub csrf_token: String,
    pub submission_id: String,
}

impl RegisterPage {
    pub fn heading(&self) -> String {
        self.i18n.t_with("register-heading", &[("event", event_name(&self.edition, self.i18n).into())])
    }

    pub fn lead(&self) -> String {
        self.i18n.t_with("register-lead", &[("race_day", self.race_day.as_str().into())])
    }
}

impl std::ops::Deref for RegisterPage {
    type Target = FormView;

    fn deref(&self) -> &FormView {
        &self.form
    }
}

/// A form of registration fields as typed, with the messages beside each: the
/// registration form's, and the corrections'.
pub struct FormView {
    pub fields: RegistrationFields,
    pub messages: FieldMessages,
    /// The language of the page it is on.
    pub language: Language,
}

impl FormView {
    /// What the required fields' asterisk says to screen readers.
    pub fn required_label(&self) -> String {
        self.language.t("required")
    }

    /// The value typed into `field`, to put back into the form.
    pub fn value(&self, field: &str) -> &str {
        let f = &self.fields;
        match field {
            "given_name" => &f.given_name,
            "family_name" => &f.family_name,
            "email" => &f.email,
            "date_of_birth" => &f.date_of_birth,
            "sex" => &f.sex,
            "nationality" => &f.nationality,
            "passport_number" => &f.passport_number,
            "passport_expiry" => &f.passport_expiry,
            "distance" => &f.distance,
            "category" => &f.category,
            "qualifying_time" => &f.qualifying_time,
            "qualifying_date" => &f.qualifying_date,
            "qualifying_race" => &f.qualifying_race,
            "qualifying_evidence_url" => &f.qualifying_evidence_url,
            "emergency_contact_name" => &f.emergency_contact_name,
            "emergency_contact_phone" => &f.emergency_contact_phone,
            _ => "",
        }
    }

    /// The messages for `field`, as one text; empty when it is fine.
    pub fn error(&self, field: &str) -> String {
        let texts = self.messages.get(field).into_iter().flatten().map(|problem| problem.text(self.language));
        texts.collect::<Vec<_>>().join(" ")
    }

    /// Every field's messages, in form order, for the summary at the top.
    pub fn summary(&self) -> Vec<(&'static str, String)> {
        FIELD_ORDER
            .iter()
            .filter(|field| self.messages.contains_key(**field))
            .map(|field| (*field, self.error(field)))
            .collect()
    }

    /// Whether the radio button or option `value` of `field` is the chosen one.
    pub fn chosen(&self, field: &str, value: &str) -> bool {
        self.value(field).trim().eq_ignore_ascii_case(value)
    }

    /// `aria-describedby` for a field: its hint and, when it has one, its error.
    pub fn described_by(&self, field: &str, has_hint: bool) -> String {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if self.messages.contains_key(field) {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public/confirmation.html")]
pub struct ConfirmationPage {
    /// The page's language, and the others it is offered in.
    pub i18n: Language,
    pub languages: [Language; 5],
    pub registration: RegistrationSummary,
    pub organisation: String,
    pub race: String,
    /// Why this organisation: in the page's language where the translations have it.
    pub explanation: pim_i18n::Said,
    pub next_steps: Vec<String>,
    pub status_path: String,
    /// The documents the organisation needs, to upload on the status page.
    pub checklist: Vec<crate::uploads::ChecklistItem>,
    pub received_on: String,
    /// When the entry lapses unless the email address is confirmed.
    pub confirm_by: Option<String>,
}

impl ConfirmationPage {
    pub fn thanks(&self) -> String {
        let args =
            [("name", self.registration.given_name.as_str().into()), ("received", self.received_on.as_str().into())];
        self.i18n.t_with("confirmation-thanks", &args)
    }

    pub fn confirm_email_by(&self, by: &str) -> String {
        self.i18n.t_with("confirmation-confirm-email", &[("by", by.into())])
    }

    pub fn waiting_at(&self, position: &u32) -> String {
        self.i18n.t_with("confirmation-waitlist", &[("position", (*position).into())])
    }

    pub fn documents_before(&self) -> String {
        self.i18n.t_with("confirmation-documents-before", &[("organisation", self.organisation.as_str().into())])
    }
}

/// One step of an entry's life as its runner reads it on the status page.
pub struct TimelineStep {
    pub when: String,
    pub what: String,
    /// What the organisation wrote to the runner, for a review action.
    pub note: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/status.html")]
pub struct StatusPage {
    /// The page's language, and the others it is offered in.
    pub i18n: Language,
    pub languages: [Language; 5],
    /// The status page's own address, which its forms' answers are not.
    pub page_path: String,
    /// What happened to the entry that concerns the runner, oldest first.
    pub timeline: Vec<TimelineStep>,
    pub registration: RegistrationSummary,
    pub race: String,
    /// Why this organisation: in the page's language where the translations have it.
    pub explanation: pim_i18n::Said,
    /// The withdrawal form's address and token; `None` when the entry can no longer be
    /// withdrawn.
    pub withdraw: Option<(String, String)>,
    /// Where the runner downloads a copy of everything held about the entry.
    pub data_path: String,
    /// Where the runner asks for the entry's erasure.
    pub erasure_action: String,
    /// The day the policy's retention erases the entry's personal data.
    pub erased_on: String,
    /// What the organisation asks, while the entry waits for the runner's answer.
    pub question: Option<String>,
    /// Where the answer goes, while a question is open.
    pub answer_form: Option<String>,
    /// The page to correct details or change race, while the entry is open.
    pub details_path: Option<String>,
    pub answer_limit: usize,
    pub max_files: u32,
    /// The documents the organisation needs and where each stands.
    pub checklist: Vec<crate::uploads::ChecklistItem>,
    /// Where a document goes, while the entry is open.
    pub upload_form: Option<String>,
    pub max_upload_megabytes: u32,
    /// The files sent with answers, as the runner reads them.
    pub sent_files: Vec<String>,
    /// The anti-forgery token of the page's forms.
    pub csrf: String,
    pub message: Option<String>,
    pub organisation: String,
    pub status_text: String,
    pub received_on: String,
    pub updated_on: String,
    /// Where the email address's confirmation stands, as a fact and, if the runner must
    /// act or the entry lapsed, a sentence saying so.
    pub email_fact: Option<String>,
    pub email_note: Option<String>,
}

impl StatusPage {
    fn with_organisation(&self, key: &str) -> String {
        self.i18n.t_with(key, &[("organisation", self.organisation.as_str().into())])
    }

    pub fn waiting_number(&self, position: &u32) -> String {
        self.i18n.t_with("fact-waiting-number", &[("position", (*position).into())])
    }

    pub fn question_heading(&self) -> String {
        self.with_organisation("question-heading")
    }

    pub fn answer_hint(&self) -> String {
        let limit = u32::try_from(self.answer_limit).unwrap_or(u32::MAX);
        self.i18n.t_with("answer-hint", &[("limit", limit.into())])
    }

    pub fn answer_files_hint(&self) -> String {
        let args = [("count", self.max_files.into()), ("megabytes", self.max_upload_megabytes.into())];
        self.i18n.t_with("answer-files-hint", &args)
    }

    pub fn documents_lead(&self) -> String {
        let args =
            [("organisation", self.organisation.as_str().into()), ("megabytes", self.max_upload_megabytes.into())];
        self.i18n.t_with("documents-lead", &args)
    }

    /// The label of a document's file input.
    pub fn choose_document(&self, item: &crate::uploads::ChecklistItem) -> String {
        let key = if item.done { "document-replace" } else { "document-choose" };
        self.i18n.t_with(key, &[("document", item.label.as_str().into())])
    }

    pub fn erased_on_text(&self) -> String {
        self.i18n.t_with("your-data-erased-on", &[("date", self.erased_on.as_str().into())])
    }

    pub fn erasure_confirm(&self) -> String {
        let holds_place = self.registration.status.holds_place();
        self.i18n.t(if holds_place { "erasure-confirm-place" } else { "erasure-confirm" })
    }
}

/// `/registrations/SECRET/details`: the runner's corrections and change of race.
#[derive(Template, WebTemplate)]
#[template(path = "public/details.html")]
pub struct DetailsPage {
    pub i18n: Language,
    pub languages: [Language; 5],
    pub reference: String,
    pub status_path: String,
    pub action: String,
    pub csrf_token: String,
    /// The passport held, masked, and its expiry.
    pub passport: String,
    pub passport_expiry: String,
    pub races: Vec<RaceChoice>,
    /// Elite entries name a qualifying time for a new race.
    pub elite: bool,
    /// Why nothing can be changed now, if so.
    pub closed: Option<String>,
    pub form: FormView,
    pub notice: Option<String>,
}

impl DetailsPage {
    pub fn lead(&self) -> String {
        self.i18n.t_with("details-lead", &[("reference", self.reference.as_str().into())])
    }

    pub fn fixed_before(&self) -> String {
        self.i18n.t_with("details-fixed-before", &[("elite", if self.elite { "yes" } else { "no" }.into())])
    }

    pub fn passport_held(&self) -> String {
        let args = [("passport", self.passport.as_str().into()), ("expiry", self.passport_expiry.as_str().into())];
        self.i18n.t_with("details-passport-held", &args)
    }
}

impl std::ops::Deref for DetailsPage {
    type Target = FormView;

    fn deref(&self) -> &FormView {
        &self.form
    }
}

/// `/confirm-email/SECRET`: what the link found, and a button if there is something to do
/// (a mail scanner that opens links confirms nothing).
#[derive(Template, WebTemplate)]
#[template(path = "public/confirm_email.html")]
pub struct ConfirmEmailPage {
    pub i18n: Language,
    pub languages: [Language; 5],
    pub title: String,
    pub paragraphs: Vec<String>,
    /// The form's address and anti-forgery token, when there is still something to confirm.
    pub form: Option<(String, String)>,
    /// What the form's button says.
    pub button: String,
}

/// `/registrations/recover`: the form that emails a lost status link again.
#[derive(Template, WebTemplate)]
#[template(path = "public/recover.html")]
pub struct RecoverPage {
    pub i18n: Language,
    pub languages: [Language; 5],
    pub csrf_token: String,
    pub email: String,
    pub reference: String,
    /// (field, message) for what must be corrected.
    pub errors: Vec<(&'static str, String)>,
}

impl RecoverPage {
    /// The message for `field`; empty when it is fine.
    pub fn error(&self, field: &str) -> String {
        self.errors.iter().find(|(name, _)| *name == field).map(|(_, message)| message.clone()).unwrap_or_default()
    }
}

/// A page with a title and a few paragraphs: closed registration, not found, failures.
#[derive(Template, WebTemplate)]
#[template(path = "public/message.html")]
pub struct MessagePage {
    pub i18n: Language,
    pub languages: [Language; 5],
    pub title: String,
    pub paragraphs: Vec<String>,
}

impl MessagePage {
    pub fn new(i18n: Language, title: String, paragraphs: Vec<String>) -> MessagePage {
        MessagePage { i18n, languages: Language::ALL, title, paragraphs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_read_as_hours_and_minutes() {
        let limit = |text: &str| hours_and_minutes(text.parse().unwrap(), Language::English);
        assert_eq!(limit("4:30:00"), "4 h 30 min");
        assert_eq!(limit("5:00:00"), "5 h");
        assert_eq!(limit("45:00"), "45 min");
    }

    #[test]
    fn each_race_shows_its_fee_limit_and_age_from_the_policy_in_the_pages_language() {
        let policy = Policy::embedded_default();
        let facts = |language| race_choices(&policy, language).into_iter().map(|r| r.facts).collect::<Vec<_>>();
        let english = facts(Language::English);
        assert_eq!(english[0], "Entry fee USD 150 · time limit 4 h 30 min · from age 18");
        assert_eq!(english[1], "Entry fee USD 100 · time limit 4 h 30 min · from age 16");
        assert_eq!(facts(Language::Korean)[0], "참가비 USD 150 · 제한 시간 4시간 30분 · 18세 이상");
        assert_eq!(facts(Language::Russian)[0], "Взнос 150 USD · лимит времени 4 ч 30 мин · с 18 лет");
        assert_eq!(facts(Language::SimplifiedChinese)[0], "报名费 150 美元 · 关门时间 4小时30分钟 · 18岁及以上");
    }
}
