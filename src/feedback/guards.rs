//! The checks before a comment is read, cheapest first: method, Origin/Referer, content
//! type, size (declared and read), and the per-client rate limit with the client's
//! address as the proxy saw it. Each either lets the request on or says why not.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use chrono::Utc;

use super::form::{Fields, MAX_BODY_BYTES, MAX_COMMENT_CHARS};
use super::receiver::{Receiver, Refusal};
use crate::diag::messages::Refused;

/// The Referer as text ("" when there is none), for the way back on a refusal page.
pub fn referer(headers: &HeaderMap) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Method, origin and content type, in that order.
pub fn request(receiver: &Receiver, parts: &Parts, referer: &str) -> Result<(), Refusal> {
    if parts.method != Method::POST {
        return Err(Refusal::notice(Refused::Method, ""));
    }
    if foreign(receiver, &parts.headers) {
        return Err(Refusal::notice(Refused::Foreign, ""));
    }
    if !is_form(&parts.headers) {
        return Err(Refusal::notice(Refused::NotAForm, referer));
    }
    Ok(())
}

/// The origin (`scheme://host[:port]`) of an absolute URL, or "".
fn origin_of(url: &str) -> &str {
    crate::text::urls::parts(url).map_or("", |p| p.origin)
}

/// A request that says it comes from another site (CSRF, or a form copied elsewhere).
pub fn foreign(receiver: &Receiver, headers: &HeaderMap) -> bool {
    let allowed = |origin: &str| {
        origin.eq_ignore_ascii_case(origin_of(&receiver.base_url))
            || (receiver.action.contains("://") && origin.eq_ignore_ascii_case(origin_of(&receiver.action)))
    };
    // "null" is what browsers send when the page's referrer policy hides its origin.
    if let Some(origin) = headers.get(header::ORIGIN)
        && origin != "null"
    {
        return !origin.to_str().is_ok_and(allowed);
    }
    match headers.get(header::REFERER) {
        Some(referer) => !referer.to_str().is_ok_and(|r| allowed(origin_of(r))),
        None => false,
    }
}

pub fn is_form(headers: &HeaderMap) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// The body, refused unread when its declared length is too large and cut off when it
/// grows past the limit while being read (chunked or lying senders).
pub async fn body(parts: &Parts, body: Body, referer: &str) -> Result<Bytes, Refusal> {
    let too_large = || {
        Refusal::notice(
            Refused::TooLarge {
                max_chars: MAX_COMMENT_CHARS,
            },
            referer,
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())
}

/// Counts the submission against its client's limit; returns the client's hash of the day.
pub fn rate_limit(
    receiver: &Receiver,
    peer: SocketAddr,
    headers: &HeaderMap,
    fields: &Fields,
) -> Result<String, Refusal> {
    let mut clients = receiver.clients.lock().unwrap_or_else(|e| e.into_inner());
    let hash = clients.hasher.hash(client_addr(peer, headers), Utc::now().date_naive());
    match clients.limiter.check(&hash, Instant::now()) {
        Ok(()) => Ok(hash),
        Err(wait) => Err(Refusal::form(
            Refused::RateLimited {
                seconds: wait.as_secs().max(1),
            },
            fields.clone(),
            Vec::new(),
        )),
    }
}

/// Loopback, also as an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a proxy on
/// this machine looks like to a receiver listening on `::`).
fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// The client's address: the TCP peer, or, when that is a proxy on this machine, the
/// address the proxy appended — the last of the last `X-Forwarded-For` line. Anything
/// before it was written by the client and proves nothing.
pub fn client_addr(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    let peer_ip = peer.ip().to_canonical();
    if !is_loopback(peer_ip) {
        return peer_ip;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|line| line.rsplit(',').next())
        .and_then(|last| parse_forwarded(last.trim()))
        .map_or(peer_ip, |ip| ip.to_canonical())
}

/// `203.0.113.7`, `2001:db8::1`, and the same with a port (`203.0.113.7:443`, `[2001:db8::1]:443`).
fn parse_forwarded(value: &str) -> Option<IpAddr> {
    value
        .parse::<IpAddr>()
        .ok()
        .or_else(|| value.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", l.parse().unwrap());
        }
        h
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_proxy_appended_address_decides() {
        let local = addr("127.0.0.1:5000");
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_addr(local, &headers(&["203.0.113.7"])), ip("203.0.113.7"));
        assert_eq!(
            client_addr(local, &headers(&["198.51.100.1, 203.0.113.8"])),
            ip("203.0.113.8"),
            "the last of a list"
        );
        assert_eq!(
            client_addr(local, &headers(&["203.0.113.9", "198.51.100.2, 203.0.113.10"])),
            ip("203.0.113.10"),
            "the last line, not the client's own first one"
        );
        assert_eq!(client_addr(local, &headers(&["203.0.113.7:443"])), ip("203.0.113.7"));
        assert_eq!(client_addr(local, &headers(&["[2001:db8::1]:443"])), ip("2001:db8::1"));
        assert_eq!(client_addr(local, &headers(&["::ffff:203.0.113.7"])), ip("203.0.113.7"));
        assert_eq!(client_addr(local, &headers(&["unknown"])), ip("127.0.0.1"));
        assert_eq!(client_addr(local, &HeaderMap::new()), ip("127.0.0.1"));
    }

    #[test]
    fn a_mapped_loopback_peer_is_a_local_proxy() {
        let mapped = addr("[::ffff:127.0.0.1]:5000");
        assert_eq!(
            client_addr(mapped, &headers(&["203.0.113.7"])),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_addr(addr("[::1]:5000"), &headers(&["203.0.113.7"])),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn a_remote_peer_cannot_choose_its_address() {
        let remote = addr("[::ffff:198.51.100.9]:5000");
        assert_eq!(
            client_addr(remote, &headers(&["127.0.0.1"])),
            "198.51.100.9".parse::<IpAddr>().unwrap()
        );
    }
}
