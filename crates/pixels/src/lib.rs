//! Pixel work for notis's photo variants — premultiplying, resizing, JPEG and PNG encoding —
//! as plain functions of byte buffers, so the generic code behind them is compiled here, once
//! and optimised, instead of in every build of notis.

use fast_image_resize as fr;

/// How the pixels of a buffer are laid out: 8-bit RGB, or 8-bit RGBA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Rgb,
    Rgba,
}

impl Layout {
    fn pixel_type(self) -> fr::PixelType {
        match self {
            Layout::Rgb => fr::PixelType::U8x3,
            Layout::Rgba => fr::PixelType::U8x4,
        }
    }

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
    let mut view = fr::images::Image::from_slice_u8(width, height, rgba, fr::PixelType::U8x4)
        .expect("the buffer holds width × height RGBA pixels");
    fr::MulDiv::default()
        .multiply_alpha_inplace(&mut view)
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
    let pixel_type = src.layout.pixel_type();
    let from = fr::images::ImageRef::new(src.width, src.height, src.bytes, pixel_type).expect("size checked above");
    let mut to = fr::images::Image::new(width, height, pixel_type);
    let mut options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .use_alpha(false);
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.4)));
    }
    fr::Resizer::new()
        .resize(&from, &mut to, &options)
        .expect("pixel types match");
    if src.layout == Layout::Rgba {
        fr::MulDiv::default()
            .divide_alpha_inplace(&mut to)
            .expect("a pixel type with alpha");
    }
    to.into_vec()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transparent_edge_keeps_its_colour_through_premultiplied_scaling() {
        // Left half opaque red, right half fully transparent (with a green that must not bleed).
        let (w, h) = (8u32, 2u32);
        let mut rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                if i % w < w / 2 {
                    [255, 0, 0, 255]
                } else {
                    [0, 255, 0, 0]
                }
            })
            .collect();
        premultiply(&mut rgba, w, h);
        let out = scale(
            Pixels {
                bytes: &rgba,
                width: w,
                height: h,
                layout: Layout::Rgba,
            },
            4,
            1,
            false,
        );
        for p in out.chunks_exact(4).filter(|p| p[3] > 16) {
            assert!(p[1] < 8, "green bled into a visible pixel: {p:?}");
        }
    }

    #[test]
    fn encoders_write_readable_files_of_the_asked_size() {
        let rgb = vec![128u8; 6 * 4 * 3];
        let px = Pixels {
            bytes: &rgb,
            width: 6,
            height: 4,
            layout: Layout::Rgb,
        };
        for bytes in [jpeg(px, 80), png(px)] {
            let img = image::load_from_memory(&bytes).expect("a readable image");
            assert_eq!((img.width(), img.height()), (6, 4));
        }
    }
}
