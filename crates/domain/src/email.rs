//! An email address the mailer can deliver to: the common `local@domain.tld` form, and
//! nothing that only the letter of RFC 5322 allows (quoted parts, address literals,
//! dots in a row, a domain without a dot), which some mail servers refuse and lettre
//! may not build.

/// Why an email address cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailAddressError {
    #[error("enter an email address such as name@example.com")]
    Shape,
    #[error("the part before @ cannot start or end with a dot, or have two dots in a row")]
    Dots,
    #[error("the part after @ must be a domain name such as example.com")]
    Domain,
}

const LOCAL_SYMBOLS: &str = "!#$%&'*+/=?^_`{|}~.-";

/// Checks an address as typed (surrounding spaces already trimmed).
pub fn check_email_address(address: &str) -> Result<(), EmailAddressError> {
    let (local, domain) = address.rsplit_once('@').ok_or(EmailAddressError::Shape)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_alphanumeric() || LOCAL_SYMBOLS.contains(c));
    if !local_ok {
        return Err(EmailAddressError::Shape);
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailAddressError::Dots);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let top_level_ok = labels.last().is_some_and(|tld| tld.chars().any(|c| !c.is_ascii_digit()));
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !top_level_ok {
        return Err(EmailAddressError::Domain);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted() {
        for address in ["anna@example.org", "a.b+race@mail.example.co.uk", "kim_99@xn--9n2bp8q.kr", "王@例子.中国"]
        {
            assert_eq!(check_email_address(address), Ok(()), "{address}");
        }
    }

    #[test]
    fn addresses_a_mailer_may_refuse_are_refused() {
        assert_eq!(check_email_address("a..b@example.org"), Err(EmailAddressError::Dots));
        assert_eq!(check_email_address(".a@example.org"), Err(EmailAddressError::Dots));
        assert_eq!(check_email_address("a.@example.org"), Err(EmailAddressError::Dots));
        for address in ["a@[192.0.2.1]", "a@localhost", "a@example", "a@-x.org", "a@x..org", "a@192.0.2.1"] {
            assert_eq!(check_email_address(address), Err(EmailAddressError::Domain), "{address}");
        }
        for address in ["\"a b\"@example.org", "@example.org", "a b@example.org", "example.org"] {
            assert_eq!(check_email_address(address), Err(EmailAddressError::Shape), "{address}");
        }
    }
}
