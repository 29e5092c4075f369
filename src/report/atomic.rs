//! Output files are written atomically: into a temporary file beside the target, then renamed
//! over it. A run that fails half-way, or is stopped (SIGINT, SIGTERM, SIGHUP, Ctrl-C),
//! leaves an existing file as it was and no temporary file behind; a file replaced keeps its
//! mode (a 0600 report stays 0600). Only an [`OutputFile`] can be written: an output that
//! passed the rule of [`super::output`].
use super::output::OutputFile;
use crate::privacy::Masked;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// Writes `output` with `fill`, atomically. Text passes the CPR mask on its way
/// ([`crate::privacy::Masked`]); an .xlsx workbook, a zip archive, has the XML inside it
/// masked ([`crate::privacy::mask_workbook`]).
pub fn write_atomic(
    output: &OutputFile,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write(output, true, fill)
}

/// As [`write_atomic`], without the text mask: for a document whose strings were masked
/// already and whose numbers must stay numbers (a JSON seed of ten digits is no CPR number).
pub fn write_atomic_as_is(
    output: &OutputFile,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write(output, false, fill)
}

fn write(
    output: &OutputFile,
    mask: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(output)?;
    if !mask {
        fill(&mut file)?;
    } else if is_workbook(output.path()) {
        let mut book = Vec::new();
        fill(&mut book)?;
        file.write_all(&crate::privacy::mask_workbook(book)?)?;
    } else {
        let mut masked = Masked::new(&mut file);
        fill(&mut masked)?;
        masked.finish()?;
    }
    file.commit()
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A file being written: a temporary file `.NAME.PID.N.tmp` beside the one it replaces,
/// renamed over it by [`AtomicFile::commit`]. Dropped without a commit (an error, a panic),
/// the temporary file is removed; on a stop signal the handler removes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    out: BufWriter<File>,
    /// The mode of the file replaced, which the new one keeps.
    permissions: Option<fs::Permissions>,
    committed: bool,
}

impl AtomicFile {
    pub fn create(output: &OutputFile) -> io::Result<AtomicFile> {
        let target = output.real().to_path_buf();
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
            .to_string_lossy()
            .into_owned();
        let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
        let (temp, file) = temp_file(&dir, &name, permissions.is_some())?;
        Ok(AtomicFile {
            target,
            temp,
            out: BufWriter::with_capacity(64 * 1024, file),
            permissions,
            committed: false,
        })
    }

    /// Flushes the file to disk, gives it the replaced file's mode, and renames it over the
    /// target.
    pub fn commit(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        if let Some(permissions) = self.permissions.clone() {
            fs::set_permissions(&self.temp, permissions)?;
        }
        let mut temps = temps();
        fs::rename(&self.temp, &self.target)?;
        temps.retain(|t| *t != self.temp);
        self.committed = true;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let mut temps = temps();
            let _ = fs::remove_file(&self.temp);
            temps.retain(|t| *t != self.temp);
        }
    }
}

/// The temporary files being written: what a stop signal removes.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temps() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere does not leave the list unusable: it is a list of paths.
    TEMPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP (Ctrl-C, Ctrl-Break or a closed console on Windows): the
/// temporary files are removed, while their list is held so no rename or new file comes
/// between, and the run ends with exit code 130, as an interrupted command does. Installed
/// with the first temporary file; until then the signals end the run as they always do.
fn remove_temps_on_stop() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Without a handler (another was set first) the signals end the run as before.
        let _ = ctrlc::set_handler(|| {
            let temps = temps();
            for temp in temps.iter() {
                let _ = fs::remove_file(temp);
            }
            std::process::exit(130);
        });
    });
}

/// A new file `.NAME.PID.N.tmp` in `dir`, never one that exists already; listed for the
/// stop handler before it is made. `private`: readable by the owner only until its mode is
/// set (it will replace a file whose mode it takes).
fn temp_file(dir: &Path, name: &str, private: bool) -> io::Result<(PathBuf, File)> {
    remove_temps_on_stop();
    let pid = std::process::id();
    let mut temps = temps();
    let mut n = 0u32;
    loop {
        let candidate = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        temps.push(candidate.clone());
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        match options.open(&candidate) {
            Ok(f) => return Ok((candidate, f)),
            Err(e) => {
                temps.pop();
                if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 {
                    n += 1;
                } else {
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::output::Files;
    use super::*;

    fn output(path: &Path) -> OutputFile {
        Files::default().file("-o", path).unwrap()
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&output(&path), |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_good_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        fs::write(&path, "old").unwrap();
        write_atomic(&output(&path), |out| out.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_link_its_target() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&output(&path), |out| out.write_all(b"new")).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Through a symbolic link: the file it points to is replaced, the link stays.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_atomic(&output(&link), |out| out.write_all(b"newer")).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "newer");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
