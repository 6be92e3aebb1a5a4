use std::collections::BTreeMap;

use minicbor::{Decode, Encode};
use serde::Serialize;

// notis patch: Encode/Decode (here and below), so what is extracted from a page can be kept.
#[derive(Serialize, Debug, Clone, Encode, Decode)]
pub struct PageAnchorData {
    #[n(0)] pub element: String,
    #[n(1)] pub id: String,
    #[n(2)] pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[n(3)] pub title: Option<String>,
    #[n(4)] pub location: u32,
}

#[derive(Serialize, Debug, Clone, Encode, Decode)]
pub struct PageFragmentData {
    #[n(0)] pub url: String,
    #[n(1)] pub content: String,
    #[n(2)] pub word_count: usize,
    #[n(3)] pub filters: BTreeMap<String, Vec<String>>,
    #[n(4)] pub meta: BTreeMap<String, String>,
    #[n(5)] pub anchors: Vec<PageAnchorData>,
}

#[derive(Debug, Clone, Encode, Decode)]
pub struct PageFragment {
    #[n(0)] pub page_number: usize,
    #[n(1)] pub data: PageFragmentData,
}
