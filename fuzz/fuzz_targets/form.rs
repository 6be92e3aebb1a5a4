//! Fuzz target: the receiver's form parser and validation (the body of a POST from anyone).
#![no_main]

use libfuzzer_sys::fuzz_target;
use notis::feedback::form::{self, Fields};

fuzz_target!(|data: &[u8]| {
    // The receiver refuses larger bodies before they are parsed.
    if data.len() > form::MAX_BODY_BYTES {
        return;
    }
    let fields = Fields::parse(data);
    let _ = fields.trapped();
    let _ = form::validate(&fields, "https://www.example.se");
});
