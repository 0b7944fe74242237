//! Messages: a plain-text and an HTML part from askama templates, one pair per purpose.

use askama::Template;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use pim_domain::{
    EmailAddressError, EmailKind, EmailPayload, Policy, RegistrationSummary, check_email_address, check_text,
};
use pim_i18n::Language;

/// A subject a runner recognises in a crowded inbox: the race, what happened, the reference.
fn subject(kind: EmailKind, reference: &str, language: Language) -> String {
    let what = language.t(&format!("email-what-{}", kind.as_str().replace('_', "-")));
    language.t_with("email-subject", &[("what", what.into()), ("reference", reference.into())])
}

/// The language an email to this runner is written in: the one they registered in.
fn language_of(registration: &RegistrationSummary) -> Language {
    Language::from_tag(&registration.language).unwrap_or_default()
}

/// Who emails come from.
#[derive(Debug, Clone)]
pub struct Sender {
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// Where runners reach the site (`https://…`, no trailing slash): every email links to
    /// the page that sends a lost status link again.
    pub site_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The address is on the entry page; the message, which goes to the log, leaves it out.
    #[error("the recipient address cannot be used: {0}")]
    Recipient(String),
    #[error("the outbox payload cannot be read: {0}")]
    Payload(String),
    #[error("rendering failed: {0}")]
    Render(#[from] askama::Error),
    #[error("the message cannot be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the recipient's name cannot go in a header: {0}")]
    RecipientName(pim_domain::TextError),
    /// A defect met while composing; the dispatcher records it and goes on.
    #[error("composing the message failed unexpectedly: {0}")]
    Panicked(String),
}

/// Everything a template may show.
struct EmailContext {
    /// The email's language.
    i18n: Language,
    subject: String,
    given_name: String,
    family_name: String,
    reference: String,
    organisation: String,
    explanation: pim_i18n::Said,
    distance: String,
    category: String,
    status_url: Option<String>,
    note: Option<String>,
    waitlist_position: Option<u32>,
    confirm_email_url: Option<String>,
    confirm_email_by: Option<String>,
    document: Option<String>,
    erase_url: Option<String>,
    /// The page that emails a lost status link again.
    recover_url: String,
    next_steps: Vec<String>,
    edition: String,
    /// The policy's edition (`2027`), for the event's name in other languages.
    edition_year: String,
    race_day: String,
}

impl EmailContext {
    fn dear(&self) -> String {
        let name = format!("{} {}", self.given_name, self.family_name);
        self.i18n.t_with("email-dear", &[("name", name.into())])
    }

    fn confirm_by(&self, by: &str) -> String {
        self.i18n.t_with("email-confirm", &[("by", by.into())])
    }

    fn reference_line(&self) -> String {
        self.i18n.t_with("email-reference", &[("reference", self.reference.as_str().into())])
    }

    fn status_page_line(&self, url: &str) -> String {
        self.i18n.t_with("email-status-page", &[("url", url.into())])
    }

    fn lost_link(&self) -> String {
        self.i18n.t_with("email-lost-link-text", &[("url", self.recover_url.as_str().into())])
    }

    fn footer(&self) -> String {
        let edition = if self.i18n == Language::English {
            self.edition.clone()
        } else {
            self.i18n.t_with("event-name", &[("edition", self.edition_year.as_str().into())])
        };
        self.i18n.t_with("email-footer", &[("edition", edition.into()), ("race_day", self.race_day.as_str().into())])
    }

    /// The message `key` of the email's body, with the race, the organisation, the note
    /// and the document as its placeables (each message uses those it needs).
    fn tr(&self, key: &str) -> String {
        let args = [
            ("race", self.distance.as_str().into()),
            ("organisation", self.organisation.as_str().into()),
            ("note", self.note.clone().unwrap_or_default().into()),
            ("document", self.document.clone().unwrap_or_default().into()),
        ];
        self.i18n.t_with(key, &args)
    }

    fn received(&self) -> String {
        let args = [("race", self.distance.as_str().into()), ("category", self.category.as_str().into())];
        self.i18n.t_with("email-received", &args)
    }

    fn handled_by(&self) -> String {
        self.i18n.t_with("email-handled-by", &[("organisation", self.organisation.as_str().into())])
    }

    fn waitlisted(&self) -> String {
        let args = [
            ("race", self.distance.as_str().into()),
            ("organisation", self.organisation.as_str().into()),
            ("position", self.waitlist_position.unwrap_or(0).into()),
        ];
        self.i18n.t_with("email-waitlisted", &args)
    }
}

/// Declares the text and HTML templates of one purpose over `EmailContext`.
macro_rules! email_templates {
    ($($kind:ident => $text:ident($text_path:literal), $html:ident($html_path:literal);)+) => {
        $(
            #[derive(Template)]
            #[template(path = $text_path)]
            struct $text<'a> { context: &'a EmailContext }

            #[derive(Template)]
            #[template(path = $html_path)]
            struct $html<'a> { context: &'a EmailContext }

            impl std::ops::Deref for $text<'_> { type Target = EmailContext; fn deref(&self) -> &EmailContext { self.context } }
            impl std::ops::Deref for $html<'_> { type Target = EmailContext; fn deref(&self) -> &EmailContext { self.context } }
        )+

        /// Renders the plain-text and HTML parts of `kind`.
        fn render(kind: EmailKind, context: &EmailContext) -> Result<(String, String), askama::Error> {
            match kind {
                $(EmailKind::$kind => Ok(($text { context }.render()?, $html { context }.render()?)),)+
            }
        }
    };
}

email_templates! {
    RegistrationReceived => ReceivedText("email/registration_received.txt"), ReceivedHtml("email/registration_received.html");
    Accepted => AcceptedText("email/accepted.txt"), AcceptedHtml("email/accepted.html");
    Invited => InvitedText("email/invited.txt"), InvitedHtml("email/invited.html");
    Declined => DeclinedText("email/declined.txt"), DeclinedHtml("email/declined.html");
    Waitlisted => WaitlistedText("email/waitlisted.txt"), WaitlistedHtml("email/waitlisted.html");
    Promoted => PromotedText("email/promoted.txt"), PromotedHtml("email/promoted.html");
    InformationRequested => InformationText("email/information_requested.txt"), InformationHtml("email/information_requested.html");
    StatusLink => StatusLinkText("email/status_link.txt"), StatusLinkHtml("email/status_link.html");
    Withdrawn => WithdrawnText("email/withdrawn.txt"), WithdrawnHtml("email/withdrawn.html");
    AnswerReceived => AnswerText("email/answer_received.txt"), AnswerHtml("email/answer_received.html");
    DocumentRefused => DocumentRefusedText("email/document_refused.txt"), DocumentRefusedHtml("email/document_refused.html");
    DetailsChanged => DetailsChangedText("email/details_changed.txt"), DetailsChangedHtml("email/details_changed.html");
    Transferred => TransferredText("email/transferred.txt"), TransferredHtml("email/transferred.html");
    ErasureRequested => ErasureText("email/erasure_requested.txt"), ErasureHtml("email/erasure_requested.html");
}

/// Builds the message for one outbox email (`outbox_id`): a pure function, tested without
/// a transport. Its Message-ID comes from the outbox row, so an email sent again after a
/// crash carries the same one and the receiver can drop the duplicate.
pub fn compose(
    policy: &Policy,
    sender: &Sender,
    outbox_id: i64,
    kind: EmailKind,
    recipient: &str,
    registration: &RegistrationSummary,
    payload: &EmailPayload,
) -> Result<Message, ComposeError> {
    let reference = registration.reference.as_str().to_owned();
    let language = language_of(registration);
    let on_race_clock = |at: time::OffsetDateTime| language.moment(at.to_offset(policy.utc_offset()));
    let context = EmailContext {
        i18n: language,
        subject: subject(kind, &reference, language),
        given_name: registration.given_name.clone(),
        family_name: registration.family_name.clone(),
        reference,
        organisation: language.organisation(policy, registration.channel),
        explanation: language.explanation(policy, registration),
        distance: language.race(registration.distance),
        category: language.category(registration.category),
        status_url: payload.status_url.clone(),
        note: payload.note.clone(),
        waitlist_position: payload.waitlist_position.or(registration.waitlist_position),
        confirm_email_url: payload.confirm_email_url.clone(),
        // The deadline as the runner's language writes it, while it is still ahead.
        confirm_email_by: payload
            .confirm_email_by
            .as_ref()
            .map(|written| registration.email_confirmation.pending_until().map_or(written.clone(), on_race_clock)),
        // A kind of document (older emails hold its English name instead).
        document: payload.document.as_deref().map(|document| {
            document.parse::<pim_domain::DocumentKind>().map_or(document.to_owned(), |kind| language.document(kind))
        }),
        erase_url: payload.erase_url.clone(),
        recover_url: format!("{}/registrations/recover", sender.site_url.trim_end_matches('/')),
        next_steps: language.next_steps(policy, registration.channel),
        edition: policy.name().to_owned(),
        edition_year: policy.edition().to_owned(),
        race_day: language.date(policy.race_day()),
    };
    let (text, html) = render(kind, &context)?;
    let address = deliverable_address(recipient).map_err(|e| ComposeError::Recipient(e.to_string()))?;
    let name = format!("{} {}", registration.given_name, registration.family_name);
    // Stored before the form refused them, or written by hand: a line break in a header
    // would forge another one (and lettre refuses it by panicking).
    check_text(&name).map_err(ComposeError::RecipientName)?;
    let message_id = format!("<pim.{outbox_id}.{}@{}>", registration.reference.as_str(), sender.from.email.domain());
    let mut builder = Message::builder()
        .message_id(Some(message_id))
        .from(sender.from.clone())
        .to(Mailbox::new(Some(name), address))
        .subject(context.subject.clone());
    // Replies reach the organisation handling the entry, where the policy names its address.
    let organisation_contact = policy
        .contact(registration.channel)
        .and_then(|address| address.parse().ok())
        .map(|address| Mailbox::new(Some(policy.organisation(registration.channel).to_owned()), address));
    if let Some(reply_to) = organisation_contact.or_else(|| sender.reply_to.clone()) {
        builder = builder.reply_to(reply_to);
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(text, html))?)
}

/// The address as the mailer will use it, if it is one the form accepts and lettre can
/// send to: the one rule for both, so an address the form took is never refused later.
pub fn deliverable_address(address: &str) -> Result<lettre::Address, EmailAddressError> {
    check_email_address(address)?;
    address.parse().map_err(|_| EmailAddressError::Shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;
    use pim_domain::{Category, Channel, Distance, Rule, Status};
    use time::macros::datetime;

    fn registration(given_name: &str, family_name: &str) -> RegistrationSummary {
        RegistrationSummary {
            reference: "PIM-7K3Q-9XRT".parse().unwrap(),
            status: Status::Submitted,
            channel: Channel::LicensedOperator,
            rule: Rule::EastSoutheastAsiaException,
            explanation: "Runners from Singapore register through Koryo Tours, the licensed operator, even though Singapore is in Southeast Asia.".into(),
            given_name: given_name.into(),
            family_name: family_name.into(),
            nationality: "SG".parse().unwrap(),
            distance: Distance::Half,
            category: Category::Amateur,
            received_at: datetime!(2026-11-21 10:00 UTC),
            updated_at: datetime!(2026-11-21 10:00 UTC),
            waitlist_position: None,
            email_confirmation: pim_domain::EmailConfirmation::Pending { by: datetime!(2026-11-23 10:00 UTC) },
            language: "en".into(),
            sex: pim_domain::Sex::Female,
            qualifying_time: None,
            elite_margin_seconds: None,
        }
    }

    fn sender() -> Sender {
        Sender {
            from: "PIM Registration <registration@example.org>".parse().unwrap(),
            reply_to: Some("help@example.org".parse().unwrap()),
            site_url: "https://pim.example".into(),
        }
    }

    fn parts(message: &Message) -> (String, String, String, String) {
        let raw = message.formatted();
        let parsed = MessageParser::default().parse(&raw).expect("parses");
        let to = parsed.to().and_then(|to| to.first()).and_then(|a| a.name()).unwrap_or_default().to_owned();
        (
            parsed.subject().unwrap_or_default().to_owned(),
            to,
            parsed.body_text(0).unwrap_or_default().into_owned(),
            parsed.body_html(0).unwrap_or_default().into_owned(),
        )
    }

    #[test]
    fn every_email_reads_correctly_whichever_organisation_handles_the_entry() {
        let policy = Policy::embedded_default();
        for channel in Channel::ALL {
            let organisation = policy.organisation(channel);
            for kind in EmailKind::ALL {
                let registration = RegistrationSummary { channel, ..registration("Mei", "Tan") };
                let payload = EmailPayload { note: Some("A note.".into()), ..Default::default() };
                let message = compose(&policy, &sender(), 1, kind, "mei@example.sg", &registration, &payload).unwrap();
                let (_, _, text, html) = parts(&message);
                // Every email says where to get a lost status link again.
                let recover = "https://pim.example/registrations/recover";
                assert!(text.contains(recover) && html.contains(recover), "{kind:?}: {text}");
                // The organisation is never a sentence's subject: "the … agencies" is plural
                // and starts lower case.
                for verb in ["has", "have", "needs", "need", "invites", "invite", "will"] {
                    assert!(!text.contains(&format!("{organisation} {verb} ")), "{kind:?}, {channel:?}: {text}");
                }
                for line in text.lines() {
                    let first = line.trim_start().chars().next();
                    assert!(
                        !first.is_some_and(char::is_lowercase),
                        "{kind:?}, {channel:?}: {line:?} starts lower case"
                    );
                }
            }
        }
    }

    #[test]
    fn each_email_has_a_date_and_a_message_id_that_its_outbox_row_keeps_across_attempts() {
        let message = |outbox_id| {
            let message = compose(
                &Policy::embedded_default(),
                &sender(),
                outbox_id,
                EmailKind::RegistrationReceived,
                "mei@example.sg",
                &registration("Mei", "Tan"),
                &EmailPayload::default(),
            )
            .unwrap();
            let formatted = message.formatted();
            let parsed = MessageParser::default().parse(&formatted).unwrap();
            (parsed.message_id().map(str::to_owned), parsed.date().is_some())
        };
        assert_eq!(message(7), (Some("pim.7.PIM-7K3Q-9XRT@example.org".to_owned()), true));
        assert_eq!(message(7), message(7), "the same row, the same id");
        assert_ne!(message(8).0, message(7).0, "each row its own");
    }

    #[test]
    fn the_confirmation_carries_the_reference_explanation_next_steps_and_status_link() {
        let payload =
            EmailPayload { status_url: Some("https://pim.example/registrations/SECRET".into()), ..Default::default() };
        let message = compose(
            &Policy::embedded_default(),
            &sender(),
            7,
            EmailKind::RegistrationReceived,
            "mei@example.sg",
            &registration("Mei", "Tan"),
            &payload,
        )
        .unwrap();
        let (subject, to, text, html) = parts(&message);
        assert_eq!(subject, "Pyongyang Marathon: registration received (PIM-7K3Q-9XRT)");
        assert_eq!(to, "Mei Tan");
        for part in [&text, &html] {
            assert!(part.contains("PIM-7K3Q-9XRT"));
            assert!(part.contains("https://pim.example/registrations/SECRET"));
            assert!(part.contains("even though Singapore is in Southeast Asia"));
            assert!(part.contains("Bookings close on 14 March 2027"));
        }
    }

    #[test]
    fn non_latin_names_survive_in_headers_and_bodies_and_markup_is_escaped_in_html() {
        let message = compose(
            &Policy::embedded_default(),
            &sender(),
            7,
            EmailKind::RegistrationReceived,
            "kim@example.org",
            &registration("김철수", "王小明 <b>"),
            &EmailPayload::default(),
        )
        .unwrap();
        let (_, to, text, html) = parts(&message);
        assert_eq!(to, "김철수 王小明 <b>");
        assert!(text.contains("Dear 김철수 王小明 <b>,"));
        assert!(html.contains("김철수 王小明 &#60;b&#62;") || html.contains("김철수 王小明 &lt;b&gt;"), "{html}");
    }

    #[test]
    fn every_kind_renders_with_its_own_subject_and_the_operator_note() {
        let payload = EmailPayload {
            note: Some("Your results link does not open.".into()),
            waitlist_position: Some(4),
            ..Default::default()
        };
        let mut subjects = std::collections::HashSet::new();
        for kind in EmailKind::ALL {
            let message = compose(
                &Policy::embedded_default(),
                &sender(),
                7,
                kind,
                "a@example.org",
                &registration("Ann", "Lee"),
                &payload,
            )
            .unwrap();
            let (subject, _, text, html) = parts(&message);
            assert!(subject.ends_with("(PIM-7K3Q-9XRT)"), "{kind}");
            assert!(subjects.insert(subject), "{kind} has a subject of its own");
            assert!(text.contains("Dear Ann Lee") && html.contains("Dear Ann Lee"), "{kind}");
            if matches!(
                kind,
                EmailKind::Declined | EmailKind::InformationRequested | EmailKind::Accepted | EmailKind::Invited
            ) {
                assert!(text.contains("Your results link does not open."), "{kind}");
            }
            if kind == EmailKind::Waitlisted {
                assert!(text.contains("at position 4"));
            }
        }
    }

    #[test]
    fn a_stored_name_with_a_line_break_is_an_error_not_a_panic() {
        let result = compose(
            &Policy::embedded_default(),
            &sender(),
            7,
            EmailKind::RegistrationReceived,
            "a@example.org",
            &registration("Ann\r\nBcc: all@example.org", "Lee"),
            &EmailPayload::default(),
        );
        assert!(matches!(result, Err(ComposeError::RecipientName(pim_domain::TextError::ControlCharacter))));
    }

    #[test]
    fn a_sent_payload_keeps_no_status_confirmation_or_erasure_link() {
        let payload = EmailPayload {
            status_url: Some("https://x/registrations/S".into()),
            note: Some("n".into()),
            waitlist_position: None,
            confirm_email_url: Some("https://x/confirm-email/C".into()),
            confirm_email_by: Some("23 November 2026".into()),
            document: None,
            erase_url: Some("https://x/erasure/E".into()),
        };
        let kept = EmailPayload {
            note: Some("n".into()),
            confirm_email_by: Some("23 November 2026".into()),
            ..Default::default()
        };
        assert_eq!(payload.without_secrets(), kept);
    }

    #[test]
    fn replies_go_to_the_organisation_handling_the_entry_where_the_policy_names_its_address() {
        let source = Policy::embedded_default().source().replacen(
            "# state_agency = \"visas@agency.example\"",
            "state_agency = \"visas@agency.example\"",
            1,
        );
        let policy = Policy::from_toml(&source).unwrap();
        let reply_to = |channel: Channel| {
            let registration = RegistrationSummary { channel, ..registration("Mei", "Tan") };
            let message = compose(
                &policy,
                &sender(),
                1,
                EmailKind::Accepted,
                "mei@example.sg",
                &registration,
                &EmailPayload::default(),
            )
            .unwrap();
            let raw = String::from_utf8(message.formatted()).unwrap();
            raw.lines().find(|line| line.starts_with("Reply-To:")).unwrap_or_default().to_owned()
        };
        assert_eq!(
            reply_to(Channel::StateAgency),
            "Reply-To: \"the DPRK state travel agencies\" <visas@agency.example>"
        );
        assert_eq!(reply_to(Channel::LicensedOperator), "Reply-To: help@example.org", "no address named: pim's own");

        let wrong = source.replacen("state_agency = \"visas@agency.example\"", "state_agency = \"visas at agency\"", 1);
        let error = Policy::from_toml(&wrong).unwrap_err().to_string();
        assert!(error.contains("contacts.state_agency") && error.contains("email address"), "{error}");
    }
}
