//! warc: one WARC 1.1 file (ISO 28500) per package, each published file an HTTP response
//! record at its public address, every record a gzip member of its own (`.warc.gz`), as web
//! archives (Heritrix, pywb, the National Library's ingest) read them.
//!
//! Written by hand: the format is a few header lines per record. Record IDs are UUIDs made
//! from a hash of the package and the address, so the same package always gives the same
//! bytes.

use std::io::{self, Write};

use sha2::{Digest, Sha256};

/// What a WARC file's first record says about it.
pub struct Info<'a> {
    /// The package's name, also the WARC file's stem.
    pub package: &'a str,
    /// The build time, `2025-03-01T11:00:00Z` (WARC dates are UTC).
    pub date: &'a str,
    pub organisation: &'a str,
    pub site: &'a str,
}

/// The `warcinfo` record that opens the file.
pub fn info_record(info: &Info) -> io::Result<Vec<u8>> {
    let block = format!(
        "software: notis {}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iso-commons.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\noperator: {}\r\nisPartOf: {}\r\ndescription: {}\r\n",
        env!("CARGO_PKG_VERSION"),
        one_line(info.organisation),
        one_line(info.site),
        info.package,
    );
    let head = format!(
        "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: {}\r\nWARC-Date: {}\r\nWARC-Filename: {}.warc.gz\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
        info_id(info.package),
        info.date,
        info.package,
        block.len()
    );
    gzip(&[head.as_bytes(), block.as_bytes(), b"\r\n\r\n"])
}

/// One published file as a `response` record: an HTTP 200 with its media type and length.
pub fn response_record(info: &Info, url: &str, media_type: &str, payload: &[u8]) -> io::Result<Vec<u8>> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    );
    let payload_digest = Sha256::digest(payload);
    let mut block = Sha256::new();
    block.update(http.as_bytes());
    block.update(payload);
    let head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: {}\r\nWARC-Date: {}\r\nWARC-Target-URI: {}\r\nWARC-Warcinfo-ID: {}\r\nWARC-Payload-Digest: sha256:{}\r\nWARC-Block-Digest: sha256:{}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        record_id(info.package, url),
        info.date,
        url,
        info_id(info.package),
        base32(&payload_digest),
        base32(&block.finalize()),
        http.len() + payload.len()
    );
    gzip(&[head.as_bytes(), http.as_bytes(), payload, b"\r\n\r\n"])
}

fn gzip(parts: &[&[u8]]) -> io::Result<Vec<u8>> {
    // The fastest level: the pages are small and mostly already compact; the time goes
    // into the one-article package that the build waits for.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for part in parts {
        gz.write_all(part)?;
    }
    gz.finish()
}

/// A header value on one line (a name from site.yaml could hold a line break).
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn info_id(package: &str) -> String {
    uuid(&[b"warcinfo", package.as_bytes()])
}

fn record_id(package: &str, url: &str) -> String {
    uuid(&[b"response", package.as_bytes(), url.as_bytes()])
}

/// `<urn:uuid:…>` from a SHA-256 of the parts: a name-based UUID (RFC 9562 version 8).
fn uuid(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().expect("16 of 32 bytes");
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// RFC 4648 base 32 with padding, as WARC digests are customarily written.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(ALPHABET[((n >> (35 - 5 * i)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_follows_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY======");
        assert_eq!(base32(b"fo"), "MZXQ====");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI======");
    }

    #[test]
    fn record_ids_are_stable_uuids() {
        let a = record_id("2025-03-01T12-00-00", "https://x.se/");
        assert_eq!(a, record_id("2025-03-01T12-00-00", "https://x.se/"));
        assert_ne!(a, record_id("2025-03-01T12-00-01", "https://x.se/"));
        assert_eq!(a.len(), "<urn:uuid:>".len() + 36);
        assert_eq!(&a[24..25], "8", "version 8: {a}");
    }
}
