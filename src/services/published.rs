//! What this server publishes, held in memory for its own verifier: its providers' DID
//! documents, their status list credentials, the trust registry's answers and the seal
//! anchors, so that verifying a credential reads nothing from the database once warm; and the
//! referential's profile versions, which every issuance reads.
//!
//! An entry serves while the store's generation is the one it was read at (any change to
//! these, committed here or, on PostgreSQL, by any process on the database, moves it on: see
//! `storage::Changes`) and for at most [`MAX_AGE`], the bound on how long a change can go
//! unseen where no notification reaches (another process writing the same SQLite file, such
//! as the CLI; a listener reconnecting).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest an entry serves, whatever the notifications say.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// Entries at most; past it the cache starts afresh (lookups of arbitrary DIDs by the public
/// verifier must not grow it without bound).
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct Published {
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    generation: u64,
    loaded: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

impl Published {
    /// The value under `key` if it is still current, else what `load` reads (cached unless it
    /// fails). `generation` is the store's, taken before loading, so that a change committed
    /// meanwhile makes the new entry stale at once.
    pub async fn get_or_load<T, E>(
        &self,
        generation: u64,
        key: String,
        load: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E>
    where
        T: Clone + Send + Sync + 'static,
    {
        if let Some(hit) = self.current::<T>(&key, generation) {
            return Ok(hit);
        }
        let value = load.await?;
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            let entry = Entry {
                generation,
                loaded: Instant::now(),
                value: Arc::new(value.clone()),
            };
            entries.insert(key, entry);
        }
        Ok(value)
    }

    fn current<T: Clone + 'static>(&self, key: &str, generation: u64) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        if entry.generation != generation || entry.loaded.elapsed() >= MAX_AGE {
            return None;
        }
        entry.value.downcast_ref::<T>().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(cache: &Published, generation: u64, value: u32) -> u32 {
        cache
            .get_or_load(generation, "k".into(), async { Ok::<_, ()>(value) })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_entry_serves_until_a_change_or_its_age_runs_out() {
        let cache = Published::default();
        assert_eq!(read(&cache, 1, 10).await, 10);
        assert_eq!(read(&cache, 1, 11).await, 10, "served from memory");
        assert_eq!(read(&cache, 2, 12).await, 12, "a change: read again");
        assert_eq!(read(&cache, 2, 13).await, 12);
        let failed = cache
            .get_or_load(3, "k".into(), async { Err::<u32, _>("down") })
            .await;
        assert_eq!(failed, Err("down"));
        assert_eq!(read(&cache, 3, 14).await, 14, "a failure is not kept");
        if let Ok(mut entries) = cache.entries.lock() {
            entries.get_mut("k").unwrap().loaded -= MAX_AGE;
        }
        assert_eq!(read(&cache, 3, 15).await, 15, "too old: read again");
    }
}
