//! Fuzz target: one content file on arbitrary bytes, along the path a real build takes
//! (parse, Markdown, sanitising, model, routes, checks, rendering, minification).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = notis::build::fuzzing::build_article(data, None);
});
