//! messages::images: photos and SVG files.

use super::*;

// Photos (issue 17).

pub fn owner_photo_variant(source: &str) -> Text {
    Text::new(
        format!("en förminskad kopia av static/{source}"),
        format!("a resized copy of static/{source}"),
    )
}

pub fn photos_resized(count: usize) -> Text {
    Text::new(
        format!(
            "{count} {} till bildcachen",
            if count == 1 {
                "bild förminskad"
            } else {
                "bilder förminskade"
            }
        ),
        format!(
            "{count} {} resized into the image cache",
            if count == 1 { "photo" } else { "photos" }
        ),
    )
}

pub fn preview_shows_errors() -> Text {
    Text::new(
        "förhandsvisningen visar felen tills orsaken är borta",
        "the preview shows these errors until their cause is gone",
    )
}

pub fn preview_listening(url: &str) -> Text {
    // The first words are the same in both languages: scripts look for them.
    Text::new(
        format!("notis serve: {url} (Ctrl-C avslutar)"),
        format!("notis serve: {url} (Ctrl-C stops)"),
    )
}

pub fn preview_stopped() -> Text {
    Text::new("notis serve: avslutad", "notis serve: stopped")
}

pub fn preview_cannot_watch(path: &str, error: &str) -> Text {
    Text::new(
        format!("varning: kan inte bevaka {path} ({error})\n  tips: ladda om sidan för hand efter varje ändring"),
        format!("warning: cannot watch {path} ({error})\n  hint: reload the page by hand after every change"),
    )
}

pub fn preview_unreadable(error: &str) -> Message {
    Message::new(
        "unreadable",
        format!("kan inte läsas: {error}"),
        format!("cannot read: {error}"),
    )
    .help(
        "kontrollera att filen finns och att du får läsa den",
        "check that the file exists and that you may read it",
    )
}

/// A request for another host name (421).
pub fn preview_wrong_host(addr: &str, port: u16) -> Text {
    Text::new(
        format!(
            "421 Fel värdnamn: förhandsvisningen svarar bara på den här datorns adresser.\n\
             Tips: öppna http://{addr}/ eller http://localhost:{port}/ i webbläsaren.\n"
        ),
        format!(
            "421 Wrong host name: the preview answers only to this computer's addresses.\n\
             Hint: open http://{addr}/ or http://localhost:{port}/ in the browser.\n"
        ),
    )
}

pub fn preview_only_get() -> Text {
    Text::new(
        "405 Förhandsvisningen tar bara emot GET och HEAD.\nTips: öppna adressen i en webbläsare.\n",
        "405 The preview takes GET and HEAD only.\nHint: open the address in a browser.\n",
    )
}

pub fn preview_no_body() -> Text {
    Text::new(
        "413 Förhandsvisningen tar inte emot innehåll i förfrågningar.\nTips: skicka förfrågan utan innehåll.\n",
        "413 The preview takes no request bodies.\nHint: send the request without a body.\n",
    )
}

/// The summary of the notice of warnings on a preview page.
pub fn preview_warnings(n: usize) -> Text {
    Text::new(
        format!("notis: {} i webbplatsen", count(n, "varning", "varningar")),
        format!("notis: {} in the site", count(n, "warning", "warnings")),
    )
}

pub fn preview_close() -> Text {
    Text::new("Stäng", "Close")
}

pub fn image_cannot_read(e: &std::io::Error) -> Message {
    Message::new(
        "image-read",
        format!("kan inte läsa bilden: {e}"),
        format!("cannot read the image: {e}"),
    )
    .help(
        "kontrollera att filen finns och går att läsa",
        "check that the file exists and can be read",
    )
}

pub fn image_unreadable(e: &str) -> Message {
    Message::new(
        "image-format",
        format!("bilden går inte att avkoda: {e}"),
        format!("the image cannot be decoded: {e}"),
    )
    .help(
        "spara den på nytt som JPEG, PNG eller WebP",
        "save it again as JPEG, PNG or WebP",
    )
}

pub fn image_too_large(megabytes: f64) -> Message {
    Message::new(
        "image-too-large",
        // Swedish writes a decimal comma.
        format!(
            "bilden är {} MB, mer än gränsen 20 MB",
            format!("{megabytes:.1}").replace('.', ",")
        ),
        format!("the image is {megabytes:.1} MB, more than the limit of 20 MB"),
    )
    .help(
        "spara bilden i mindre storlek, till exempel 3000 bildpunkter bred, och bygg igen",
        "save the image smaller, for example 3000 pixels wide, and build again",
    )
}

/// `limit` is the most pixels a photo may have.
pub fn image_too_many_pixels(width: u32, height: u32, limit: u64) -> Message {
    let pixels = u64::from(width) * u64::from(height);
    let mp = pixels as f64 / 1e6;
    // One decimal and the exact count: 7746×5164 is 40,0 megapixel rounded, yet over 40.
    Message::new(
        "image-too-large",
        format!(
            "bilden är {width}×{height} bildpunkter, {} megapixel ({} bildpunkter), mer än gränsen {} megapixel ({} bildpunkter)",
            decimal_sv(mp, 1),
            grouped(pixels, ' '),
            limit / 1_000_000,
            grouped(limit, ' ')
        ),
        format!(
            "the image is {width}×{height} pixels, {mp:.1} megapixels ({} pixels), more than the limit of {} megapixels ({} pixels)",
            grouped(pixels, ','),
            limit / 1_000_000,
            grouped(limit, ',')
        ),
    )
    .help(
        "förminska bilden, till exempel till 4000 bildpunkter på längden, och bygg igen",
        "make the image smaller, for example 4000 pixels on its long side, and build again",
    )
}

/// A photo whose decoding would take more than the whole memory budget.
pub fn image_over_memory(megabytes: f64, budget_megabytes: u64) -> Message {
    Message::new(
        "image-too-large",
        format!(
            "bilden behöver {} MB minne för att förminskas, mer än gränsen {budget_megabytes} MB",
            decimal_sv(megabytes, 0)
        ),
        format!(
            "the image needs {megabytes:.0} MB of memory to be resized, more than the limit of {budget_megabytes} MB"
        ),
    )
    .help(
        "spara bilden i mindre storlek eller med 8 bitar per färg (inte 16), till exempel som JPEG, och bygg igen",
        "save the image smaller or with 8 bits per colour (not 16), for example as JPEG, and build again",
    )
}

pub fn image_cache_write(e: &std::io::Error) -> Message {
    Message::new(
        "image-cache",
        format!("kan inte skriva bildcachen: {e}"),
        format!("cannot write the image cache: {e}"),
    )
    .help(
        "kontrollera att mappen bredvid utdatamappen går att skriva i; bildcachen får tas bort",
        "check that the folder beside the output folder is writable; the image cache may be deleted",
    )
}

/// `found` names what the metadata gives away, in Swedish and English.
pub fn image_personal_metadata(found: &[(&str, &str)]) -> Message {
    let sv: Vec<&str> = found.iter().map(|p| p.0).collect();
    let en: Vec<&str> = found.iter().map(|p| p.1).collect();
    Message::new(
        "image-metadata",
        format!("bilden publiceras som den är och avslöjar {}", sv.join(", ")),
        format!("the image is published as it is and gives away {}", en.join(", ")),
    )
    .help(
        "visa bilden i en nyhet eller på en sida (då tas uppgifterna bort), eller spara den utan metadata",
        "show the image in an article or page (which removes them), or save it without metadata",
    )
}

/// An image address written without the leading `/` (or with `static/` in it) that names
/// `meant` once corrected.
pub fn image_wrong_path(written: &str, meant: &str) -> Message {
    Message::new(
        "image-wrong-path",
        format!("bilden `{written}` hittas inte på sidan: sökvägen ska börja med /; skriv {meant}"),
        format!("the image `{written}` is not found from the page: the path must start with /; write {meant}"),
    )
    .help(
        "en bild i static/bilder/ har adressen /bilder/…, med / först och utan static/",
        "an image in static/bilder/ has the address /bilder/…, with / first and without static/",
    )
}

/// A static image in a format notis cannot remove metadata from (HEIC, HEIF, AVIF, TIFF,
/// DNG), by the format's name; never published.
pub fn image_unstrippable(format: &str) -> Message {
    let iphone = matches!(format, "HEIC" | "HEIF");
    Message::new(
        "image-unstrippable",
        format!("bilden är i formatet {format}, som notis inte kan ta bort GPS-position och andra uppgifter ur; den publiceras inte"),
        format!("the image is in the {format} format, which notis cannot remove the GPS position and other details from; it is not published"),
    )
    .help(
        if iphone {
            "exportera bilden som JPEG och hänvisa till .jpg-filen; en iPhone sparar JPEG med Inställningar → Kamera → Format → Mest kompatibel"
        } else {
            "exportera bilden som JPEG (foton) eller PNG (grafik) och hänvisa till den nya filen"
        },
        if iphone {
            "export the image as JPEG and refer to the .jpg file; an iPhone saves JPEG with Settings → Camera → Formats → Most Compatible"
        } else {
            "export the image as JPEG (photos) or PNG (graphics) and refer to the new file"
        },
    )
}

/// A GIF, always published as it is, whose metadata gives away `found`.
pub fn gif_metadata(found: &[(&str, &str)]) -> Message {
    let sv: Vec<&str> = found.iter().map(|p| p.0).collect();
    let en: Vec<&str> = found.iter().map(|p| p.1).collect();
    Message::new(
        "image-metadata",
        format!(
            "GIF-bilden publiceras som den är och avslöjar {}; notis kan inte ta bort uppgifter ur GIF-filer",
            sv.join(", ")
        ),
        format!(
            "the GIF image is published as it is and gives away {}; notis cannot remove details from GIF files",
            en.join(", ")
        ),
    )
    .help(
        "spara bilden som PNG och visa den i en nyhet (då tas uppgifterna bort), eller spara GIF-filen utan metadata",
        "save the image as PNG and show it in an article (which removes them), or save the GIF file without metadata",
    )
}

/// `organisation.logo` or `share_image` names a file that is not in static/.
pub fn config_image_missing(key: &str, value: &str) -> Message {
    Message::new(
        "config-image-missing",
        format!("`{key}` `{value}` finns inte i static/"),
        format!("`{key}` `{value}` is not in static/"),
    )
    .help(
        "lägg bilden i static/ (static/bilder/logo.svg är /bilder/logo.svg) eller rätta sökvägen",
        "put the image in static/ (static/bilder/logo.svg is /bilder/logo.svg) or correct the path",
    )
}

/// What makes an SVG unsafe to publish as it is (issue 17); each has its own code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgRisk {
    /// Not well-formed XML; the parser's own words (in English) and where.
    Unparsable(String),
    NotUtf8,
    /// A DOCTYPE, whose entity declarations can make a parser expand gigabytes.
    Doctype,
    /// `<script>` (or SVG Tiny's `<handler>`/`<listener>`), by name as written.
    Script(String),
    /// `<foreignObject>` or HTML inside the SVG, by name as written.
    Embedded(String),
    /// An event attribute such as `onload`, by name as written.
    Event(String),
    /// A `javascript:` (or `vbscript:`) address in the attribute named.
    ScriptUrl(String),
    /// An address on another site (or one that is not an image `data:` address).
    External(String),
    /// An `<?xml-stylesheet?>` instruction.
    Stylesheet,
    /// A backslash escape in CSS, which could spell `url(` so that no check sees it.
    CssEscape,
    /// A gzipped SVG (`.svgz`), which notis does not unpack to check.
    Compressed,
    /// A file larger than the limit, by its size in bytes.
    TooLarge(u64),
}

/// An SVG in static/ or theme/ that could run script or fetch from another site is refused.
pub fn svg_refused(risk: &SvgRisk) -> Message {
    match risk {
        SvgRisk::Unparsable(_) | SvgRisk::NotUtf8 | SvgRisk::Doctype | SvgRisk::Compressed | SvgRisk::TooLarge(_) => {
            svg_unreadable(risk)
        }
        SvgRisk::Script(_) | SvgRisk::Embedded(_) | SvgRisk::Event(_) | SvgRisk::ScriptUrl(_) => svg_script(risk),
        SvgRisk::External(_) | SvgRisk::Stylesheet | SvgRisk::CssEscape => svg_fetches(risk),
    }
}

/// A file that notis does not read far enough to check.
fn svg_unreadable(risk: &SvgRisk) -> Message {
    match risk {
        SvgRisk::Unparsable(e) => Message::new(
            "svg-unparsable",
            format!("SVG-filen går inte att tolka som XML: {e}"),
            format!("the SVG file cannot be parsed as XML: {e}"),
        )
        .help(
            "rätta filen där felet är, eller exportera bilden på nytt från ritprogrammet",
            "correct the file where the error is, or export the image again from the drawing program",
        ),
        SvgRisk::Doctype => Message::new(
            "svg-doctype",
            "SVG-filen har en DOCTYPE; notis publicerar inte SVG med DOCTYPE eftersom dess ENTITY-deklarationer kan få en läsare att växa till gigabyte (\"billion laughs\")",
            "the SVG file has a DOCTYPE; notis does not publish SVG with a DOCTYPE because its ENTITY declarations can make a reader grow to gigabytes (\"billion laughs\")",
        )
        .help(
            "ta bort raden <!DOCTYPE …> (med allt mellan [ och ] om det finns); webbläsare använder den inte, så bilden ser likadan ut",
            "remove the <!DOCTYPE …> line (with everything between [ and ] if there is any); browsers do not use it, so the image looks the same",
        ),
        SvgRisk::Compressed => Message::new(
            "svg-compressed",
            "SVG-filen är packad (.svgz); notis kontrollerar bara opackade SVG-filer",
            "the SVG file is compressed (.svgz); notis checks only uncompressed SVG files",
        )
        .help(
            "packa upp den (gunzip) och spara den som .svg; webbservern packar den när den skickas",
            "unpack it (gunzip) and save it as .svg; the web server compresses it when it sends it",
        ),
        SvgRisk::TooLarge(bytes) => {
            let mb = *bytes as f64 / 1_048_576.0;
            Message::new(
                "svg-too-large",
                format!("SVG-filen är {} MB, mer än gränsen 5 MB", decimal_sv(mb, 1)),
                format!("the SVG file is {mb:.1} MB, more than the limit of 5 MB"),
            )
            .help(
                "förenkla bilden i ritprogrammet (färre punkter, inga inbäddade foton) eller spara den som PNG",
                "simplify the image in the drawing program (fewer points, no embedded photos) or save it as PNG",
            )
        }
        _ => Message::new(
            "svg-unparsable",
            "SVG-filen är inte sparad som UTF-8",
            "the SVG file is not saved as UTF-8",
        )
        .help("spara filen på nytt som UTF-8", "save the file again as UTF-8"),
    }
}

/// Script in the file, or HTML that can run it.
fn svg_script(risk: &SvgRisk) -> Message {
    let remove_sv = "ta bort det ur filen i en textredigerare, eller exportera bilden på nytt utan skript och länkar";
    let remove_en = "remove it from the file in a text editor, or export the image again without script and links";
    let (code, sv, en) = match risk {
        SvgRisk::Script(name) => (
            "svg-script",
            format!("SVG-filen innehåller skript (<{name}>), som körs när någon öppnar bilden"),
            format!("the SVG file contains script (<{name}>), which runs when someone opens the image"),
        ),
        SvgRisk::Embedded(name) => (
            "svg-embedded",
            format!("SVG-filen bäddar in HTML (<{name}>), som kan köra skript och hämta från andra webbplatser"),
            format!("the SVG file embeds HTML (<{name}>), which can run script and fetch from other sites"),
        ),
        SvgRisk::Event(name) => (
            "svg-script",
            format!("SVG-filen innehåller skript i attributet `{name}`, som körs när någon öppnar bilden"),
            format!("the SVG file contains script in the attribute `{name}`, which runs when someone opens the image"),
        ),
        SvgRisk::ScriptUrl(name) => (
            "svg-script",
            format!("SVG-filen innehåller en javascript:-adress i attributet `{name}`"),
            format!("the SVG file contains a javascript: address in the attribute `{name}`"),
        ),
        _ => return svg_fetches(risk),
    };
    Message::new(code, sv, en).help(remove_sv, remove_en)
}

/// Something that fetches from another site, or could hide that it does.
fn svg_fetches(risk: &SvgRisk) -> Message {
    match risk {
        SvgRisk::External(url) => Message::new(
            "svg-external",
            format!("SVG-filen hämtar `{url}` från en annan webbplats; notis-sidor gör inga anrop till andra webbplatser"),
            format!("the SVG file fetches `{url}` from another site; notis pages make no requests to other sites"),
        )
        .help(
            "lägg det som hämtas i static/ och hänvisa till det med en relativ adress, eller ta bort hänvisningen",
            "put what is fetched in static/ and refer to it with a relative address, or remove the reference",
        ),
        SvgRisk::Stylesheet => Message::new(
            "svg-external",
            "SVG-filen hämtar en stilmall (<?xml-stylesheet?>)",
            "the SVG file fetches a style sheet (<?xml-stylesheet?>)",
        )
        .help(
            "ta bort raden och lägg stilarna i ett <style>-element i filen",
            "remove the line and put the styles in a <style> element in the file",
        ),
        _ => Message::new(
            "svg-css-escape",
            "SVG-filens CSS innehåller ett \\-tecken, som kan dölja en adress till en annan webbplats",
            "the SVG file's CSS contains a \\ character, which can hide an address on another site",
        )
        .help(
            "skriv tecknet utan \\-kod (i en färg eller ett attribut som fill, mask eller filter), eller ta bort stilen",
            "write the character without a \\ escape (in a colour or an attribute such as fill, mask or filter), or remove the style",
        ),
    }
}
