//! Personal data sealed at rest. Passport numbers, emergency contacts and uploaded
//! documents are stored encrypted with XChaCha20-Poly1305 (RustCrypto): a random 192-bit
//! nonce per value, so no two values share one, and the value's column as associated data,
//! so a sealed value cannot be moved into another column. Duplicate passports are still
//! found: the unique index holds a keyed hash (HMAC-SHA256) of the normalised number.
//!
//! The keys never enter the database. They come as text, `index=KEY 1=KEY 2=KEY` (each
//! 32 bytes in unpadded base64url): one index key for the passport hash, which is never
//! rotated (every entry's hash must stay comparable with a new registration's), and the
//! numbered encryption keys. Values are sealed under the highest number and carry the
//! number they were sealed under, so older keys keep opening what `pim keys rotate` has
//! not re-sealed yet. The database keeps a check value of each key (an HMAC of a fixed
//! text, which reveals nothing of the key), so a wrong key is refused at start instead of
//! sealing new data under it.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::Mac;
use pim_domain::PassportNumber;

use crate::StoreError;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;
const VERSION_BYTES: usize = 4;
/// The name of the index key in the key text and in the database's check values.
const INDEX_KEY: &str = "index";

/// The columns that hold sealed values: each is the associated data of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sealed {
    PassportNumber,
    EmergencyContactName,
    EmergencyContactPhone,
    Document,
}

impl Sealed {
    fn column(self) -> &'static [u8] {
        match self {
            Sealed::PassportNumber => b"registrations.passport_number",
            Sealed::EmergencyContactName => b"registrations.emergency_contact_name",
            Sealed::EmergencyContactPhone => b"registrations.emergency_contact_phone",
            Sealed::Document => b"documents.content",
        }
    }
}

/// The keys personal data is sealed and found with. `Debug` never shows them.
#[derive(Clone)]
pub struct DataKeys {
    index: [u8; KEY_BYTES],
    /// Encryption keys by version; values are sealed under the last.
    versions: BTreeMap<u32, [u8; KEY_BYTES]>,
}

/// Key text that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the data key is not valid: {0}")]
pub struct DataKeyError(String);

impl DataKeys {
    /// A new index key and encryption key version 1, from the operating system's random
    /// source.
    pub fn generate() -> DataKeys {
        DataKeys { index: random_key(), versions: BTreeMap::from([(1, random_key())]) }
    }

    /// These keys with one more encryption key, numbered after the newest: values sealed
    /// from now on use it.
    pub fn with_new_version(&self) -> DataKeys {
        let mut keys = self.clone();
        keys.versions.insert(self.newest_version() + 1, random_key());
        keys
    }

    /// Reads key text: `index=KEY` and one or more `N=KEY`, separated by white space;
    /// lines starting with `#` are comments.
    pub fn parse(text: &str) -> Result<DataKeys, DataKeyError> {
        let mut index = None;
        let mut versions = BTreeMap::new();
        let words = text.lines().filter(|line| !line.trim_start().starts_with('#')).flat_map(str::split_whitespace);
        for word in words {
            let Some((name, encoded)) = word.split_once('=') else {
                return Err(DataKeyError(format!("expected NAME=KEY, found a word of {} characters", word.len())));
            };
            let key = decode_key(encoded)
                .ok_or_else(|| DataKeyError(format!("key {name} is not {KEY_BYTES} bytes in unpadded base64url")))?;
            let repeated = if name == INDEX_KEY {
                index.replace(key).is_some()
            } else {
                let version =
                    name.parse::<u32>().ok().filter(|version| *version > 0).ok_or_else(|| {
                        DataKeyError(format!("{name:?} is neither \"index\" nor a key number from 1"))
                    })?;
                versions.insert(version, key).is_some()
            };
            if repeated {
                return Err(DataKeyError(format!("key {name} is given twice")));
            }
        }
        let index = index.ok_or_else(|| DataKeyError("the index key (index=KEY) is missing".to_owned()))?;
        if versions.is_empty() {
            return Err(DataKeyError("no encryption key (1=KEY) is given".to_owned()));
        }
        Ok(DataKeys { index, versions })
    }

    /// The key text [`DataKeys::parse`] reads.
    pub fn to_text(&self) -> String {
        let mut text = format!("{INDEX_KEY}={}", BASE64.encode(self.index));
        for (version, key) in &self.versions {
            text.push_str(&format!(" {version}={}", BASE64.encode(key)));
        }
        text
    }

    /// The encryption key new values are sealed under.
    pub fn newest_version(&self) -> u32 {
        *self.versions.keys().next_back().expect("at least one version, checked when made")
    }

    /// The encryption keys' numbers, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = u32> + '_ {
        self.versions.keys().copied()
    }

    /// Seals `clear` for `column` under the newest key: the key's number, the nonce, then
    /// the ciphertext with its tag.
    pub(crate) fn seal(&self, column: Sealed, clear: &[u8]) -> Vec<u8> {
        let version = self.newest_version();
        let nonce: [u8; NONCE_BYTES] = random_bytes();
        let sealed = self
            .cipher(version)
            .expect("the newest version is held")
            .encrypt(&XNonce::from(nonce), Payload { msg: clear, aad: column.column() })
            .expect("XChaCha20-Poly1305 seals any length this program stores");
        let mut value = Vec::with_capacity(VERSION_BYTES + NONCE_BYTES + sealed.len());
        value.extend_from_slice(&version.to_be_bytes());
        value.extend_from_slice(&nonce);
        value.extend_from_slice(&sealed);
        value
    }

    /// Opens a value [`DataKeys::seal`] made for `column`.
    pub(crate) fn open(&self, column: Sealed, value: &[u8]) -> Result<Vec<u8>, StoreError> {
        let broken =
            |why: &str| StoreError::Corrupt(format!("sealed {}: {why}", String::from_utf8_lossy(column.column())));
        if value.len() < VERSION_BYTES + NONCE_BYTES {
            return Err(broken("too short"));
        }
        let (version, rest) = value.split_at(VERSION_BYTES);
        let (nonce, sealed) = rest.split_at(NONCE_BYTES);
        let version = u32::from_be_bytes(version.try_into().expect("four bytes"));
        let cipher = self
            .cipher(version)
            .ok_or_else(|| broken(&format!("sealed under key {version}, which the data key does not hold")))?;
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().expect("split at the nonce's length");
        cipher
            .decrypt(&XNonce::from(nonce), Payload { msg: sealed, aad: column.column() })
            .map_err(|_| broken(&format!("does not open with key {version}")))
    }

    /// Seals text, for a text column: the sealed bytes in base64url.
    pub(crate) fn seal_text(&self, column: Sealed, clear: &str) -> String {
        BASE64.encode(self.seal(column, clear.as_bytes()))
    }

    /// Opens text [`DataKeys::seal_text`] made.
    pub(crate) fn open_text(&self, column: Sealed, value: &str) -> Result<String, StoreError> {
        let bytes = BASE64.decode(value).map_err(|_| {
            StoreError::Corrupt(format!("sealed {}: not base64url", String::from_utf8_lossy(column.column())))
        })?;
        String::from_utf8(self.open(column, &bytes)?)
            .map_err(|_| StoreError::Corrupt("a sealed text is not UTF-8".to_owned()))
    }

    /// What the unique index holds for a passport: an HMAC of its normalised number, so the
    /// same passport is found however it was typed and the number is not in the index.
    pub(crate) fn passport_key(&self, passport: &PassportNumber) -> String {
        BASE64.encode(mac(&self.index, passport.as_str().as_bytes()))
    }

    /// Each key's name and check value, for the database to recognise the keys by.
    pub(crate) fn check_values(&self) -> Vec<(String, String)> {
        let check = |key: &[u8; KEY_BYTES]| BASE64.encode(mac(key, b"PIM data key check"));
        std::iter::once((INDEX_KEY.to_owned(), check(&self.index)))
            .chain(self.versions.iter().map(|(version, key)| (version.to_string(), check(key))))
            .collect()
    }

    fn cipher(&self, version: u32) -> Option<XChaCha20Poly1305> {
        let key = self.versions.get(&version)?;
        Some(XChaCha20Poly1305::new(&(*key).into()))
    }
}

impl fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKeys").field("versions", &self.versions.keys().collect::<Vec<_>>()).finish_non_exhaustive()
    }
}

fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn decode_key(encoded: &str) -> Option<[u8; KEY_BYTES]> {
    BASE64.decode(encoded).ok()?.try_into().ok()
}

fn random_key() -> [u8; KEY_BYTES] {
    random_bytes()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passport(text: &str) -> PassportNumber {
        text.parse().unwrap()
    }

    #[test]
    fn a_sealed_value_opens_with_its_key_and_column_only() {
        let keys = DataKeys::generate();
        let sealed = keys.seal(Sealed::PassportNumber, b"C01X00T47");
        assert!(!sealed.windows(9).any(|w| w == b"C01X00T47"));
        assert_eq!(keys.open(Sealed::PassportNumber, &sealed).unwrap(), b"C01X00T47");
        assert!(keys.open(Sealed::EmergencyContactName, &sealed).is_err(), "moved to another column");
        assert!(DataKeys::generate().open(Sealed::PassportNumber, &sealed).is_err(), "another key");
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(keys.open(Sealed::PassportNumber, &tampered).is_err());
        assert_ne!(sealed, keys.seal(Sealed::PassportNumber, b"C01X00T47"), "a new nonce each time");
    }

    #[test]
    fn a_new_version_seals_new_values_and_still_opens_old_ones() {
        let old = DataKeys::generate();
        let sealed_before = old.seal_text(Sealed::EmergencyContactPhone, "+49 30 1234567");
        let new = DataKeys::parse(&old.with_new_version().to_text()).unwrap();
        assert_eq!(new.newest_version(), 2);
        assert_eq!(new.open_text(Sealed::EmergencyContactPhone, &sealed_before).unwrap(), "+49 30 1234567");
        let sealed_after = new.seal(Sealed::Document, b"%PDF");
        assert_eq!(sealed_after[..VERSION_BYTES], 2u32.to_be_bytes());
        let message = old.open(Sealed::Document, &sealed_after).unwrap_err().to_string();
        assert!(message.contains("key 2"), "{message}");
        assert_eq!(
            old.passport_key(&passport("X1234567")),
            new.passport_key(&passport("X1234567")),
            "the index key stays"
        );
    }

    #[test]
    fn the_passport_key_is_the_same_however_the_number_is_typed() {
        let keys = DataKeys::generate();
        assert_eq!(keys.passport_key(&passport("c01 x00-t47")), keys.passport_key(&passport("C01X00T47")));
        assert_ne!(keys.passport_key(&passport("C01X00T47")), keys.passport_key(&passport("C01X00T48")));
        assert_ne!(
            keys.passport_key(&passport("C01X00T47")),
            DataKeys::generate().passport_key(&passport("C01X00T47"))
        );
    }

    #[test]
    fn key_text_round_trips_and_bad_text_says_what_is_wrong() {
        let keys = DataKeys::generate().with_new_version();
        let text = format!("# PIM data keys\n{}\n", keys.to_text());
        assert_eq!(DataKeys::parse(&text).unwrap().check_values(), keys.check_values());
        let index_only = keys.to_text().split(' ').next().unwrap().to_owned();
        for (text, expected) in [
            ("", "index key"),
            (index_only.as_str(), "no encryption key"),
            ("index=abc 1=abc", "32 bytes"),
            ("secret", "NAME=KEY"),
        ] {
            let message = DataKeys::parse(text).unwrap_err().to_string();
            assert!(message.contains(expected), "{text:?}: {message}");
        }
        let zero = format!("{index_only} 0={}", BASE64.encode([0u8; 32]));
        assert!(DataKeys::parse(&zero).unwrap_err().to_string().contains("from 1"));
        assert!(!format!("{keys:?}").contains(&BASE64.encode(keys.index)), "Debug hides the keys");
    }
}
