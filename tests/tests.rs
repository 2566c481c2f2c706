//! The integration tests, one binary (as ripgrep and xsv do): the binary
//! run end to end on the seeds, the shipped glossary and real data, and the
//! library's properties. One module per area; `common` is the shared
//! harness. Tests that must be alone in their process are their own
//! targets: `interrupt` (signals) and `big_line` (it reads its children's
//! peak memory).

mod common;

mod align_cli;
mod bad_input;
mod check_cli;
mod cli;
mod fuzz_regressions;
mod glossary_cli;
mod iate_cli;
mod input_cli;
mod langs_cli;
mod merge_cli;
mod outputs_cli;
mod pieces;
mod pitfalls;
mod profile_regen;
mod properties;
mod scale_cli;
mod suggest_cli;
mod tables_cli;
mod tbx_validate;
mod xlsx_glossary_cli;
