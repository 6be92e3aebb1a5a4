//! images: photos that articles and pages show, turned into upright, metadata-free,
//! right-sized variants, cached by content hash.
//!
//! `plan` reads each referenced photo once (size limits, content hash, dimensions and EXIF
//! orientation from the header) and decides its variants: a few widths, never upscaled,
//! in WebP plus a JPEG fallback (PNG for images with transparency), and a 1200×630 crop for
//! share previews. The route table registers every variant; `ensure` makes the ones missing
//! from the cache (decode, orient, resize, encode; in parallel), so a rebuild that did not
//! change a photo never decodes it. Encoding writes pixels only, so no EXIF (GPS position,
//! camera, time) survives. With the walker, the writer and the preview, this is the only
//! stage that touches the disk.

pub mod exif;
pub mod xmp;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader};
use notis_pixels as pixels;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diag::error::Diagnostic;
use crate::diag::messages;
use crate::model::photos::{Format, Photo, Photos, Variant};
use crate::model::routes;

/// The widths offered in a srcset; a photo narrower than one gets its own width instead.
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// The share preview (Open Graph, X): Facebook's recommended size.
pub const SHARE: (u32, u32) = (1200, 630);
/// Larger files and images are refused so that decoding has bounded memory.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
/// The memory that photos being decoded and resized may hold at once, across all threads
/// (the build's and the preview's): a photo waits until its estimate fits. Without it the
/// peak grew with the number of cores (four 40-megapixel 16-bit PNGs: 1.9 GB).
pub const MEMORY_BUDGET: u64 = 1024 * 1024 * 1024;
/// Room for the resizer's and encoders' buffers while a photo's variants are made (the
/// resizer's intermediate image of a 1600-wide variant of a 5000-high photo is 32 MB).
const WORK_MARGIN: u64 = 64 * 1024 * 1024;
const WEBP_QUALITY: f32 = 78.0;
const JPEG_QUALITY: u8 = 80;
/// Part of every cache name: a change of widths, qualities or resampling makes new files.
const SETTINGS: &str = "v1-q78-q80-lanczos3";

/// File extensions notis processes; GIF and SVG are copied as they are (SVG only once
/// [`crate::content::svg::check`] finds nothing in it).
pub fn is_processed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| lower.ends_with(e))
}

/// A variant's name in the image cache: content hash, settings and size.
pub fn cache_name(photo: &Photo, variant: &Variant) -> String {
    let kind = if variant.crop { "c" } else { "w" };
    format!(
        "{}-{SETTINGS}-{kind}{}x{}.{}",
        photo.hash,
        variant.width,
        variant.height,
        variant.format.extension()
    )
}

/// A photo asked for by the site: its site path, whether the original is kept, and who asked.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub url: String,
    pub keep_original: bool,
    pub by: String,
}

/// Reads every wanted photo's header and plans its variants. `statics` maps paths under
/// static/ to files. A photo that is too large or cannot be read is an error at the file.
pub fn plan(wanted: &[Wanted], statics: &BTreeMap<String, PathBuf>) -> (Photos, Vec<Diagnostic>) {
    let mut unique: BTreeMap<&str, (bool, &str)> = BTreeMap::new();
    for w in wanted {
        let entry = unique.entry(w.url.as_str()).or_insert((false, w.by.as_str()));
        entry.0 |= w.keep_original;
    }
    let results: Vec<Result<Option<Photo>, Diagnostic>> = unique
        .par_iter()
        .map(|(url, (keep, _))| {
            let rel = url.trim_start_matches('/');
            match statics.get(rel) {
                Some(path) if is_processed(rel) => plan_one(rel, path, *keep).map(Some),
                _ => Ok(None),
            }
        })
        .collect();
    let mut photos = Photos::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => {
                photos.by_url.insert(format!("/{}", p.source), p);
            }
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    (photos, errors)
}

fn plan_one(rel: &str, path: &Path, keep_original: bool) -> Result<Photo, Diagnostic> {
    let shown = format!("static/{rel}");
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(&shown, messages::image_cannot_read(&e)))?;
    check_size(&shown, bytes.len() as u64)?;
    let mut decoder = decoder(&bytes).map_err(|e| unreadable(&shown, &e))?;
    let (w, h) = decoder.dimensions();
    check_pixels(&shown, w, h)?;
    let orientation = decoder.orientation().map_err(|e| unreadable(&shown, &e))?;
    let (width, height) = if turns(orientation) { (h, w) } else { (w, h) };
    let alpha = decoder.color_type().has_alpha();
    let cost = decode_cost(bytes.len() as u64, w, h, decoder.color_type());
    if cost > MEMORY_BUDGET {
        return Err(Diagnostic::error(
            &shown,
            messages::image_over_memory(cost as f64 / 1_048_576.0, MEMORY_BUDGET / 1_048_576),
        ));
    }
    let hash: String = Sha256::digest(&bytes)[..8].iter().map(|b| format!("{b:02x}")).collect();
    let fallback = if alpha { Format::Png } else { Format::Jpeg };
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&x| x < width).collect();
    if widths.len() < WIDTHS.len() {
        widths.push(width.min(WIDTHS[WIDTHS.len() - 1]));
    }
    widths.dedup();
    let variant = |vw: u32, vh: u32, format: Format, crop: bool| Variant {
        width: vw,
        height: vh,
        format,
        crop,
        url: routes::image_variant(rel, &hash, vw, vh, crop, format.extension()),
    };
    let mut variants = Vec::new();
    for &vw in &widths {
        let vh = ((u64::from(height) * u64::from(vw) + u64::from(width) / 2) / u64::from(width)).max(1) as u32;
        variants.push(variant(vw, vh, Format::Webp, false));
        variants.push(variant(vw, vh, fallback, false));
    }
    // Never upscaled: a small photo gives a smaller share image of the same shape.
    let scale = f64::min(1.0, f64::min(f64::from(width) / 1200.0, f64::from(height) / 630.0));
    let (sw, sh) = (
        ((f64::from(SHARE.0) * scale) as u32).max(1),
        ((f64::from(SHARE.1) * scale) as u32).max(1),
    );
    let share = variant(sw, sh, Format::Jpeg, true);
    Ok(Photo {
        source: rel.to_string(),
        path: path.to_path_buf(),
        hash,
        width,
        height,
        variants,
        share,
        keep_original,
    })
}

fn check_size(shown: &str, len: u64) -> Result<(), Diagnostic> {
    if len > MAX_BYTES {
        return Err(Diagnostic::error(
            shown,
            messages::image_too_large(len as f64 / 1_048_576.0),
        ));
    }
    Ok(())
}

fn check_pixels(shown: &str, w: u32, h: u32) -> Result<(), Diagnostic> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Diagnostic::error(
            shown,
            messages::image_too_many_pixels(w, h, MAX_PIXELS),
        ));
    }
    Ok(())
}

fn unreadable(shown: &str, e: &image::ImageError) -> Diagnostic {
    Diagnostic::error(shown, messages::image_unreadable(&e.to_string()))
}

fn decoder(bytes: &[u8]) -> image::ImageResult<impl ImageDecoder + '_> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    reader.into_decoder()
}

/// Whether an orientation swaps width and height.
fn turns(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// The memory a photo takes while it is decoded and its variants made: the file, the
/// decoded pixels in their own format (16-bit RGBA: 8 bytes a pixel), their 8-bit copy
/// (turning it upright makes one more, no larger than the first), and the encoders' room.
fn decode_cost(file_len: u64, w: u32, h: u32, color: image::ColorType) -> u64 {
    let pixels = u64::from(w) * u64::from(h);
    let upright = if color.has_alpha() { 4 } else { 3 };
    file_len + pixels * (u64::from(color.bytes_per_pixel()) + upright) + WORK_MARGIN
}

/// The memory reserved by the photos being decoded, shared by every thread.
static RESERVED: std::sync::Mutex<u64> = std::sync::Mutex::new(0);
static RELEASED: std::sync::Condvar = std::sync::Condvar::new();

/// A part of [`MEMORY_BUDGET`] held until dropped.
struct Reservation(u64);

impl Reservation {
    /// Waits until `bytes` fit in the budget beside what others hold. Alone, a photo always
    /// may start ([`plan`] refuses one larger than the whole budget), so this never waits
    /// forever. Callers must not hold a reservation while they wait for rayon work: a
    /// worker that waits in a join can start another photo, whose wait here would then
    /// wait on the first.
    fn take(bytes: u64) -> Reservation {
        let mut held = RESERVED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *held > 0 && *held + bytes > MEMORY_BUDGET {
            held = RELEASED.wait(held).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *held += bytes;
        Reservation(bytes)
    }

    /// Gives back all but `keep` bytes (the decoded original is gone, the 8-bit copy stays).
    fn shrink(&mut self, keep: u64) {
        let give = self.0.saturating_sub(keep);
        self.0 -= give;
        let mut held = RESERVED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *held -= give;
        RELEASED.notify_all();
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.shrink(0);
    }
}

/// What publishing a static file as it is would give away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Nothing notis knows of (or not an image).
    Clean,
    /// A format notis can neither read nor strip (HEIC, TIFF, AVIF), by name: it is never
    /// published, since a phone's photo in it carries the position.
    Unstrippable(&'static str),
    /// A JPEG, PNG or WebP with personal metadata (EXIF or XMP), which shown in an article
    /// or page would lose it.
    Reveals(Vec<exif::Found>),
    /// A GIF with personal metadata or a comment: GIFs are always copied as they are.
    GifReveals(Vec<exif::Found>),
}

/// Extensions of the formats notis cannot strip, and the name each is shown by.
const UNSTRIPPABLE: [(&str, &str); 7] = [
    (".heic", "HEIC"),
    (".heif", "HEIF"),
    (".hif", "HEIF"),
    (".avif", "AVIF"),
    (".tif", "TIFF"),
    (".tiff", "TIFF"),
    (".dng", "DNG"),
];

/// What the static file `rel` at `path` would give away if copied as it is. Only images
/// are read: a file named as a JPEG, PNG, WebP or GIF, which may also be a HEIC or TIFF
/// under the wrong name.
pub fn inspect_static(rel: &str, path: &Path) -> Published {
    let lower = rel.to_ascii_lowercase();
    if let Some((_, name)) = UNSTRIPPABLE.iter().find(|(ext, _)| lower.ends_with(ext)) {
        return Published::Unstrippable(name);
    }
    let gif = lower.ends_with(".gif");
    if !gif && !is_processed(rel) {
        return Published::Clean;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Published::Clean;
    };
    if let Some(name) = unstrippable_content(&bytes) {
        return Published::Unstrippable(name);
    }
    let mut found = personal_metadata(&bytes);
    if gif {
        if xmp::gif_has_comment(&bytes) {
            found.push(xmp::COMMENT);
        }
        return if found.is_empty() {
            Published::Clean
        } else {
            Published::GifReveals(found)
        };
    }
    if found.is_empty() {
        Published::Clean
    } else {
        Published::Reveals(found)
    }
}

/// The format of a file whose bytes are HEIC/HEIF/AVIF (an ISO media file of those
/// brands) or TIFF, whatever its name.
fn unstrippable_content(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("TIFF");
    }
    if bytes.get(4..8) != Some(b"ftyp") {
        return None;
    }
    match bytes.get(8..12)? {
        b"avif" | b"avis" => Some("AVIF"),
        b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => Some("HEIC"),
        b"mif1" | b"msf1" | b"mif2" => Some("HEIF"),
        _ => None,
    }
}

/// What an image's EXIF and XMP give away about who took it and where, most sensitive
/// first, without repeats.
fn personal_metadata(bytes: &[u8]) -> Vec<exif::Found> {
    let exif = decoder(bytes).ok().and_then(|mut d| d.exif_metadata().ok().flatten());
    let mut found = exif.map(|e| exif::personal_metadata(&e)).unwrap_or_default();
    for f in xmp::personal_metadata(bytes) {
        if !found.contains(&f) {
            found.push(f);
        }
    }
    // GPS first, wherever it was found.
    found.sort_by_key(|f| f.0 != "GPS-position");
    found
}

/// Makes every variant missing from `cache` (in parallel, one photo per task). Returns the
/// number of photos decoded, which is 0 when nothing changed.
pub fn ensure(photos: &Photos, cache: &Path, peers: &[PathBuf]) -> Result<usize, Vec<Diagnostic>> {
    std::fs::create_dir_all(cache).map_err(|e| vec![cache_error(cache, &e)])?;
    let results: Vec<Result<bool, Diagnostic>> = photos
        .by_url
        .par_iter()
        .map(|(_, photo)| {
            let missing: Vec<&Variant> = photo
                .all()
                .filter(|v| !at_hand(cache, peers, &cache_name(photo, v)))
                .collect();
            if missing.is_empty() {
                return Ok(false);
            }
            let (upright, _held) =
                decode_upright(&photo.path).map_err(|e| unreadable(&format!("static/{}", photo.source), &e))?;
            write_variants(&upright, photo, &missing, cache)?;
            Ok(true)
        })
        .collect();
    let mut decoded = 0;
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => decoded += usize::from(d),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(decoded) } else { Err(errors) }
}

/// Whether the variant `name` is in `cache`, or in the image cache of one of `peers` (the
/// sites of the repository built before this one) and now linked into `cache`: a photo
/// several sites show is decoded and encoded once. Variants are named by the photo's hash
/// and the settings, and never written in place, so a link is as good as a copy.
fn at_hand(cache: &Path, peers: &[PathBuf], name: &str) -> bool {
    cache.join(name).is_file()
        || peers
            .iter()
            .any(|peer| std::fs::hard_link(peer.join(name), cache.join(name)).is_ok())
}

/// Encodes `missing` into `cache`, on threads of their own rather than rayon's (see
/// [`Reservation::take`]): as many as there are cores, each taking the next variant.
fn write_variants(upright: &DynamicImage, photo: &Photo, missing: &[&Variant], cache: &Path) -> Result<(), Diagnostic> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, missing.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    while let Some(v) = missing.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        store(cache, &cache_name(photo, v), &encode(upright, v))?;
                    }
                    Ok(())
                })
            })
            .collect();
        // The scope waits for every worker; the first error is the one reported.
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Writes one variant into the cache under its name, whole or not at all.
fn store(cache: &Path, name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let target = cache.join(name);
    // A temporary file of this write's own: two photos with the same bytes share their
    // variants' names and are made at once, and a preview may write beside a build.
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = cache.join(format!("{name}.{}-{n}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            cache_error(&target, &e)
        })
}

/// Removes from `cache` the variants that no photo of this build uses (a photo taken out of
/// the site, or one made with older settings), so the folder does not grow with every photo
/// the site ever had. Only files named as notis names variants are touched. Returns how many
/// were removed. A file that cannot be removed is left for the next build: the cache is safe
/// to delete at any time, so this is tidying, not a condition of the build.
pub fn prune(photos: &Photos, cache: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return 0;
    };
    let names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let used: std::collections::HashSet<String> = photos
        .by_url
        .values()
        .flat_map(|p| p.all().map(|v| cache_name(p, v)))
        .collect();
    stale(&names, &used)
        .into_iter()
        .filter(|name| std::fs::remove_file(cache.join(name)).is_ok())
        .count()
}

/// The names among `names` that are cache variants (or their temporary files) not in `used`.
fn stale<'a>(names: &'a [String], used: &std::collections::HashSet<String>) -> Vec<&'a str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|n| is_cache_name(n) && !used.contains(*n))
        .collect()
}

/// Whether `name` has the form of [`cache_name`], with any settings, or is such a
/// name's temporary file: `{16 hex digits}-{settings}-{c|w}{width}x{height}.{webp|jpg|png}`,
/// then `.{process}-{write}.tmp` for a temporary file.
fn is_cache_name(name: &str) -> bool {
    let name = match name.strip_suffix(".tmp") {
        Some(t) => t
            .rsplit_once('.')
            .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
            .map_or(t, |(variant, _)| variant),
        None => name,
    };
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((head, size)) = stem.rsplit_once('-') else {
        return false;
    };
    let hash_ok = head.len() > 17
        && head.as_bytes()[16] == b'-'
        && head[..16]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let size_ok = size
        .strip_prefix(['c', 'w'])
        .and_then(|wh| wh.split_once('x'))
        .is_some_and(|(w, h)| {
            [w, h]
                .iter()
                .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        });
    hash_ok && size_ok && matches!(ext, "webp" | "jpg" | "png")
}

/// One variant's bytes for the preview: from `cache` (the build's image cache) when it is
/// there, else made and left there for the next request and the next build. One variant
/// is made at a time: a page's many requests for a new photo then decode it once each
/// instead of all at once (six requests for one size took 1 GB).
pub fn cached(photo: &Photo, variant: &Variant, cache: &Path) -> Result<Vec<u8>, Diagnostic> {
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let name = cache_name(photo, variant);
    if let Ok(bytes) = std::fs::read(cache.join(&name)) {
        return Ok(bytes);
    }
    let _one_at_a_time = MAKING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Ok(bytes) = std::fs::read(cache.join(&name)) {
        return Ok(bytes);
    }
    let (upright, _held) =
        decode_upright(&photo.path).map_err(|e| unreadable(&format!("static/{}", photo.source), &e))?;
    let bytes = encode(&upright, variant);
    // The cache is only a help here: a preview that cannot write it still answers.
    let _ = std::fs::create_dir_all(cache).map(|()| store(cache, &name, &bytes));
    Ok(bytes)
}

fn cache_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), messages::image_cache_write(e))
}

/// The photo decoded and turned upright, as 8-bit RGB or RGBA, with the memory it holds
/// reserved (see [`MEMORY_BUDGET`]) until the reservation is dropped.
fn decode_upright(path: &Path) -> image::ImageResult<(DynamicImage, Reservation)> {
    let bytes = std::fs::read(path).map_err(image::ImageError::IoError)?;
    let mut decoder = decoder(&bytes)?;
    let (w, h) = decoder.dimensions();
    let mut held = Reservation::take(decode_cost(bytes.len() as u64, w, h, decoder.color_type()));
    let orientation = decoder.orientation()?;
    let img = DynamicImage::from_decoder(decoder)?;
    drop(bytes);
    // To 8 bits before turning, so the turn copies the smaller image.
    let mut img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    img.apply_orientation(orientation);
    premultiply(&mut img);
    held.shrink(img.as_bytes().len() as u64 + WORK_MARGIN);
    Ok((img, held))
}

/// Multiplies the colours of an image with transparency by its alpha, in place and once:
/// resizing must (or the edges of transparent areas darken), and the resizer would
/// otherwise make a premultiplied copy of the whole photo for every variant it makes —
/// 160 MB each for a 40-megapixel photo, on every encoding thread at once.
fn premultiply(img: &mut DynamicImage) {
    let (w, h) = (img.width(), img.height());
    if let DynamicImage::ImageRgba8(rgba) = img {
        pixels::premultiply(rgba, w, h);
    }
}

/// Scales (or crops and scales) `img` to the variant and encodes it: pixels only, no
/// metadata. An image with transparency comes premultiplied ([`premultiply`]).
fn encode(img: &DynamicImage, v: &Variant) -> Vec<u8> {
    let layout = if img.color().has_alpha() {
        pixels::Layout::Rgba
    } else {
        pixels::Layout::Rgb
    };
    let src = pixels::Pixels {
        bytes: img.as_bytes(),
        width: img.width(),
        height: img.height(),
        layout,
    };
    let scaled = pixels::scale(src, v.width, v.height, v.crop);
    let out = pixels::Pixels {
        bytes: &scaled,
        width: v.width,
        height: v.height,
        layout,
    };
    match v.format {
        Format::Webp => {
            let enc = match layout {
                pixels::Layout::Rgba => webp::Encoder::from_rgba(&scaled, v.width, v.height),
                pixels::Layout::Rgb => webp::Encoder::from_rgb(&scaled, v.width, v.height),
            };
            enc.encode(WEBP_QUALITY).to_vec()
        }
        Format::Jpeg => pixels::jpeg(out, JPEG_QUALITY),
        Format::Png => pixels::png(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 31, item 4: what a 16-bit RGBA photo of 8000×5000 is expected to take, and
    /// that the budget is never overdrawn by threads that reserve at once.
    #[test]
    fn decoding_memory_is_estimated_and_shared_within_the_budget() {
        let cost = decode_cost(360_000, 8000, 5000, image::ColorType::Rgba16);
        assert_eq!(cost, 360_000 + 40_000_000 * (8 + 4) + WORK_MARGIN);
        // The largest photo that passes the pixel limit fits the budget alone.
        assert!(decode_cost(MAX_BYTES, 8000, 5000, image::ColorType::Rgba16) < MEMORY_BUDGET);

        let third = MEMORY_BUDGET / 3 + 1;
        let most = std::sync::Mutex::new(0u64);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..20 {
                        let mut held = Reservation::take(third);
                        let now = *RESERVED.lock().unwrap();
                        let mut m = most.lock().unwrap();
                        *m = (*m).max(now);
                        drop(m);
                        std::thread::yield_now();
                        held.shrink(third / 2);
                    }
                });
            }
        });
        let most = most.into_inner().unwrap();
        assert!(most <= MEMORY_BUDGET, "{most} held at once");
        assert!(most >= 2 * third, "two fit at once: {most}");
        assert_eq!(*RESERVED.lock().unwrap(), 0, "everything given back");
        // Alone, a reservation over the budget goes ahead rather than waiting forever.
        drop(Reservation::take(MEMORY_BUDGET * 2));
    }

    #[test]
    fn one_variant_stored_by_many_threads_at_once_is_stored_by_each() {
        // Two photos with the same bytes (one photo saved under two names) have the same
        // variants, and the build makes them on several threads at once.
        let dir = tempfile::tempdir().unwrap();
        let name = "0123456789abcdef-v1-q78-q80-lanczos3-w480x360.webp";
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..8)
                .map(|_| s.spawn(|| (0..200).all(|_| store(dir.path(), name, &[7; 4096]).is_ok())))
                .collect();
            for w in workers {
                assert!(w.join().unwrap(), "a store failed");
            }
        });
        assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), [7; 4096]);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn only_unused_variant_names_are_stale() {
        let names: Vec<String> = [
            "0123456789abcdef-v1-q78-q80-lanczos3-w480x360.webp",
            "0123456789abcdef-v1-q78-q80-lanczos3-w800x600.jpg",
            "0123456789abcdef-v0-old-c1200x630.jpg",
            "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png.tmp",
            "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png",
            "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png.4711-3.tmp",
            "anteckning.txt",
            "0123456789abcdef-egen.jpg",
            "0123456789ABCDEF-v1-w480x360.webp",
            "0123456789abcdef-v1-w480x.webp",
            "0123456789abcdef-v1-w480x360.gif",
        ]
        .map(String::from)
        .to_vec();
        let used = ["0123456789abcdef-v1-q78-q80-lanczos3-w480x360.webp".to_string()].into();
        assert_eq!(
            stale(&names, &used),
            [
                "0123456789abcdef-v1-q78-q80-lanczos3-w800x600.jpg",
                "0123456789abcdef-v0-old-c1200x630.jpg",
                "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png.tmp",
                "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png",
                "fedcba9876543210-v1-q78-q80-lanczos3-w480x360.png.4711-3.tmp",
            ]
        );
    }
}
