//! Failed attempts per client address, in memory: after `limit` failures within `window` an
//! address is refused until the oldest of them ages out. It complements the per-account lock
//! (stored, shared by replicas): that one stops guessing one account's password, this one
//! stops one address from guessing across accounts or keeping someone else's account locked.
//! Per process: behind several replicas an address gets `limit` per replica.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

pub struct Throttle {
    limit: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, VecDeque<OffsetDateTime>>>,
}

/// How many addresses are tracked before the stale ones are swept.
const SWEEP_AT: usize = 10_000;

impl Throttle {
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Staff sign-in: 20 failures per address in 15 minutes (four accounts' worth of locks).
    pub fn sign_in() -> Self {
        Self::new(20, Duration::minutes(15))
    }

    /// Public writes (presentation challenges and requests, which any client may create):
    /// 600 per address in 10 minutes, the time such a row lives.
    pub fn public_writes() -> Self {
        Self::new(600, Duration::minutes(10))
    }

    /// Whether `addr` may act now; if so, the act is counted (under one lock, so two
    /// concurrent acts cannot both take the last place).
    pub fn take(&self, addr: IpAddr, now: OffsetDateTime) -> bool {
        let mut map = self.map();
        let allowed = self.recent(&mut map, addr, now) < self.limit;
        if allowed {
            self.count(&mut map, addr, now);
        }
        allowed
    }

    /// Whether `addr` may try now.
    pub fn allows(&self, addr: IpAddr, now: OffsetDateTime) -> bool {
        let mut map = self.map();
        self.recent(&mut map, addr, now) < self.limit
    }

    /// Counts a failure of `addr`.
    pub fn failed(&self, addr: IpAddr, now: OffsetDateTime) {
        let mut map = self.map();
        self.count(&mut map, addr, now);
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<OffsetDateTime>>> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many of `addr`'s events are still within the window (older ones are dropped).
    fn recent(
        &self,
        map: &mut HashMap<IpAddr, VecDeque<OffsetDateTime>>,
        addr: IpAddr,
        now: OffsetDateTime,
    ) -> usize {
        match map.get_mut(&addr) {
            Some(times) => {
                while times.front().is_some_and(|t| *t <= now - self.window) {
                    times.pop_front();
                }
                times.len()
            }
            None => 0,
        }
    }

    fn count(
        &self,
        map: &mut HashMap<IpAddr, VecDeque<OffsetDateTime>>,
        addr: IpAddr,
        now: OffsetDateTime,
    ) {
        if map.len() >= SWEEP_AT {
            let cutoff = now - self.window;
            map.retain(|_, times| times.back().is_some_and(|t| *t > cutoff));
        }
        let times = map.entry(addr).or_default();
        times.push_back(now);
        while times.len() > self.limit {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_refused_after_its_limit_until_the_window_passes() {
        let t = Throttle::new(3, Duration::minutes(10));
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        for _ in 0..3 {
            assert!(t.allows(a, now));
            t.failed(a, now);
        }
        assert!(!t.allows(a, now));
        assert!(t.allows(b, now), "another address is not affected");
        assert!(!t.allows(a, now + Duration::minutes(9)));
        assert!(t.allows(a, now + Duration::minutes(10)));
    }
}
