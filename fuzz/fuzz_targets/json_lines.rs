#![no_main]

// Counts the bytes each thread allocates: the checks hold the readers to a
// budget linear in their input (termalign::fuzz::linear).
#[global_allocator]
static ALLOCATOR: termalign::fuzz::CountingAllocator = termalign::fuzz::CountingAllocator;

libfuzzer_sys::fuzz_target!(|data: &[u8]| termalign::fuzz::json_lines(data));
