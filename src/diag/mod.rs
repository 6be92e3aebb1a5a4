//! diag: the ground floor of what a person reads — `Diagnostic` (a message at a file, line
//! and column), the message catalogue in Swedish and English, and the report printer.

pub mod error;
pub mod messages;
pub mod report;
