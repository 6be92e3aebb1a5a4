//! Signed links: HMAC-SHA-256 under the key kept in the database, over the purpose, the
//! subscriber's id and its random nonce. A link names its row (`ID-MAC`), so a
//! forged or guessed one fails, and one for an erased address never matches a new row.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a link is for; a link for one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Leave,
    Manage,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Leave => "leave",
            Purpose::Manage => "manage",
        }
    }
}

/// Bytes of the MAC kept in a link: 128 bits, plenty against guessing, short in a mail.
const MAC_BYTES: usize = 16;

fn mac(secret: &[u8], parts: &[&[u8]]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    for p in parts {
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p);
    }
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token for a link: `ID-MAC`.
pub fn sign(secret: &[u8], purpose: Purpose, id: i64, nonce: &str) -> String {
    let tag = mac(
        secret,
        &[purpose.label().as_bytes(), &id.to_be_bytes(), nonce.as_bytes()],
    )
    .finalize();
    format!("{id}-{}", hex(&tag.into_bytes()[..MAC_BYTES]))
}

/// The id a token names, before it is checked (the nonce is in that row).
pub fn id_of(token: &str) -> Option<i64> {
    let (id, _) = token.split_once('-')?;
    id.parse().ok().filter(|id: &i64| *id > 0)
}

/// Whether `token` was made by `sign` for this purpose, row and nonce (in constant time).
pub fn verify(secret: &[u8], purpose: Purpose, token: &str, nonce: &str) -> bool {
    let Some((id, tag)) = token.split_once('-') else {
        return false;
    };
    let Ok(id) = id.parse::<i64>() else {
        return false;
    };
    if tag.len() != 2 * MAC_BYTES || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> = (0..MAC_BYTES)
        .filter_map(|i| u8::from_str_radix(&tag[2 * i..2 * i + 2], 16).ok())
        .collect();
    mac(
        secret,
        &[purpose.label().as_bytes(), &id.to_be_bytes(), nonce.as_bytes()],
    )
    .verify_truncated_left(&bytes)
    .is_ok()
}

/// A Message-ID stable per (subscriber, article): a copy sent again after a power cut
/// (see `send`) carries the same one, so mail programs that drop duplicates drop it.
pub fn message_id(secret: &[u8], subscriber_id: i64, url: &str, host: &str) -> String {
    let tag = mac(secret, &[b"message", &subscriber_id.to_be_bytes(), url.as_bytes()]).finalize();
    format!("<{}@{host}>", hex(&tag.into_bytes()[..MAC_BYTES]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_for_its_row_and_purpose_only() {
        let t = sign(b"k", Purpose::Confirm, 7, "n1");
        assert_eq!(id_of(&t), Some(7));
        assert!(verify(b"k", Purpose::Confirm, &t, "n1"));
        assert!(!verify(b"k", Purpose::Leave, &t, "n1"), "another purpose");
        assert!(!verify(b"k", Purpose::Confirm, &t, "n2"), "another nonce (a new row)");
        assert!(!verify(b"other", Purpose::Confirm, &t, "n1"), "another key");
        assert!(
            !verify(b"k", Purpose::Confirm, &t.replacen("7-", "8-", 1), "n1"),
            "another id"
        );
        assert!(!verify(b"k", Purpose::Confirm, "7-00", "n1"));
        assert!(!verify(b"k", Purpose::Confirm, "x", "n1"));
        assert_eq!(
            message_id(b"k", 1, "/a/", "mora.se"),
            message_id(b"k", 1, "/a/", "mora.se")
        );
        assert_ne!(
            message_id(b"k", 1, "/a/", "mora.se"),
            message_id(b"k", 2, "/a/", "mora.se")
        );
    }
}
