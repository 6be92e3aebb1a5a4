//! Front matter split: `---` / YAML / `---` / Markdown, with the body's line.

/// A file split into its YAML and Markdown parts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Number of file lines before the YAML (the opening `---`), for error positions.
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// Number of file lines before the body, so Markdown line L is file line L + this.
    pub body_line_offset: usize,
}

/// Why a file could not be split, with the 1-based line to point at.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    NoOpening,
    /// The front matter opened on line 1 is never closed.
    NotClosed { lines: usize },
}

/// Splits normalised text (no BOM, `\n` line ends).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
                body_line_offset: line_no,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NotClosed { lines: line_no })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_line_offsets() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_line_offset, 1);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn empty_front_matter_and_body() {
        let s = split("---\n---\n").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
        let s = split("---\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn dashes_inside_yaml_values_do_not_close() {
        let s = split("---\ntitle: a --- b\n---\nx").unwrap();
        assert_eq!(s.yaml, "title: a --- b\n");
    }

    #[test]
    fn missing_delimiters() {
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split(""), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NotClosed { lines: 2 }));
        assert_eq!(split("---"), Err(SplitError::NotClosed { lines: 1 }));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = crate::text::normalise::normalise("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n");
        let s = split(&text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
    }
}
