//! TBX (placeholder while the module is written).
use crate::glossary::Glossary;
pub fn write<W: std::io::Write>(_glossary: &Glossary, _out: W) -> std::io::Result<()> {
    Err(std::io::Error::other("TBX export is not available yet"))
}
pub fn read<R: std::io::BufRead>(
    _reader: R,
    path: &std::path::Path,
) -> crate::error::Result<Glossary> {
    Err(crate::error::Error::Usage(format!(
        "{}: TBX input is not available yet",
        path.display()
    )))
}
