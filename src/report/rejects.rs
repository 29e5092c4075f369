//! `audit --rejects FILE`: the rejected records with their values, as CSV
//! (file,line,column,value,reason), for the person who holds the export to fix it. Written
//! as every output is: atomically, its old mode kept ([`super::atomic`]), CPR numbers masked
//! on the way, and each cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(1)`,
//! `+1+2`) neutralised as in the CSV and xlsx reports ([`super::csv::neutralise`]): the values
//! are the export's, as read, and this file is opened in Excel.
use super::atomic::write_atomic;
use super::csv::neutralise;
use super::output::OutputFile;
use crate::lang::Msg;
use crate::lang::OrSay;
use crate::model::input::Reject;

/// Writes `rejects`, in order: every rejected record (the loader gives those past the first it
/// lists back from a temporary file, `load::Rejects::all`); one it could not give back fails
/// the write, which then leaves no file.
pub fn write_rejects(
    output: &OutputFile,
    rejects: impl IntoIterator<Item = anyhow::Result<Reject>>,
) -> anyhow::Result<()> {
    write_atomic(output, |out| {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["file", "line", "column", "value", "reason"])?;
        for r in rejects {
            let r = r.map_err(std::io::Error::other)?;
            let line = r.line.map(|l| l.to_string()).unwrap_or_default();
            let cells = [
                neutralise(&r.file),
                line.as_str().into(),
                neutralise(r.column.as_deref().unwrap_or_default()),
                neutralise(r.value.as_deref().unwrap_or_default()),
                neutralise(&r.reason.en),
            ];
            w.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
        w.flush()
    })
    .or_say(Msg::CouldNotWrite, output.path().display())
}
