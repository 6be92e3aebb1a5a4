//! Fuzz target: the front matter split alone (`---` lines, line ends, offsets).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = notis::content::front_matter::split(text) {
        // The parts are slices of the text, and the body starts after the closing line.
        assert!(split.yaml.len() + split.body.len() <= text.len());
        assert!(split.body_line_offset >= 2);
        assert!(text.ends_with(split.body));
    }
});
