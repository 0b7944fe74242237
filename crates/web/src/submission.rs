//! A form's submission id, and the status link's secret that comes from it.
//!
//! The server gives each form it shows a random nonce, signed with the site's secret (as
//! the anti-forgery token is). When the form comes back, the signature proves the id
//! was the server's, and the status link's secret is derived from the nonce with that
//! same secret: the same form sent twice (a double click) finds the same entry, while
//! nobody, knowing the form's hidden field or not, can choose or work out the secret of
//! a status link. Several instances sharing `PIM_SECRET` derive the same secrets.

use hmac::{KeyInit, Mac};
use pim_domain::{StatusToken, readable_secret};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Characters of the nonce and of its signature.
const NONCE_LENGTH: usize = 20;
const SIGNATURE_LENGTH: usize = 16;

#[derive(Clone)]
pub(crate) struct SubmissionIds {
    key: Vec<u8>,
}

impl SubmissionIds {
    pub(crate) fn new(secret: &str) -> SubmissionIds {
        SubmissionIds { key: [b"pim submission ids\0".as_slice(), secret.as_bytes()].concat() }
    }

    fn mac(&self, purpose: &[u8], nonce: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(purpose);
        mac.update(nonce.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A new id for a form about to be shown: `NONCE.SIGNATURE`.
    pub(crate) fn issue(&self) -> String {
        let mut random = [0u8; NONCE_LENGTH];
        getrandom::fill(&mut random).expect("the operating system provides randomness");
        let nonce = readable_secret(&random);
        let signature = readable_secret(&self.mac(b"form\0", &nonce)[..SIGNATURE_LENGTH]);
        format!("{nonce}.{signature}")
    }

    /// The id as sent back, if this server issued it.
    fn verified<'a>(&self, id: &'a str) -> Option<&'a str> {
        let (nonce, signature) = id.split_once('.')?;
        let expected = readable_secret(&self.mac(b"form\0", nonce)[..SIGNATURE_LENGTH]);
        // Compared in constant time, so the signature cannot be guessed a character at a time.
        let same = nonce.len() == NONCE_LENGTH
            && signature.len() == expected.len()
            && signature.bytes().zip(expected.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0;
        same.then_some(nonce)
    }

    /// The id to show again in a form sent back: the same one if it is the server's.
    pub(crate) fn keep_or_issue(&self, id: &str) -> String {
        if self.verified(id).is_some() { id.to_owned() } else { self.issue() }
    }

    /// The status link's secret for an API request with the idempotency key `key`, first
    /// seen at `first_seen`: a retry finds the same entry with a working link, and a key
    /// used again once forgotten makes a new one.
    pub(crate) fn status_token_for_api_key(&self, key: &str, first_seen: time::OffsetDateTime) -> StatusToken {
        let derived = self.mac(b"api idempotency key\0", &format!("{key}\0{}", first_seen.unix_timestamp_nanos()));
        StatusToken::from_random(derived[..StatusToken::LENGTH].try_into().expect("26 of 32 bytes"))
    }

    /// A digest of `text` for `purpose`, keyed with the site's secret: what the database
    /// keeps of an idempotency key and of its request's body.
    pub(crate) fn digest(&self, purpose: &[u8], text: &[u8]) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(purpose);
        mac.update(text);
        mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// The status link's secret for a form's id, if this server issued the id.
    pub(crate) fn status_token(&self, id: &str) -> Option<StatusToken> {
        let nonce = self.verified(id)?;
        let derived = self.mac(b"status link\0", nonce);
        Some(StatusToken::from_random(derived[..StatusToken::LENGTH].try_into().expect("26 of 32 bytes")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_form_gives_the_same_status_link_and_only_forms_the_server_issued_give_one() {
        let ids = SubmissionIds::new("site secret");
        let id = ids.issue();
        let token = ids.status_token(&id).expect("an issued id");
        assert_eq!(ids.status_token(&id).unwrap().as_str(), token.as_str(), "a double click finds the same entry");
        assert!(!token.as_str().contains(id.split('.').next().unwrap()), "the secret is not the id");
        assert_ne!(ids.status_token(&ids.issue()).unwrap().as_str(), token.as_str(), "each form its own");
        assert_eq!(ids.keep_or_issue(&id), id);

        let (nonce, _) = id.split_once('.').unwrap();
        for forged in ["", "ABCDEFGHJKLMNPQRSTUVWXYZ23", &format!("{nonce}.AAAAAAAAAAAAAAAA"), nonce] {
            assert!(ids.status_token(forged).is_none(), "{forged:?}");
            assert_ne!(ids.keep_or_issue(forged), forged);
        }
        let other_site = SubmissionIds::new("another secret");
        assert!(other_site.status_token(&id).is_none(), "an id from a site with another secret");
    }
}
