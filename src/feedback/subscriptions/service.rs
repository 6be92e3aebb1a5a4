//! The subscription paths' shared state: the store, the signing key, the letterhead and
//! the topics offered. Below the HTTP handlers and the pages, which both take it.

use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::form::Topic;
use super::mail::Letterhead;
use super::postman::Postman;
use super::store::SubscriptionStore;
use crate::feedback::store::StoreError;

/// Everything the subscription paths need; built once at start.
pub struct Service {
    /// The path of `subscriptions.action`, with a trailing slash.
    pub path: String,
    /// The form's `action` as written in site.yaml (the form posts there again).
    pub action: String,
    pub store: Arc<Mutex<SubscriptionStore>>,
    pub secret: Vec<u8>,
    pub head: Letterhead,
    /// The topics the site offers (site.yaml); empty: any topic.
    pub offered: Vec<Topic>,
    pub confirm_hours: u32,
    /// Mails confirmations; `None` when no SMTP settings are given (requests are refused).
    pub postman: Option<Postman>,
    /// The news listing, absolute: where the pages link back to.
    pub news_url: String,
}

impl Service {
    /// The subscription address, absolute, with a trailing slash (the forms post under it).
    pub fn path_url(&self) -> String {
        self.head.links.clone()
    }

    pub fn owns(&self, path: &str) -> bool {
        path.starts_with(&self.path) || path == self.path.trim_end_matches('/')
    }

    /// Runs a store call on a blocking thread.
    pub(super) async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut SubscriptionStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, String> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut store).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    pub(super) fn expired(&self, s: &super::store::Subscriber) -> bool {
        s.confirmed.is_none() && s.requested + chrono::Duration::hours(i64::from(self.confirm_hours)) < Utc::now()
    }
}
