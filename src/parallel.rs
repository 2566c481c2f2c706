//! Work on several threads, results taken in input order.
//!
//! Items (documents, mostly) are read in batches of bounded size on the
//! calling thread. While the pool works on one batch, the calling thread
//! hands the previous batch's results to the consumer (which writes them)
//! and reads the next batch. The consumer sees results in input order
//! whatever the number of threads, so outputs do not depend on `--jobs`, and
//! memory holds three batches at most, never the corpus.

use rayon::prelude::*;

use crate::error::{Error, Result};

/// About this many bytes of input per thread in a batch.
const BATCH_BYTES_PER_THREAD: usize = 512 << 10;

/// At most this many items per thread in a batch (small documents).
const BATCH_ITEMS_PER_THREAD: usize = 1024;

/// An item of at least this many bytes is large (a piece of a large file):
/// a batch holds one large item per thread at most, as a large item's
/// results (rows, findings) can be many times its size, and three batches
/// of them are in memory at once.
const LARGE_ITEM_BYTES: usize = 128 << 10;

/// A pool of worker threads.
pub struct Runner {
    pool: rayon::ThreadPool,
    jobs: usize,
}

impl Runner {
    /// `jobs` threads; 0 means one per core.
    pub fn new(jobs: usize) -> Result<Runner> {
        let jobs = if jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            jobs
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("termalign-{i}"))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {jobs} threads: {e}")))?;
        Ok(Runner { pool, jobs })
    }

    /// Runs `work` in the pool: rayon's parallel iterators inside it use
    /// these threads, not one per core.
    pub fn install<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        self.pool.install(work)
    }

    /// Runs `work` on every item, in parallel, and hands each result to
    /// `consume` in the order of `items`. `weight` tells an item's size in
    /// bytes (it bounds a batch). Stops at the first error `consume` returns.
    pub fn run<T, R>(
        &self,
        items: impl IntoIterator<Item = T>,
        weight: impl Fn(&T) -> usize,
        work: impl Fn(T) -> R + Sync,
        mut consume: impl FnMut(R) -> Result<()>,
    ) -> Result<()>
    where
        T: Send,
        R: Send,
    {
        let mut items = items.into_iter();
        // One job runs on the calling thread alone: a one-core measurement
        // is one core, not a worker plus a reader.
        if self.jobs == 1 {
            return items.try_for_each(|item| consume(work(item)));
        }
        let pool = &self.pool;
        let batch = |items: &mut dyn Iterator<Item = T>| {
            let mut batch = Vec::new();
            let (mut bytes, mut large) = (0, 0);
            while bytes < BATCH_BYTES_PER_THREAD * self.jobs
                && batch.len() < BATCH_ITEMS_PER_THREAD * self.jobs
                && large < self.jobs
            {
                let Some(item) = items.next() else { break };
                let size = weight(&item);
                bytes += size;
                large += usize::from(size >= LARGE_ITEM_BYTES);
                batch.push(item);
            }
            batch
        };
        let mut current = batch(&mut items);
        let mut done: Vec<R> = Vec::new();
        while !current.is_empty() {
            let mut results: Vec<R> = Vec::new();
            let mut next = Vec::new();
            let mut consumed = Ok(());
            pool.in_place_scope(|scope| {
                let work = &work;
                let results = &mut results;
                scope.spawn(move |_| {
                    *results = current.into_par_iter().map(work).collect();
                });
                consumed = done.drain(..).try_for_each(&mut consume);
                if consumed.is_ok() {
                    next = batch(&mut items);
                }
            });
            consumed?;
            done = results;
            current = next;
        }
        done.into_iter().try_for_each(consume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_for_any_number_of_jobs() {
        let items: Vec<usize> = (0..10_000).collect();
        for jobs in [1, 2, 3, 8] {
            let runner = Runner::new(jobs).unwrap();
            let mut out = Vec::new();
            runner
                .run(
                    items.iter().copied(),
                    // Uneven weights make uneven batches.
                    |&i| (i % 7) << 18,
                    |i| i * 2,
                    |r| {
                        out.push(r);
                        Ok(())
                    },
                )
                .unwrap();
            let expected: Vec<usize> = items.iter().map(|i| i * 2).collect();
            assert_eq!(out, expected, "{jobs} jobs");
        }
    }

    #[test]
    fn a_consumer_error_stops_the_run() {
        let runner = Runner::new(2).unwrap();
        let mut seen = 0;
        let err = runner
            .run(
                0..100_000usize,
                |_| 1 << 12,
                |i| i,
                |i| {
                    seen += 1;
                    if i == 5000 {
                        Err(Error::Usage("stop".into()))
                    } else {
                        Ok(())
                    }
                },
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "stop");
        assert_eq!(seen, 5001);
    }

    #[test]
    fn work_runs_on_several_threads() {
        let runner = Runner::new(2).unwrap();
        let seen = std::sync::Mutex::new(std::collections::HashSet::new());
        runner
            .run(
                0..2000u64,
                |_| 1 << 10,
                |i| {
                    seen.lock().unwrap().insert(std::thread::current().id());
                    (0..20_000u64).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b))
                },
                |_| Ok(()),
            )
            .unwrap();
        assert!(seen.lock().unwrap().len() >= 2);
    }
}
