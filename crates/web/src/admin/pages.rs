//! The admin's pages. Templates live in `templates/admin/`.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use pim_domain::EmailConfirmation;
use pim_domain::Organisation;
use pim_domain::{Action, Channel, Distance, DocumentStatus, HistoryAction, Nationality, Policy, RaceTime, Status};
use pim_store::{
    AuditLine, DashboardCounts, EmailRecord, EntryDetail, EntryFilter, EntryLine, EntryOrder, Operator, QuotaLine,
};
use time::OffsetDateTime;

use super::ListQuery;

/// "2026-11-21 10:00 UTC": operators across time zones read one clock.
pub fn utc(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// Who is signed in, for the header.
pub struct Header {
    pub email: String,
    pub organisation: &'static str,
    pub csrf_token: String,
}

impl Header {
    pub fn new(operator: &Operator, token: &CsrfToken) -> Header {
        Header {
            email: operator.email.clone(),
            organisation: operator.organisation.label(),
            csrf_token: token.authenticity_token().unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
pub struct LoginPage {
    pub csrf_token: String,
    pub email: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/message.html")]
pub struct MessagePage {
    pub title: String,
    pub text: String,
}

pub fn admin_message(status: StatusCode, title: &str, text: &str) -> Response {
    (status, MessagePage { title: title.to_owned(), text: text.to_owned() }).into_response()
}

/// A sentence at the top of an admin page: what was done (shown calmly, announced
/// politely), or why it was not (shown as an alert).
pub struct Notice {
    pub text: String,
    pub done: bool,
}

impl Notice {
    /// The notice of an answer with `status`: done when it succeeded.
    pub fn of(status: StatusCode, text: String) -> Notice {
        Notice { text, done: status.is_success() }
    }
}

/// A line of the list as shown: the passport masked.
pub struct Line {
    pub reference: String,
    pub name: String,
    pub email: String,
    /// The runner's language, in English: operators write their notes in it.
    pub language: String,
    pub nationality: String,
    pub race: String,
    pub status: &'static str,
    pub channel: &'static str,
    pub passport: String,
    pub received: String,
    /// "3" for the third in line.
    pub position: String,
    /// For elite entries: "1:05" under the standard.
    pub margin: String,
    /// "email not confirmed" while the runner has not confirmed the email address.
    pub unconfirmed: Option<&'static str>,
}

/// Where an entry's email confirmation stands, for operators.
fn email_confirmation(confirmation: EmailConfirmation) -> String {
    match confirmation {
        EmailConfirmation::NotAsked => "not asked (entered before confirmation was asked for)".into(),
        EmailConfirmation::Confirmed { at } => format!("confirmed {}", utc(at)),
        EmailConfirmation::Pending { by } => format!("not confirmed: the entry lapses {} unless confirmed", utc(by)),
        EmailConfirmation::Lapsed { by } => format!("not confirmed by {}: the entry lapsed", utc(by)),
    }
}

/// Seconds under a standard as a runner reads them: "4:05" or "1:02:03".
fn margin(seconds: Option<u32>) -> String {
    seconds.and_then(RaceTime::from_seconds).map(|t| t.to_string()).unwrap_or_default()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/entries.html")]
pub struct EntriesPage {
    pub header: Header,
    /// The export of this very list: same filters.
    pub export_url: String,
    pub query: ListQuery,
    /// The secretariat chooses a channel; others have theirs.
    pub own_channel: Option<Channel>,
    pub channels: Vec<(&'static str, bool)>,
    pub statuses: Vec<(&'static str, &'static str, i64, bool)>,
    pub distances: Vec<(&'static str, bool)>,
    pub nationalities: Vec<Nationality>,
    pub lines: Vec<Line>,
    pub answered: Vec<Line>,
    /// How many entries are answered and wait for the operator, and the list of them.
    pub answered_count: i64,
    pub answered_url: String,
    pub next_page: Option<String>,
    pub total: i64,
    pub orders: Vec<(&'static str, &'static str, bool)>,
    /// The channel's places: "412 of 500 places held (all races), 37 waiting".
    pub places: Vec<String>,
    /// Whether the list shows waiting positions or margins.
    pub show_position: bool,
    pub show_margin: bool,
    /// What the operator's last action did, from its code.
    pub notice: Option<String>,
}

/// What the store found for one page of the list.
pub struct FoundEntries {
    pub lines: Vec<EntryLine>,
    /// Entries whose runner answered a request for information: shown first.
    pub answered: Vec<EntryLine>,
    pub counts: Vec<(Status, i64)>,
    pub places: Vec<QuotaLine>,
    /// Whether a next page exists.
    pub more: bool,
}

/// One limit of a channel's places in a sentence.
pub fn places_sentence(line: &QuotaLine) -> Option<String> {
    let places = line.places?;
    let waiting = match line.waiting {
        0 => "nobody waiting".to_owned(),
        1 => "1 waiting".to_owned(),
        n => format!("{n} waiting"),
    };
    Some(format!("{}: {} of {places} places held, {waiting}", line.scope.label(), line.held))
}

impl EntriesPage {
    pub fn new(
        operator: &Operator,
        token: &CsrfToken,
        query: ListQuery,
        filter: EntryFilter,
        found: FoundEntries,
    ) -> EntriesPage {
        let FoundEntries { lines, answered, counts, places, more } = found;
        let count = |status: Status| counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
        let keep: Vec<(&str, &str)> = [
            ("channel", query.channel.as_str()),
            ("status", query.status.as_str()),
            ("distance", query.distance.as_str()),
            ("nationality", query.nationality.as_str()),
            ("from", query.from.as_str()),
            ("to", query.to.as_str()),
            ("q", query.q.as_str()),
            ("order", query.order.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        let filters: String = keep.iter().map(|(name, value)| format!("{name}={}&", encode(value))).collect();
        let next_page =
            lines.last().filter(|_| more).map(|line| format!("/admin/entries?{filters}after={}", line.cursor));
        let show_position = lines.iter().any(|line| line.waitlist_position.is_some());
        let show_margin = lines.iter().any(|line| line.elite_margin_seconds.is_some());
        let mut nationalities = Nationality::all();
        nationalities.sort_by_key(|n| n.name());
        EntriesPage {
            header: Header::new(operator, token),
            export_url: format!("/admin/entries.csv?{}", filters.trim_end_matches('&')),
            own_channel: operator.organisation.channel(),
            channels: Channel::ALL.iter().map(|c| (c.as_str(), filter.channel == Some(*c))).collect(),
            statuses: Status::ALL
                .iter()
                .map(|s| (s.as_str(), s.label(), count(*s), filter.status == Some(*s)))
                .collect(),
            distances: Distance::ALL.iter().map(|d| (d.as_str(), filter.distance == Some(*d))).collect(),
            nationalities,
            total: counts.iter().map(|(_, n)| n).sum(),
            orders: EntryOrder::ALL.iter().map(|o| (o.as_str(), o.label(), filter.order == *o)).collect(),
            places: places.iter().filter_map(places_sentence).collect(),
            show_position,
            show_margin,
            notice: None,
            answered_count: count(Status::InformationProvided),
            answered_url: match operator.organisation.channel() {
                Some(_) => "/admin/entries?status=information_provided".to_owned(),
                None => format!(
                    "/admin/entries?status=information_provided{}",
                    filter.channel.map(|c| format!("&channel={}", c.as_str())).unwrap_or_default()
                ),
            },
            answered: answered.into_iter().map(Line::from).collect(),
            lines: lines.into_iter().map(Line::from).collect(),
            next_page,
            query,
        }
    }
}

impl From<EntryLine> for Line {
    fn from(line: EntryLine) -> Line {
        Line {
            reference: line.reference.as_str().to_owned(),
            name: format!("{} {}", line.given_name, line.family_name),
            language: pim_i18n::Language::english_name_of(&line.language),
            email: line.email,
            nationality: line.nationality.code().to_owned(),
            race: format!("{}, {}", line.distance.label(), line.category.as_str()),
            status: line.status.label(),
            channel: line.channel.as_str(),
            passport: line.passport_number.masked(),
            received: utc(line.received_at),
            position: line.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
            margin: margin(line.elite_margin_seconds),
            unconfirmed: matches!(
                line.email_confirmation,
                EmailConfirmation::Pending { .. } | EmailConfirmation::Lapsed { .. }
            )
            .then_some("email not confirmed"),
        }
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/entry.html")]
pub struct EntryPage {
    pub header: Header,
    pub message: Option<Notice>,
    pub reference: String,
    pub status: &'static str,
    pub organisation: String,
    pub fields: Vec<(&'static str, String)>,
    pub explanation: String,
    pub rule: &'static str,
    pub actions: Vec<(&'static str, &'static str)>,
    /// A waiting entry's position, and whether the operator may move it to the front.
    pub waitlist_position: Option<u32>,
    pub can_promote: bool,
    /// Only the organisation handling the entry resends its emails.
    pub can_resend: bool,
    pub note_limit: usize,
    pub reason_limit: usize,
    pub version: i64,
    /// (when, who, what, note to the runner, internal note)
    pub trail: Vec<(String, String, String, String, String)>,
    /// (id, kind, state, attempts, when, last error)
    pub emails: Vec<(i64, String, String, u32, String, String)>,
    pub documents: Vec<DocumentRow>,
    /// The documents the channel's organisation needs and has not got.
    pub missing_documents: Vec<&'static str>,
    pub document_reason_limit: usize,
    /// What the runner did since this operator last opened the entry.
    pub changed_since: Vec<String>,
}

/// One document on the entry page.
pub struct DocumentRow {
    pub id: i64,
    pub kind: &'static str,
    pub file: String,
    pub received: String,
    pub status: &'static str,
    pub reason: String,
    /// Whether it can still be accepted or asked for again.
    pub reviewable: bool,
}

/// What the store holds about an entry besides its fields.
pub struct EntryRecords {
    pub trail: Vec<AuditLine>,
    pub emails: Vec<EmailRecord>,
    pub documents: Vec<pim_store::DocumentLine>,
    /// The last line of the history this operator had seen, if they had opened the entry.
    pub seen_before: Option<i64>,
}

impl EntryPage {
    pub fn new(
        policy: &Policy,
        operator: &Operator,
        token: &CsrfToken,
        detail: EntryDetail,
        records: EntryRecords,
        message: Option<Notice>,
    ) -> EntryPage {
        let EntryRecords { trail, emails, documents, seen_before } = records;
        // What the runner did since this operator last looked (nothing on a first look:
        // all of it is new then).
        let changed_since = seen_before
            .map(|seen| {
                trail
                    .iter()
                    .filter(|line| line.id > seen && line.actor == "runner" && line.action != "submitted")
                    .map(|line| {
                        let what = match line.action.parse::<HistoryAction>() {
                            Ok(HistoryAction::DetailsCorrected) => "details corrected",
                            Ok(HistoryAction::Transferred) => "race changed",
                            Ok(HistoryAction::Review(Action::Answer)) => "answered",
                            Ok(HistoryAction::Review(Action::Withdraw)) => "withdrew",
                            Ok(HistoryAction::DocumentUploaded) => "sent a document",
                            Ok(HistoryAction::StatusLinkSent) => "asked for the status link again",
                            _ => line.action.as_str(),
                        };
                        let note = line.note.as_deref().map(|note| format!(": {note}")).unwrap_or_default();
                        format!("{} {what}{note}", utc(line.at))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let line = &detail.line;
        let organisation = operator.organisation;
        // The organisation that arranges the visa sees the whole passport number.
        let passport = if organisation.arranges_visas() {
            line.passport_number.as_str().to_owned()
        } else {
            line.passport_number.masked()
        };
        let optional = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
        let mut fields = vec![
            ("Given name(s)", line.given_name.clone()),
            ("Family name", line.family_name.clone()),
            ("Email", line.email.clone()),
            ("Language", pim_i18n::Language::english_name_of(&line.language)),
            ("Email confirmation", email_confirmation(line.email_confirmation)),
            ("Date of birth", detail.date_of_birth.to_string()),
            ("Sex", detail.sex.as_str().to_owned()),
            ("Nationality", format!("{} ({})", line.nationality.name(), line.nationality.code())),
            ("Passport number", passport),
            ("Passport expiry", detail.passport_expiry.to_string()),
            ("Race", line.distance.label().to_owned()),
            ("Category", line.category.as_str().to_owned()),
            ("Emergency contact", format!("{}, {}", detail.emergency_contact_name, detail.emergency_contact_phone)),
            ("Received", utc(line.received_at)),
            ("Last change", utc(detail.updated_at)),
        ];
        if line.category == pim_domain::Category::Elite {
            let time = detail.qualifying_time_seconds.and_then(RaceTime::from_seconds).map(|t| t.to_string());
            fields.extend([
                ("Qualifying time", time.unwrap_or_else(|| "—".into())),
                ("Qualifying date", detail.qualifying_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())),
                ("Qualifying race", optional(&detail.qualifying_race)),
                ("Results link", optional(&detail.qualifying_evidence_url)),
                (
                    "Under the standard by",
                    Some(margin(line.elite_margin_seconds)).filter(|m| !m.is_empty()).unwrap_or_else(|| "—".into()),
                ),
            ]);
        }
        let reviews = organisation.reviews(line.channel);
        let actions = if reviews {
            Action::available(line.channel, line.status)
                .into_iter()
                .map(|a| (a.as_str(), a.label(line.channel)))
                .collect()
        } else {
            Vec::new()
        };
        EntryPage {
            header: Header::new(operator, token),
            message,
            reference: line.reference.as_str().to_owned(),
            status: line.status.label(),
            organisation: policy.organisation(line.channel).to_owned(),
            fields,
            explanation: detail.explanation.clone(),
            rule: detail.rule.as_str(),
            actions,
            can_resend: reviews,
            note_limit: super::REVIEW_NOTE_LIMIT,
            reason_limit: super::PROMOTION_REASON_LIMIT,
            waitlist_position: line.waitlist_position,
            can_promote: reviews && line.status == Status::Waitlisted,
            version: detail.version,
            trail: trail
                .into_iter()
                .map(|a| {
                    let change = format!("{} → {}", a.from_status.unwrap_or_else(|| "—".into()), a.to_status);
                    let what = format!("{} ({change})", a.action);
                    (utc(a.at), a.actor, what, a.note.unwrap_or_default(), a.internal_note.unwrap_or_default())
                })
                .collect(),
            missing_documents: policy
                .documents(line.channel)
                .iter()
                .filter(|kind| !documents.iter().any(|d| d.kind == **kind && d.status != DocumentStatus::Refused))
                .map(|kind| kind.label())
                .collect(),
            documents: documents
                .iter()
                .rev()
                .map(|d| DocumentRow {
                    id: d.id,
                    kind: d.kind.label(),
                    file: format!(
                        "{} ({}, {})",
                        d.file_name,
                        d.file_type.name(),
                        crate::uploads::readable_size(d.size_bytes)
                    ),
                    received: utc(d.uploaded_at),
                    status: d.status.label(),
                    reason: d.reason.clone().unwrap_or_default(),
                    reviewable: reviews && d.status != DocumentStatus::Refused,
                })
                .collect(),
            document_reason_limit: super::documents::DOCUMENT_REASON_LIMIT,
            changed_since,
            emails: emails
                .into_iter()
                .map(|e| {
                    let when = e.sent_at.or(e.next_attempt_at).map(utc).unwrap_or_default();
                    (e.id, e.kind, e.status, e.attempts, when, e.last_error.unwrap_or_default())
                })
                .collect(),
        }
    }
}

/// What the store found for the dashboard.
pub struct DashboardData {
    /// Channel, then one count per status in `Status::ALL`'s order.
    pub by_channel: Vec<(&'static str, Vec<i64>)>,
    pub counts: DashboardCounts,
    pub failed: Vec<EmailRecord>,
    pub operators: Vec<Operator>,
    pub quotas: Vec<QuotaLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    pub header: Header,
    pub message: Option<Notice>,
    pub statuses: Vec<&'static str>,
    /// Channel, then one count per status in `statuses`' order.
    pub by_channel: Vec<(&'static str, Vec<i64>)>,
    pub by_distance: Vec<(&'static str, i64)>,
    pub by_nationality: Vec<(String, i64)>,
    /// (reference, kind, state, attempts, last error)
    pub failed: Vec<(String, String, String, u32, String)>,
    /// (id, email, organisation, active)
    pub operators: Vec<(i64, String, &'static str, bool)>,
    pub organisations: Vec<(&'static str, &'static str)>,
    pub quotas: Vec<QuotaRow>,
}

/// A limit as operators read it: a number, or "no limit".
pub fn places_text(places: Option<u32>) -> String {
    places.map_or("no limit".to_owned(), |n| n.to_string())
}

/// One limit of a channel's places on the dashboard, with its form.
pub struct QuotaRow {
    pub channel: &'static str,
    pub scope: &'static str,
    pub scope_label: &'static str,
    pub policy: String,
    pub places: String,
    pub held: i64,
    pub waiting: i64,
    pub changed: String,
}

impl From<QuotaLine> for QuotaRow {
    fn from(line: QuotaLine) -> QuotaRow {
        QuotaRow {
            channel: line.channel.as_str(),
            scope: line.scope.as_str(),
            scope_label: line.scope.label(),
            policy: places_text(line.policy_places),
            places: line.places.map(|n| n.to_string()).unwrap_or_default(),
            held: line.held,
            waiting: line.waiting,
            changed: line.changed.map(|(by, at)| format!("{by}, {}", utc(at))).unwrap_or_default(),
        }
    }
}

impl DashboardPage {
    pub fn new(
        signed_in: &super::auth::SignedIn,
        token: &CsrfToken,
        message: Option<Notice>,
        found: DashboardData,
    ) -> DashboardPage {
        let DashboardData { by_channel, counts, failed, operators, quotas } = found;
        DashboardPage {
            header: Header::new(&signed_in.operator, token),
            message,
            statuses: Status::ALL.iter().map(|s| s.label()).collect(),
            by_channel,
            by_distance: counts.by_distance.iter().map(|(d, n)| (d.label(), *n)).collect(),
            by_nationality: counts
                .by_nationality
                .iter()
                .map(|(c, n)| (format!("{} ({})", c.name(), c.code()), *n))
                .collect(),
            failed: failed
                .into_iter()
                .map(|e| {
                    (e.reference.as_str().to_owned(), e.kind, e.status, e.attempts, e.last_error.unwrap_or_default())
                })
                .collect(),
            operators: operators.into_iter().map(|o| (o.id, o.email, o.organisation.label(), !o.disabled)).collect(),
            organisations: Organisation::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
            quotas: quotas.into_iter().map(QuotaRow::from).collect(),
        }
    }
}
