//! What a free-text answer may hold. Names, race names and contacts end up in email
//! headers, CSV files, logs and screens of several organisations: a line break there can
//! forge a header or stop the mailer, a direction override can make a name read as
//! another, and an answer of only invisible characters is no answer. Letters of every
//! script stay welcome, with the joiners that Arabic, Persian and Indic names need.

/// Why a free-text answer cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A line break, tab, NUL, ESC, DEL or any other control character.
    #[error("remove the line breaks and other control characters from this answer")]
    ControlCharacter,
    /// A character that changes the direction text is shown in (U+202A–U+202E,
    /// U+2066–U+2069 and the direction marks).
    #[error("remove the hidden characters that change the direction of the text")]
    DirectionControl,
    /// Nothing visible: empty, spaces only, or zero-width characters only.
    #[error("enter this answer in visible letters or digits")]
    Blank,
}

impl TextError {
    /// A stable code for the kind of error, for translations and clients.
    pub fn code(&self) -> &'static str {
        match self {
            TextError::ControlCharacter => "control_character",
            TextError::DirectionControl => "direction_control",
            TextError::Blank => "blank",
        }
    }
}

/// Characters that reorder text when shown: embeddings, overrides, isolates and marks.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no room on screen: zero-width space and joiners, word joiner,
/// byte-order mark, soft hyphen, invisible operators.
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// Checks an answer that may be left empty: no control or direction characters.
/// U+2028 and U+2029 are line breaks too.
pub fn check_text(text: &str) -> Result<(), TextError> {
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            return Err(TextError::ControlCharacter);
        }
        if is_direction_control(c) {
            return Err(TextError::DirectionControl);
        }
    }
    Ok(())
}

/// Checks a required answer, such as a name: as [`check_text`], and something visible.
pub fn check_required_text(text: &str) -> Result<(), TextError> {
    check_text(text)?;
    if text.chars().all(is_invisible) {
        return Err(TextError::Blank);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_script_are_accepted() {
        for name in [
            "Anna-Lena",
            "O'Brien",
            "김철수",
            "王小明",
            "Ёлкина",
            "محمد",
            "דוד",
            "Nguyễn Thị Minh Khai",
            "श्री",
            // Persian with a zero-width non-joiner inside the name.
            "می\u{200C}خواهم",
            "Jean Paul",
        ] {
            assert_eq!(check_required_text(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn control_characters_are_refused_wherever_they_are() {
        for text in
            ["Ann\r\nBcc: x@y", "Ann\n", "\tAnn", "A\0nn", "A\u{1b}[31mnn", "An\u{7f}n", "A\u{85}", "A\u{2028}B"]
        {
            assert_eq!(check_text(text), Err(TextError::ControlCharacter), "{text:?}");
        }
    }

    #[test]
    fn direction_overrides_and_isolates_are_refused() {
        for text in ["Ann\u{202E}nimda", "\u{2066}Ann\u{2069}", "A\u{200F}nn"] {
            assert_eq!(check_text(text), Err(TextError::DirectionControl), "{text:?}");
        }
    }

    #[test]
    fn an_answer_with_nothing_visible_is_blank() {
        for text in ["", "   ", "\u{200B}\u{200B}", "\u{FEFF}", " \u{200D} ", "\u{3000}"] {
            assert_eq!(check_required_text(text), Err(TextError::Blank), "{text:?}");
        }
        assert_eq!(check_text(""), Ok(()), "an optional answer may be empty");
    }
}
