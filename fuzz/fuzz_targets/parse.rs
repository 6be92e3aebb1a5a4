//! Fuzz target: the whole parse path of one content file on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = notis::check::check_file(data);
});
