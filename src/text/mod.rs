//! text: small pure helpers over strings that every stage shares — Swedish dates and
//! moments, URLs and their schemes, e-mail addresses, YAML with positions, escaping and normalising.

pub mod dates;
pub mod email;
pub mod escape;
pub mod normalise;
pub mod urls;
pub mod yaml;
