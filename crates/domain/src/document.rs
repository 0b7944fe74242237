//! Documents runners send for the visa or the invitation: which ones each organisation
//! needs (the policy lists them), which files are accepted, and what is removed from photos
//! before they are stored.

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;

/// What a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The page of the passport with the photo and the holder's details.
    PassportDataPage,
    PassportPhoto,
    /// The result list or certificate of an elite runner's qualifying race.
    QualifyingResult,
    /// A file sent with an answer to a request for information.
    Attachment,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::PassportDataPage,
        DocumentKind::PassportPhoto,
        DocumentKind::QualifyingResult,
        DocumentKind::Attachment,
    ];

    pub const fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::PassportDataPage => "passport_data_page",
            DocumentKind::PassportPhoto => "passport_photo",
            DocumentKind::QualifyingResult => "qualifying_result",
            DocumentKind::Attachment => "attachment",
        }
    }

    /// The document's name, as a heading or after "the".
    pub fn label(&self) -> &'static str {
        match self {
            DocumentKind::PassportDataPage => "Passport data page",
            DocumentKind::PassportPhoto => "Passport photo",
            DocumentKind::QualifyingResult => "Evidence of your qualifying result",
            DocumentKind::Attachment => "File sent with an answer",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("unknown document {text:?}"))
    }
}

crate::deserialize_from_str!(DocumentKind);

/// Where a received document stands with the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentStatus {
    /// Received, not yet looked at.
    Received,
    Accepted,
    /// The organisation asked for it again, with a reason.
    Refused,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 3] = [DocumentStatus::Received, DocumentStatus::Accepted, DocumentStatus::Refused];

    pub const fn as_str(&self) -> &'static str {
        match self {
            DocumentStatus::Received => "received",
            DocumentStatus::Accepted => "accepted",
            DocumentStatus::Refused => "refused",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            DocumentStatus::Received => "Received",
            DocumentStatus::Accepted => "Accepted",
            DocumentStatus::Refused => "Asked for again",
        }
    }
}

impl FromStr for DocumentStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DocumentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| format!("unknown document status {text:?}"))
    }
}

/// The kinds of file accepted, told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Pdf,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Jpeg, FileType::Png, FileType::Pdf];

    /// The type a file's bytes show, whatever its name or declared type says.
    pub fn of(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else {
            None
        }
    }

    pub const fn content_type(&self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Pdf => "application/pdf",
        }
    }

    pub fn from_content_type(text: &str) -> Option<FileType> {
        FileType::ALL.into_iter().find(|kind| kind.content_type() == text)
    }

    pub const fn extension(&self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }

    pub const fn name(&self) -> &'static str {
        match self {
            FileType::Jpeg => "JPEG",
            FileType::Png => "PNG",
            FileType::Pdf => "PDF",
        }
    }
}

/// Why an uploaded file is not kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("The file is empty. Choose the file again: a JPEG, PNG or PDF.")]
    Empty,
    #[error("The file is larger than {megabytes} MB. Send a smaller scan or photo: a JPEG, PNG or PDF.", megabytes = .limit / 1_000_000)]
    TooLarge { limit: usize },
    #[error("This file is not a JPEG, PNG or PDF. Only JPEG, PNG and PDF files are accepted.")]
    NotAllowed,
    #[error("This file looks like a {} but cannot be read. Take the photo or scan again, or send a PDF.", .0.name())]
    Unreadable(FileType),
}

/// A file ready to be stored: its type from its bytes, photos without their metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub file_type: FileType,
    pub bytes: Vec<u8>,
}

/// Checks an uploaded file against the accepted types and `limit`, and removes location,
/// camera and other metadata from photos.
pub fn check_upload(bytes: Vec<u8>, limit: usize) -> Result<CheckedFile, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > limit {
        return Err(UploadError::TooLarge { limit });
    }
    let file_type = FileType::of(&bytes).ok_or(UploadError::NotAllowed)?;
    let bytes = match file_type {
        FileType::Jpeg => strip_jpeg(bytes)?,
        FileType::Png => strip_png(bytes)?,
        FileType::Pdf => bytes,
    };
    Ok(CheckedFile { file_type, bytes })
}

/// Keeps what draws the picture (JFIF, the colour profile, Adobe's colour transform) and
/// drops the rest of the application segments and comments: EXIF (GPS, camera, times),
/// XMP, IPTC. The orientation goes with EXIF: a photo taken sideways shows sideways.
fn strip_jpeg(bytes: Vec<u8>) -> Result<Vec<u8>, UploadError> {
    let mut jpeg = Jpeg::from_bytes(Bytes::from(bytes)).map_err(|_| UploadError::Unreadable(FileType::Jpeg))?;
    const KEPT: [u8; 3] = [markers::APP0, markers::APP2, markers::APP14];
    jpeg.segments_mut().retain(|segment| {
        let marker = segment.marker();
        let metadata = (markers::APP0..=markers::APP15).contains(&marker) && !KEPT.contains(&marker);
        !(metadata || marker == markers::COM)
    });
    Ok(jpeg.encoder().bytes().to_vec())
}

/// Drops the chunks that carry EXIF, text (author, software, comments, often location)
/// and the time of last change.
fn strip_png(bytes: Vec<u8>) -> Result<Vec<u8>, UploadError> {
    let mut png = Png::from_bytes(Bytes::from(bytes)).map_err(|_| UploadError::Unreadable(FileType::Png))?;
    const METADATA: [[u8; 4]; 5] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"];
    png.chunks_mut().retain(|chunk| !METADATA.contains(&chunk.kind()));
    Ok(png.encoder().bytes().to_vec())
}

/// A tiny JPEG with an EXIF segment naming a camera and a GPS position, for tests here
/// and in the other crates: every byte of `EXIF` must be gone after [`check_upload`].
#[doc(hidden)]
pub mod samples {
    /// The EXIF payload's distinctive text.
    pub const EXIF_TEXT: &[u8] = b"GPSLatitude 39.0392 N GPSLongitude 125.7625 E Model PhoneCam";

    /// A 1x1 baseline JPEG (JFIF), with an APP1 EXIF segment carrying [`EXIF_TEXT`] when
    /// `with_exif`.
    pub fn jpeg(with_exif: bool) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        out.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if with_exif {
            let mut app1 = b"Exif\0\0".to_vec();
            app1.extend_from_slice(EXIF_TEXT);
            out.extend_from_slice(&[0xFF, 0xE1]);
            out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(&app1);
        }
        out.extend_from_slice(PIXEL);
        out
    }

    /// Quantisation and Huffman tables, frame, scan and end of a 1x1 grey JPEG.
    const PIXEL: &[u8] = &[
        0xFF, 0xDB, 0x00, 0x43, 0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09, 0x09, 0x08,
        0x0A, 0x0C, 0x14, 0x0D, 0x0C, 0x0B, 0x0B, 0x0C, 0x19, 0x12, 0x13, 0x0F, 0x14, 0x1D, 0x1A, 0x1F, 0x1E, 0x1D,
        0x1A, 0x1C, 0x1C, 0x20, 0x24, 0x2E, 0x27, 0x20, 0x22, 0x2C, 0x23, 0x1C, 0x1C, 0x28, 0x37, 0x29, 0x2C, 0x30,
        0x31, 0x34, 0x34, 0x34, 0x1F, 0x27, 0x39, 0x3D, 0x38, 0x32, 0x3C, 0x2E, 0x33, 0x34, 0x32, 0xFF, 0xC0, 0x00,
        0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x1F, 0x00, 0x00, 0x01, 0x05,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0xFF, 0xC4, 0x00, 0xB5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02,
        0x04, 0x03, 0x05, 0x05, 0x04, 0x04, 0x00, 0x00, 0x01, 0x7D, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12,
        0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42,
        0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A,
        0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47,
        0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92,
        0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2,
        0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2,
        0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA,
        0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00,
        0x3F, 0x00, 0xD2, 0xCF, 0x20, 0xFF, 0xD9,
    ];

    /// A minimal one-page PDF.
    pub fn pdf() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
            .to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|window| window == needle)
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(FileType::of(&samples::jpeg(false)), Some(FileType::Jpeg));
        assert_eq!(FileType::of(&samples::pdf()), Some(FileType::Pdf));
        assert_eq!(FileType::of(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(FileType::of(b"hello, this is text named photo.jpg"), None);
        assert_eq!(FileType::of(b"MZ\x90\x00 an executable"), None);
        assert_eq!(FileType::of(b"\x7fELF\x02\x01"), None);
    }

    #[test]
    fn location_and_camera_are_removed_from_a_jpeg_and_the_picture_kept() {
        let original = samples::jpeg(true);
        assert!(contains(&original, samples::EXIF_TEXT));
        let checked = check_upload(original, 1_000_000).unwrap();
        assert_eq!(checked.file_type, FileType::Jpeg);
        assert!(!contains(&checked.bytes, b"GPSLatitude"));
        assert!(!contains(&checked.bytes, b"PhoneCam"));
        assert!(!contains(&checked.bytes, b"Exif"));
        assert_eq!(checked.bytes, samples::jpeg(false), "everything but the EXIF segment is kept as it was");
    }

    #[test]
    fn refused_files_say_what_is_accepted() {
        assert_eq!(check_upload(Vec::new(), 10), Err(UploadError::Empty));
        assert_eq!(check_upload(samples::pdf(), 10), Err(UploadError::TooLarge { limit: 10 }));
        let not_allowed = check_upload(b"plain text".to_vec(), 100).unwrap_err();
        assert_eq!(
            not_allowed.to_string(),
            "This file is not a JPEG, PNG or PDF. Only JPEG, PNG and PDF files are accepted."
        );
        assert_eq!(
            UploadError::TooLarge { limit: 5_000_000 }.to_string(),
            "The file is larger than 5 MB. Send a smaller scan or photo: a JPEG, PNG or PDF."
        );
        let broken = check_upload(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00], 100).unwrap_err();
        assert_eq!(broken, UploadError::Unreadable(FileType::Jpeg));
    }

    #[test]
    fn a_pdf_is_kept_byte_for_byte() {
        assert_eq!(
            check_upload(samples::pdf(), 1000).unwrap(),
            CheckedFile { file_type: FileType::Pdf, bytes: samples::pdf() }
        );
    }

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for kind in DocumentKind::ALL {
            assert_eq!(kind.as_str().parse::<DocumentKind>(), Ok(kind));
        }
        for status in DocumentStatus::ALL {
            assert_eq!(status.as_str().parse::<DocumentStatus>(), Ok(status));
        }
    }
}
