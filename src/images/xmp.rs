//! xmp: what an XMP packet (and a GIF's comments) says about the person who took a photo.
//!
//! exiftool, Lightroom, drones and many phones write the position, the photographer and the
//! camera as XMP — in a JPEG's APP1 segment, a PNG's `iTXt` chunk, a WebP's `XMP ` chunk or
//! a GIF's `XMP DataXMP` application extension — as well as, or instead of, EXIF. The packet
//! is plain XML text in all four, so it is found by its `<x:xmpmeta>` element wherever it
//! is, without reading the container, and its properties by name: enough to warn, which is
//! all this is for (processed photos lose all metadata anyway). Linear in the file's size,
//! bounded, never panics on broken input.

use super::exif::Found;

const GPS: Found = ("GPS-position", "GPS position");
/// Property names (lower case, as `prefix:Name`) and what each gives away, most sensitive
/// first. The GPS names are matched without their prefix: `exif:`, `drone-dji:`, `Camera:`.
const PROPERTIES: [(&str, Found); 14] = [
    ("gpslatitude", GPS),
    ("gpslongitude", GPS),
    ("photoshop:city", ("platsens namn", "the place's name")),
    ("iptc4xmpcore:location", ("platsens namn", "the place's name")),
    ("iptc4xmpext:locationshown", ("platsens namn", "the place's name")),
    ("iptc4xmpext:locationcreated", ("platsens namn", "the place's name")),
    ("dc:creator", ("fotografens namn", "the photographer's name")),
    ("dc:rights", ("upphovsrätt", "copyright")),
    ("tiff:make", ("kamerans tillverkare", "the camera's make")),
    ("tiff:model", ("kameramodell", "the camera model")),
    ("serialnumber", ("kamerans serienummer", "the camera's serial number")),
    ("exif:datetimeoriginal", ("tidpunkt", "the time")),
    ("xmp:createdate", ("tidpunkt", "the time")),
    ("photoshop:datecreated", ("tidpunkt", "the time")),
];
/// An XMP packet in a PNG, compressed: its properties cannot be read without unpacking it.
const COMPRESSED_PNG_XMP: &[u8] = b"XML:com.adobe.xmp\0\x01";
const UNREADABLE: Found = (
    "XMP-metadata som notis inte kan läsa",
    "XMP metadata that notis cannot read",
);
pub const COMMENT: Found = ("en kommentar", "a comment");

/// What the XMP packets in `bytes` (a whole image file) give away, without repeats.
pub fn personal_metadata(bytes: &[u8]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut add = |f: Found| {
        if !found.contains(&f) {
            found.push(f);
        }
    };
    let mut from = 0;
    while let Some(start) = find(&bytes[from..], b"<x:xmpmeta").or_else(|| find(&bytes[from..], b"<x:xapmeta")) {
        let start = from + start;
        // Up to the packet's end, or to the end of the file if it was cut off.
        let end = find(&bytes[start..], b"</x:xmpmeta>")
            .or_else(|| find(&bytes[start..], b"</x:xapmeta>"))
            .map_or(bytes.len(), |e| start + e);
        let packet = bytes[start..end].to_ascii_lowercase();
        for (name, what) in PROPERTIES {
            if find(&packet, name.as_bytes()).is_some() {
                add(what);
            }
        }
        from = end.max(start + 1);
    }
    if find(bytes, COMPRESSED_PNG_XMP).is_some() {
        add(UNREADABLE);
    }
    found.sort_by_key(|f| PROPERTIES.iter().position(|(_, p)| p == f).unwrap_or(PROPERTIES.len()));
    found
}

/// Whether a GIF carries a comment extension (free text, published with the file).
pub fn gif_has_comment(gif: &[u8]) -> bool {
    if !(gif.starts_with(b"GIF87a") || gif.starts_with(b"GIF89a")) || gif.len() < 13 {
        return false;
    }
    let mut i = 13 + color_table(gif[10]);
    // Each step moves forward by at least one byte, so this ends.
    while let Some(&kind) = gif.get(i) {
        match kind {
            0x21 => {
                if gif.get(i + 1) == Some(&0xfe) {
                    return true;
                }
                i = skip_sub_blocks(gif, i + 2);
            }
            0x2c => {
                let packed = gif.get(i + 9).copied().unwrap_or(0);
                // The descriptor, its colour table and the LZW code size, then the data.
                i = skip_sub_blocks(gif, i + 10 + color_table(packed) + 1);
            }
            _ => return false,
        }
    }
    false
}

/// The size of the colour table that a GIF's packed field announces.
fn color_table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// The offset after the sub-blocks that start at `i` (each a length byte and that many
/// bytes, ended by a zero length).
fn skip_sub_blocks(gif: &[u8], mut i: usize) -> usize {
    while let Some(&len) = gif.get(i) {
        i += 1 + usize::from(len);
        if len == 0 {
            break;
        }
    }
    i
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packet as `exiftool -XMP:GPSLatitude=… -XMP:Creator=…` writes it.
    const PACKET: &str = "<?xpacket begin='\u{feff}' id='W5M0MpCehiHzreSzNTczkc9d'?>\n<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.76'>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>\n  <dc:creator><rdf:Seq><rdf:li>Anna Andersson</rdf:li></rdf:Seq></dc:creator>\n </rdf:Description>\n <rdf:Description rdf:about='' xmlns:exif='http://ns.adobe.com/exif/1.0/'>\n  <exif:GPSLatitude>61,0.5N</exif:GPSLatitude>\n  <exif:GPSLongitude>14,32.6E</exif:GPSLongitude>\n </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>";

    #[test]
    fn gps_and_creator_are_found_in_a_packet_anywhere_and_junk_is_ignored() {
        let file = [
            &b"\xff\xd8\xff\xe1\x01\x00http://ns.adobe.com/xap/1.0/\0"[..],
            PACKET.as_bytes(),
            b"\xff\xd9",
        ]
        .concat();
        let sv: Vec<&str> = personal_metadata(&file).iter().map(|f| f.0).collect();
        assert_eq!(sv, ["GPS-position", "fotografens namn"]);
        // Cut anywhere: no panic, and no packet means nothing found.
        for cut in 0..file.len() {
            let _ = personal_metadata(&file[..cut]);
        }
        assert!(personal_metadata(b"GPSLatitude outside a packet").is_empty());
        let compressed = b"\x89PNG....iTXtXML:com.adobe.xmp\0\x01\0\0\0x\x9c";
        assert_eq!(personal_metadata(compressed), [UNREADABLE]);
    }

    #[test]
    fn a_gif_comment_is_found_by_walking_the_blocks() {
        // Header, a 1×1 screen with a 2-colour table, a comment, an image, the trailer.
        let mut gif = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff".to_vec();
        let image = b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0";
        let with = [&gif[..], b"\x21\xfe\x05hallo\0", image, b"\x3b"].concat();
        gif.extend(image);
        gif.push(0x3b);
        assert!(gif_has_comment(&with));
        assert!(!gif_has_comment(&gif));
        for cut in 0..with.len() {
            let _ = gif_has_comment(&with[..cut]);
        }
    }
}
