//! Fuzz target: the SVG check (files from static/ and theme/ before they are published).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the size limit, as the loading stage calls it, and the check itself.
    let _ = notis::content::svg::check_file("static/x.svg", data);
    let _ = notis::content::svg::check(data);
});
