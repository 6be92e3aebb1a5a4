//! notis-pixels, the optimised pixel crate (crates/pixels): its functions keep the colours of
//! transparent edges and write files an image reader opens. Its tests live here rather than in
//! the crate, whose own test build would compile the optimised resizer a second time.

use notis_pixels::{Layout, Pixels, jpeg, png, premultiply, scale};

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
