//! Pixel work for notis's photo variants — premultiplying, resizing, JPEG and PNG encoding —
//! as plain functions of byte buffers, so the generic code behind them is compiled here, once
//! and optimised, instead of in every build of notis.

use fast_image_resize as fr;
use fr::pixels::{U8x3, U8x4};

/// How the pixels of a buffer are laid out: 8-bit RGB, or 8-bit RGBA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Rgb,
    Rgba,
}

impl Layout {
    fn channels(self) -> usize {
        match self {
            Layout::Rgb => 3,
            Layout::Rgba => 4,
        }
    }
}

/// A `width` × `height` picture of `layout` pixels, row after row.
#[derive(Clone, Copy, Debug)]
pub struct Pixels<'a> {
    pub bytes: &'a [u8],
    pub width: u32,
    pub height: u32,
    pub layout: Layout,
}

impl Pixels<'_> {
    fn holds_its_size(&self) -> bool {
        self.bytes.len() == self.width as usize * self.height as usize * self.layout.channels()
    }
}

/// Multiplies the colours of RGBA pixels by their alpha, in place. Resizing needs it (or the
/// edges of transparent areas darken); doing it once on the decoded photo spares the resizer
/// a premultiplied copy of the whole photo for every variant.
///
/// # Panics
/// If `rgba` does not hold `width` × `height` RGBA pixels.
pub fn premultiply(rgba: &mut [u8], width: u32, height: u32) {
    let mut view = fr::images::TypedImage::<U8x4>::from_buffer(width, height, rgba)
        .expect("the buffer holds width × height RGBA pixels");
    fr::MulDiv::default()
        .multiply_alpha_inplace_typed(&mut view)
        .expect("a pixel type with alpha");
}

/// Scales `src` to `width` × `height` with Lanczos3 — filling the size by cutting the
/// overflowing band away when `crop`, slightly above the middle where faces usually are — and
/// returns pixels of the same layout. RGBA input must come premultiplied ([`premultiply`]);
/// the result is not premultiplied.
///
/// # Panics
/// If `src.bytes` does not hold `src.width` × `src.height` pixels of its layout.
pub fn scale(src: Pixels<'_>, width: u32, height: u32, crop: bool) -> Vec<u8> {
    assert!(src.holds_its_size(), "the buffer holds width × height pixels");
    let mut options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .use_alpha(false);
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.4)));
    }
    match src.layout {
        Layout::Rgb => scale_typed::<U8x3>(src, width, height, &options),
        Layout::Rgba => {
            let mut to = scale_typed::<U8x4>(src, width, height, &options);
            let mut view = fr::images::TypedImage::<U8x4>::from_buffer(width, height, &mut to)
                .expect("the resizer wrote width × height pixels");
            fr::MulDiv::default()
                .divide_alpha_inplace_typed(&mut view)
                .expect("a pixel type with alpha");
            to
        }
    }
}

/// The resizer for one pixel type only: its dynamic entry point would compile the convolution
/// of every pixel type it knows (more than ten), optimised — minutes of a clean `cargo test`.
fn scale_typed<P: fr::PixelTrait>(src: Pixels<'_>, width: u32, height: u32, options: &fr::ResizeOptions) -> Vec<u8> {
    let from =
        fr::images::TypedImageRef::<P>::from_buffer(src.width, src.height, src.bytes).expect("size checked above");
    let mut out = vec![0; width as usize * height as usize * src.layout.channels()];
    let mut to = fr::images::TypedImage::<P>::from_buffer(width, height, &mut out).expect("sized above");
    fr::Resizer::new()
        .resize_typed(&from, &mut to, options)
        .expect("pixel types match");
    out
}

/// `pixels` as a baseline JPEG of `quality` (1–100); an alpha channel is dropped. No metadata
/// is written.
pub fn jpeg(pixels: Pixels<'_>, quality: u8) -> Vec<u8> {
    let rgb: std::borrow::Cow<'_, [u8]> = match pixels.layout {
        Layout::Rgb => pixels.bytes.into(),
        Layout::Rgba => pixels.bytes.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(&rgb, pixels.width, pixels.height, image::ExtendedColorType::Rgb8)
        .expect("encoding into memory");
    out
}

/// `pixels` as a PNG, with no metadata.
pub fn png(pixels: Pixels<'_>) -> Vec<u8> {
    let color = match pixels.layout {
        Layout::Rgb => image::ExtendedColorType::Rgb8,
        Layout::Rgba => image::ExtendedColorType::Rgba8,
    };
    let mut out = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut out),
        pixels.bytes,
        pixels.width,
        pixels.height,
        color,
    )
    .expect("encoding into memory");
    out
}
