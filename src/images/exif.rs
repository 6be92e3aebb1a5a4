//! exif: what a raw EXIF block (a TIFF structure) says about the person who took a photo.
//!
//! Only used to warn about static files published as they are: processed photos lose all
//! their metadata anyway. Reads IFD0 and says whether it points to a GPS block or names
//! a camera owner, artist or device; bounded, never panics on broken input.

/// IFD0 tags that tell where, by whom or with what a photo was taken.
const GPS_IFD: u16 = 0x8825;
/// What each gives away, in Swedish and English.
pub type Found = (&'static str, &'static str);
const GPS: Found = ("GPS-position", "GPS position");
const PERSONAL: [(u16, Found); 5] = [
    (0x013b, ("fotografens namn", "the photographer's name")),
    (0x8298, ("upphovsrätt", "copyright")),
    (0x010f, ("kamerans tillverkare", "the camera's make")),
    (0x0110, ("kameramodell", "the camera model")),
    (0x0132, ("tidpunkt", "the time")),
];

/// What a photo's EXIF gives away, most sensitive first; empty when nothing.
pub fn personal_metadata(exif: &[u8]) -> Vec<Found> {
    let exif = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let Some(tags) = ifd0_tags(exif) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if tags.contains(&GPS_IFD) {
        found.push(GPS);
    }
    found.extend(PERSONAL.iter().filter(|(t, _)| tags.contains(t)).map(|(_, what)| *what));
    found
}

/// The tag numbers of IFD0, or `None` if this is not a TIFF structure.
fn ifd0_tags(tiff: &[u8]) -> Option<Vec<u16>> {
    let little = match tiff.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(i..i + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(512)).map(|n| u16_at(ifd + 2 + n * 12)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gps_and_camera_are_found_and_junk_is_ignored() {
        // Little-endian TIFF, IFD0 at 8 with two entries: Model and the GPS pointer.
        let mut t = b"II*\0\x08\0\0\0\x02\0".to_vec();
        t.extend([0x10, 0x01, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        t.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        let sv: Vec<&str> = personal_metadata(&t).iter().map(|f| f.0).collect();
        assert_eq!(sv, ["GPS-position", "kameramodell"]);
        assert!(personal_metadata(b"Exif\0\0II*\0\xff\xff\xff\xff").is_empty());
        assert!(personal_metadata(b"").is_empty());
    }
}
