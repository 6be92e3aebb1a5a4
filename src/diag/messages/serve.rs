//! messages::serve: the live preview and starting and stopping servers.

use super::*;

// ---- The live preview (`notis serve`) --------------------------------------------------------

/// After every update of the preview.
pub fn preview_updated(articles: usize, pages: usize, ms: u128) -> Text {
    Text::new(
        format!(
            "uppdaterad: {}, {} på {ms} ms",
            count(articles, "nyhet", "nyheter"),
            count(pages, "sida", "sidor")
        ),
        format!(
            "rebuilt: {}, {} in {ms} ms",
            count(articles, "article", "articles"),
            count(pages, "page", "pages")
        ),
    )
}

// ---- Servers starting and stopping (`notis serve`, `notis feedback serve`) -----------------

pub fn server_cannot_start(error: &str) -> Text {
    Text::new(
        format!("kan inte starta servern: {error}"),
        format!("cannot start the server: {error}"),
    )
}

pub fn cannot_listen(addr: &str, error: &str) -> Text {
    Text::new(
        format!("kan inte lyssna på {addr}: {error}"),
        format!("cannot listen on {addr}: {error}"),
    )
}

pub fn bad_bind_address(bind: &str) -> Message {
    Message::new(
        "bad-bind",
        format!("`{bind}` är inte en IP-adress att lyssna på"),
        format!("`{bind}` is not an IP address to listen on"),
    )
    .help("använd --bind 127.0.0.1", "use --bind 127.0.0.1")
}

pub fn port_in_use(port: u16) -> Message {
    let next = port.wrapping_add(1);
    Message::new(
        "port-in-use",
        format!("port {port} används redan (kanske av en annan `notis serve`?)"),
        format!("port {port} is already in use (is another `notis serve` running?)"),
    )
    .help(
        format!("välj en annan port, t.ex. `notis serve --port {next}`"),
        format!("choose another port, e.g. `notis serve --port {next}`"),
    )
}

pub fn cannot_open_browser(url: &str) -> Text {
    Text::new(
        format!("kunde inte öppna en webbläsare; öppna {url} själv"),
        format!("could not open a browser; open {url} yourself"),
    )
}

/// The preview's answer while the site cannot be shown at all.
/// The preview's search index is being written (the request may be repeated in a moment).
pub fn preview_search_busy() -> Text {
    Text::new(
        "sökindexet byggs om; försök igen om en stund",
        "the search index is being rebuilt; try again in a moment",
    )
}

pub fn preview_site_broken() -> Text {
    Text::new("webbplatsen har fel", "the site has errors")
}

/// The preview holds no readable site.yaml yet (its own error is shown beside this).
pub fn preview_site_not_loaded() -> Message {
    Message::new(
        "site-not-loaded",
        "webbplatsen kunde inte läsas",
        "the site could not be read",
    )
}

/// The `<title>` of the preview's error page.
pub fn preview_error_title() -> Text {
    Text::new("Fel i webbplatsen – notis", "Errors in the site – notis")
}

/// The heading of the preview's error page.
pub fn preview_error_heading() -> Text {
    Text::new("Webbplatsen har fel", "The site has errors")
}

/// The line under the heading of the preview's error page.
pub fn preview_error_intro() -> Text {
    Text::new(
        "Rätta felen nedan och spara filen – förhandsvisningen uppdateras av sig själv.",
        "Fix the problems below and save the file: the preview updates by itself.",
    )
}

/// A route whose job is not rendering reached the renderer: a bug in notis, not the site.
pub fn nothing_to_render(url: &str) -> Message {
    Message::new(
        "internal",
        format!("{url} har inget att rendera (ett fel i notis)"),
        format!("{url} has nothing to render (a bug in notis)"),
    )
}

/// The label of the preview's site switcher (a repository of several sites).
pub fn preview_sites_label() -> Text {
    Text::new("Förhandsvisa webbplats", "Preview site")
}

/// The terminal line when the preview switches to another site.
pub fn preview_switched(name: &str) -> Text {
    Text::new(
        format!("förhandsvisar nu webbplatsen {name}"),
        format!("now previewing the site {name}"),
    )
}
