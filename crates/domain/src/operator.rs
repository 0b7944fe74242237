//! The organisations whose operators review entries, and what each may see.

use std::fmt;
use std::str::FromStr;

/// The shortest password an operator may have.
pub const MIN_PASSWORD_LENGTH: usize = 12;

use crate::Channel;

/// An operator's organisation. Each handles one channel's entries; the race secretariat
/// oversees all of them and manages operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Organisation {
    /// The DPRK Ministry of Physical Culture and Sports: elite invitations.
    Ministry,
    StateAgency,
    LicensedOperator,
    Secretariat,
}

impl Organisation {
    pub const ALL: [Organisation; 4] =
        [Organisation::Ministry, Organisation::StateAgency, Organisation::LicensedOperator, Organisation::Secretariat];

    pub fn as_str(&self) -> &'static str {
        match self {
            Organisation::Ministry => "ministry",
            Organisation::StateAgency => "state_agency",
            Organisation::LicensedOperator => "licensed_operator",
            Organisation::Secretariat => "secretariat",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Organisation::Ministry => "Ministry of Physical Culture and Sports",
            Organisation::StateAgency => "State travel agencies",
            Organisation::LicensedOperator => "Koryo Tours (licensed operator)",
            Organisation::Secretariat => "Race secretariat",
        }
    }

    /// The one channel this organisation handles; `None` for the secretariat, which sees all.
    pub fn channel(&self) -> Option<Channel> {
        match self {
            Organisation::Ministry => Some(Channel::EliteInvitation),
            Organisation::StateAgency => Some(Channel::StateAgency),
            Organisation::LicensedOperator => Some(Channel::LicensedOperator),
            Organisation::Secretariat => None,
        }
    }

    /// Whether its operators may see and act on entries of `channel`.
    pub fn sees(&self, channel: Channel) -> bool {
        self.channel().is_none_or(|own| own == channel)
    }

    /// Whether it reviews entries: takes the actions on them. The secretariat oversees.
    pub fn reviews(&self, channel: Channel) -> bool {
        self.channel() == Some(channel)
    }

    /// Whether it arranges visas for its entries, and so may export full passport numbers.
    pub fn arranges_visas(&self) -> bool {
        self.channel().is_some()
    }

    pub fn manages_operators(&self) -> bool {
        *self == Organisation::Secretariat
    }
}

impl fmt::Display for Organisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Organisation {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Organisation::ALL.into_iter().find(|o| o.as_str() == text.trim()).ok_or_else(|| {
            let names: Vec<_> = Organisation::ALL.iter().map(|o| o.as_str()).collect();
            format!("\"{text}\" is not an organisation; use one of: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_organisation_sees_its_own_channel_and_the_secretariat_sees_all() {
        for channel in Channel::ALL {
            assert!(Organisation::Secretariat.sees(channel));
            assert!(!Organisation::Secretariat.reviews(channel));
            let owners: Vec<_> = Organisation::ALL.iter().filter(|o| o.reviews(channel)).collect();
            assert_eq!(owners.len(), 1, "{channel:?} has one reviewing organisation");
        }
        assert!(Organisation::Ministry.sees(Channel::EliteInvitation));
        assert!(!Organisation::Ministry.sees(Channel::StateAgency));
        assert!(!Organisation::LicensedOperator.sees(Channel::StateAgency));
    }

    #[test]
    fn organisations_parse_from_their_codes() {
        assert_eq!("licensed_operator".parse::<Organisation>(), Ok(Organisation::LicensedOperator));
        assert!("koryo".parse::<Organisation>().unwrap_err().contains("use one of: ministry, state_agency"));
    }
}
