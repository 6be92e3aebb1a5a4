//! Pagination: splitting a list into numbered pages and linking them.

use serde::Serialize;

pub use crate::model::routes::listing_page as page_url;

/// Number of pages for `total` items, at least 1 so an empty listing still has a page.
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page.max(1)).max(1)
}

/// One entry in the pagination nav: a page link or a gap ("…").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// 0 for a gap.
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// The pagination nav of page `current` (1-based) out of `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

/// Builds the nav: first, last and two either side of the current page, gaps elided.
pub fn pager(base: &str, current: usize, total: usize) -> Pager {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if last_shown != 0 && n > last_shown + 1 {
                links.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                });
            }
            links.push(PageLink {
                number: n,
                url: page_url(base, n),
                current: n == current,
            });
            last_shown = n;
        }
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| page_url(base, current - 1)),
        next: (current < total).then(|| page_url(base, current + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_counts() {
        assert_eq!(page_url("/nyheter/", 1), "/nyheter/");
        assert_eq!(page_url("/nyheter/", 3), "/nyheter/sida/3/");
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
    }

    #[test]
    fn pager_elides_far_pages() {
        let p = pager("/n/", 6, 12);
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(p.prev.as_deref(), Some("/n/sida/5/"));
        assert_eq!(p.next.as_deref(), Some("/n/sida/7/"));
        assert!(p.links.iter().filter(|l| l.current).all(|l| l.number == 6));
    }

    #[test]
    fn first_page_has_no_prev() {
        let p = pager("/n/", 1, 2);
        assert_eq!(p.prev, None);
        assert_eq!(p.links.len(), 2);
    }
}
