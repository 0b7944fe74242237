//! Who is asking: the client's address, as far as the server can believe it, and the
//! per-address limit on registrations that keeps a script from taking every place.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::AppState;

/// The proxies (addresses or networks) whose `X-Forwarded-For` is believed. Anyone else
/// could write any address there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// `10.0.0.5, 10.1.0.0/16, ::1`; empty: none.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parse = |item: &str| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{item:?} is not an IP address or network (such as 10.0.0.5 or 10.1.0.0/16)"))
        };
        text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(parse).collect::<Result<_, _>>().map(Self)
    }
}

impl TrustedProxies {
    pub(crate) fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the
    /// nearest address in `X-Forwarded-For` that is not itself a trusted proxy (each
    /// proxy appends the address it was reached from, so the right end is the most
    /// believable).
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut client = peer;
        for hop in forwarded.into_iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(address) => {
                    client = address;
                    if !self.trusts(address) {
                        break;
                    }
                }
                // Garbage from beyond the proxies: the last address believed stands.
                Err(_) => break,
            }
        }
        client
    }
}

/// The client's address, for limits: see [`TrustedProxies::client_address`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(peer)| peer.ip());
        Ok(ClientAddress(state.0.trusted_proxies.client_address(peer, &parts.headers)))
    }
}

/// How many registrations one address may send: `10/min` (a burst of that many, then
/// one every sixth of a minute), `5/s`, `100/hour`, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    Off,
    Every { count: NonZeroU32, per: Duration },
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::Every { count: NonZeroU32::new(10).expect("non-zero"), per: Duration::from_secs(60) }
    }
}

impl FromStr for RateLimit {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(RateLimit::Off);
        }
        let invalid = || format!("{text:?} is not a rate: write it as 10/min, 5/s, 100/hour or off");
        let (count, unit) = text.split_once('/').ok_or_else(invalid)?;
        let count = count.trim().parse::<NonZeroU32>().map_err(|_| invalid())?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(invalid()),
        };
        Ok(RateLimit::Every { count, per })
    }
}

/// Requests of one kind (registrations, status links asked for) per client address, in
/// this process.
pub(crate) struct AddressLimiter(Option<governor::DefaultKeyedRateLimiter<IpAddr>>);

impl AddressLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        AddressLimiter(match limit {
            RateLimit::Off => None,
            RateLimit::Every { count, per } => {
                let quota =
                    governor::Quota::with_period(per / count.get()).expect("a non-zero period").allow_burst(count);
                Some(governor::RateLimiter::keyed(quota))
            }
        })
    }

    /// `Err(wait)` when this address must wait before asking again.
    pub(crate) fn check(&self, address: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.0 else { return Ok(()) };
        limiter.check_key(&address).map_err(|not_until| {
            not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()))
        })
    }

    /// Forgets the addresses whose allowance is whole again, so memory stays bounded.
    pub(crate) fn prune(&self) {
        if let Some(limiter) = &self.0 {
            limiter.retain_recent();
        }
    }
}

/// Seconds to wait, rounded up, never 0: for `Retry-After` and the page.
pub(crate) fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let proxies: TrustedProxies = "10.0.0.5, 10.1.0.0/16".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let headers = forwarded("198.51.100.1, 203.0.113.7, 10.1.2.3");
        assert_eq!(proxies.client_address("10.0.0.5".parse().unwrap(), &headers), client, "the first hop not trusted");
        let stranger: IpAddr = "192.0.2.9".parse().unwrap();
        assert_eq!(proxies.client_address(stranger, &headers), stranger, "anyone else's header is ignored");
        assert_eq!(
            proxies.client_address("10.0.0.5".parse().unwrap(), &forwarded("nonsense")),
            "10.0.0.5".parse::<IpAddr>().unwrap()
        );
        assert!("10.0.0.300".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
    }

    #[test]
    fn rates_read_as_operators_write_them() {
        assert_eq!("off".parse::<RateLimit>(), Ok(RateLimit::Off));
        assert_eq!("10/min".parse::<RateLimit>(), Ok(RateLimit::default()));
        assert_eq!(
            "5/s".parse::<RateLimit>(),
            Ok(RateLimit::Every { count: NonZeroU32::new(5).unwrap(), per: Duration::from_secs(1) })
        );
        for bad in ["10", "0/min", "ten/min", "10/fortnight"] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn an_address_gets_its_burst_then_waits_and_others_are_unaffected() {
        let limiter = AddressLimiter::new(RateLimit::default());
        let (one, other): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!((0..10).all(|_| limiter.check(one).is_ok()));
        let wait = limiter.check(one).unwrap_err();
        assert!(wait <= Duration::from_secs(6) && retry_after_seconds(wait) >= 1, "{wait:?}");
        assert!(limiter.check(other).is_ok());
        assert!(AddressLimiter::new(RateLimit::Off).check(one).is_ok());
    }
}
