//! The fuzz targets' time check: an operation budget. A reader that takes
//! more than linear time in its input usually allocates more than linearly
//! too (a table rebuilt per row, a string copied per character), and bytes
//! allocated, unlike seconds, are the same on every run: a budget on them
//! cannot flake, and `cargo test` replays it exactly. Time spent without
//! allocating is left to libFuzzer's `-timeout` (`fuzz/run`).
//!
//! The fuzz binaries, and the test binary that replays their findings,
//! install [`CountingAllocator`], which counts the bytes each thread
//! allocates; [`linear`] runs a reader and fails when it allocated more
//! than `per_byte` bytes per byte of input plus `fixed`. Where no counting
//! allocator is installed (a library user), nothing is counted and every
//! budget holds. With `TERMALIGN_FUZZ_BUDGET=report` in the environment,
//! [`linear`] prints what it measured instead of failing, to set budgets
//! from a corpus (`fuzz/run --budgets`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated on this thread (grown, for a reallocation).
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // No destructor, so always there; `try_with` all the same, as an
    // allocator must never panic.
    let _ = ALLOCATED.try_with(|a| a.set(a.get().wrapping_add(bytes as u64)));
}

/// The system allocator, counting the bytes each thread allocates.
pub struct CountingAllocator;

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counting touches a thread-local integer only (no allocation, no panic).
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size.saturating_sub(layout.size()));
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Bytes allocated on this thread so far.
fn allocated() -> u64 {
    ALLOCATED.try_with(Cell::get).unwrap_or(0)
}

/// Runs `f` on an input of `input` bytes, and panics when it allocated
/// more than `per_byte` bytes per input byte plus `fixed`: `what` grows
/// faster than its input. Only this thread's allocations count. What a
/// reader builds on first use and keeps (a table read lazily) is no cost of
/// the input that happens to come first: a run over budget is run again,
/// and the second run is judged.
pub fn linear<T>(what: &str, input: usize, per_byte: u64, fixed: u64, f: impl Fn() -> T) -> T {
    let budget = per_byte.saturating_mul(input as u64).saturating_add(fixed);
    let run = || {
        let before = allocated();
        let out = f();
        (out, allocated().wrapping_sub(before))
    };
    let (mut out, mut spent) = run();
    if spent > budget {
        (out, spent) = run();
    }
    if std::env::var_os("TERMALIGN_FUZZ_BUDGET").is_some_and(|v| v == "report") {
        eprintln!(
            "budget {what}: {spent} bytes for {input} input bytes ({:.1} per byte; budget {budget})",
            spent as f64 / input.max(1) as f64
        );
    } else {
        assert!(
            spent <= budget,
            "{what} allocated {spent} bytes for {input} bytes of input: more than its budget of \
             {per_byte} per byte + {fixed}, so more than linear"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_a_counting_allocator_every_budget_holds() {
        // The unit tests' binary does not install one.
        let v = super::linear("a test", 1, 0, 0, || vec![0u8; 1 << 20]);
        assert_eq!(v.len(), 1 << 20);
    }
}
