//! Where a command's outputs go, and the rule that keeps an output from destroying an input
//! (docs/robustness.md, "Outputs"). Every command that writes a file, or prints, asks here:
//!
//! - no output is the same file as a file the command reads — the exports, case files, the
//!   mapping, the review sheet, waivers, a yardstick, the rules and profile, a baseline, the
//!   key file, the reports `diff` and `trend` compare — nor the same file as another output.
//!   Files are compared by identity (device and inode), so no spelling slips through: a
//!   relative path, `..`, a symbolic link, a hard link;
//! - an output is a regular file, or a new one, and `-` is stdout where the command can print
//!   its output there. A device, a named pipe, a socket or a folder is refused: replacing
//!   `/dev/null` or a pipe with a regular file breaks whoever else uses it. A symbolic link
//!   to a regular file is written through: the file it points to is replaced (atomically,
//!   its mode kept, [`super::atomic`]) and the link stays; a link to nothing is refused;
//! - stdout redirected into a file the command reads is refused too.
//!
//! Each refusal is a usage error (exit 2) in the user's language. [`OutputFile`] can only be
//! made here, and [`super::write_atomic`] takes nothing else, so no output skips the rule.
use crate::model::input::Reason;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file's identity, however its path is spelt.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
    /// Where Unix's device and inode numbers are not at hand: the canonical path, which
    /// still sees through relative paths, `..` and symbolic links.
    #[cfg(not(unix))]
    path: PathBuf,
}

impl Identity {
    /// The identity of the file `path` names (following symbolic links).
    fn of(path: &Path) -> io::Result<Identity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = fs::metadata(path)?;
            Ok(Identity {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Identity {
                path: fs::canonicalize(path)?,
            })
        }
    }

    /// The identity of the file stdout writes to, when it is a regular file.
    fn of_stdout() -> Option<Identity> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            use std::os::unix::fs::MetadataExt;
            let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
            let meta = fs::File::from(fd).metadata().ok()?;
            meta.is_file().then(|| Identity {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Where an output will be: an existing file, or a new one (its folder's canonical path
/// and its name, so two spellings of one new file are still one).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Existing(Identity),
    New(PathBuf),
}

/// An output file that passed the rule: what [`super::write_atomic`] writes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// As the user gave it: what messages show, and whose extension names the format.
    shown: PathBuf,
    /// The file replaced: the path itself, or the file its symbolic link points to.
    real: PathBuf,
}

impl OutputFile {
    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// The file that is replaced (through a symbolic link, the file it points to).
    pub fn real(&self) -> &Path {
        &self.real
    }
}

/// Where an output goes.
#[derive(Debug, Clone)]
pub enum Output {
    Stdout,
    File(OutputFile),
}

/// The files a command reads and the outputs it was given, to hold each new output to the
/// rule (see the module docs).
#[derive(Debug, Default)]
pub struct Files {
    read: Vec<(PathBuf, Identity)>,
    written: Vec<(String, PathBuf, Place)>,
}

fn refused(da: String, en: String) -> anyhow::Error {
    anyhow::Error::new(Reason::new(da, en))
}

/// What kind of file, when it is not a regular one, in both languages.
fn kind_of(meta: &fs::Metadata) -> (&'static str, &'static str) {
    if meta.is_dir() {
        return ("en mappe", "a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return ("et rør (FIFO)", "a pipe (FIFO)");
        }
        if t.is_socket() {
            return ("en sokkel", "a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return ("en enhed", "a device");
        }
    }
    ("ikke en almindelig fil", "not a regular file")
}

impl Files {
    /// Notes a file the command reads. A path that names nothing (yet) is left out: reading
    /// it fails with a message of its own.
    pub fn read(&mut self, path: &Path) -> &mut Files {
        if let Ok(identity) = Identity::of(path)
            && !self.read.iter().any(|(_, known)| *known == identity)
        {
            self.read.push((path.to_path_buf(), identity));
        }
        self
    }

    /// Notes each of `paths` as read.
    pub fn read_all<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>) -> &mut Files {
        for path in paths {
            self.read(path.as_ref());
        }
        self
    }

    /// `flag PATH` of a command that can print its output: `-` is stdout (checked with
    /// [`Files::stdout`]), anything else a file held to the rule.
    pub fn output(&mut self, flag: &str, path: &Path) -> anyhow::Result<Output> {
        if path.as_os_str() == "-" {
            self.stdout()?;
            return Ok(Output::Stdout);
        }
        self.file(flag, path).map(Output::File)
    }

    /// `flag PATH` that must be a file (`--rejects`, the sample, the review sheet).
    pub fn file(&mut self, flag: &str, path: &Path) -> anyhow::Result<OutputFile> {
        let shown = path.display();
        if path.as_os_str() == "-" {
            return Err(refused(
                format!("{flag} skal være en fil; - (stdout) kan ikke bruges her"),
                format!("{flag} must name a file; - (stdout) cannot be used here"),
            ));
        }
        let not_regular = |meta: &fs::Metadata| {
            let (da, en) = kind_of(meta);
            refused(
                format!(
                    "{flag} {shown} er {da}; caseaudit skriver kun til almindelige filer, som det \
                     kan erstatte (eller til stdout med -, hvor kommandoen kan skrive dertil)"
                ),
                format!(
                    "{flag} {shown} is {en}; caseaudit writes only to regular files, which it \
                     can replace (or to stdout with -, where the command can print its output)"
                ),
            )
        };
        let real = match fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(path) {
                Ok(target) if target.is_file() => fs::canonicalize(path)?,
                Ok(target) => return Err(not_regular(&target)),
                Err(_) => {
                    let to = fs::read_link(path).unwrap_or_default();
                    let to = to.display();
                    return Err(refused(
                        format!(
                            "{flag} {shown} er et symbolsk link til {to}, som ikke findes; \
                             angiv selve filen"
                        ),
                        format!(
                            "{flag} {shown} is a symbolic link to {to}, which does not exist; \
                             give the file itself"
                        ),
                    ));
                }
            },
            Ok(meta) if !meta.is_file() => return Err(not_regular(&meta)),
            // A regular file, or a new one (a folder that is not there fails as it is written).
            _ => path.to_path_buf(),
        };
        let place = match Identity::of(&real) {
            Ok(identity) => Place::Existing(identity),
            Err(_) => {
                let dir = match real.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                Place::New(dir.join(real.file_name().unwrap_or_default()))
            }
        };
        if let Place::Existing(identity) = &place
            && let Some((input, _)) = self.read.iter().find(|(_, known)| known == identity)
        {
            let input = input.display();
            return Err(if input.to_string() == shown.to_string() {
                refused(
                    format!(
                        "{flag} {shown} er en fil, som kommandoen læser; skriv til en anden fil, \
                         ellers overskrives den"
                    ),
                    format!(
                        "{flag} {shown} is a file the command reads; write to another file, or \
                         it would be overwritten"
                    ),
                )
            } else {
                refused(
                    format!(
                        "{flag} {shown} er samme fil som {input}, som kommandoen læser; skriv til \
                         en anden fil, ellers overskrives den"
                    ),
                    format!(
                        "{flag} {shown} is the same file as {input}, which the command reads; \
                         write to another file, or it would be overwritten"
                    ),
                )
            });
        }
        if let Some((other_flag, other, _)) = self.written.iter().find(|(_, _, p)| *p == place) {
            let other = other.display();
            return Err(refused(
                format!("{flag} {shown} er samme fil som {other_flag} {other}; giv hver sin fil"),
                format!(
                    "{flag} {shown} is the same file as {other_flag} {other}; give each its own file"
                ),
            ));
        }
        self.written
            .push((flag.to_string(), path.to_path_buf(), place));
        Ok(OutputFile {
            shown: path.to_path_buf(),
            real,
        })
    }

    /// Refuses stdout redirected into a file the command reads (`>> export.csv`).
    pub fn stdout(&self) -> anyhow::Result<()> {
        let Some(identity) = Identity::of_stdout() else {
            return Ok(());
        };
        match self.read.iter().find(|(_, known)| *known == identity) {
            Some((input, _)) => {
                let input = input.display();
                Err(refused(
                    format!(
                        "stdout er sendt til {input}, som kommandoen læser; send uddata til en \
                         anden fil"
                    ),
                    format!(
                        "stdout goes to {input}, which the command reads; send the output to \
                         another file"
                    ),
                ))
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: anyhow::Error) -> String {
        e.downcast_ref::<Reason>()
            .map(|r| r.en.clone())
            .unwrap_or_else(|| e.to_string())
    }

    #[test]
    fn an_input_is_refused_however_it_is_spelt() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("export.csv");
        fs::write(&input, "case_id\n").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let hard = dir.path().join("hard.csv");
        fs::hard_link(&input, &hard).unwrap();
        let mut spellings = vec![
            input.clone(),
            dir.path().join("sub/../export.csv"),
            hard.clone(),
        ];
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.csv");
            std::os::unix::fs::symlink(&input, &soft).unwrap();
            spellings.push(soft);
        }
        for path in spellings {
            let mut files = Files::default();
            files.read(&input);
            let e = message(files.file("--rejects", &path).unwrap_err());
            assert!(e.contains("the command reads"), "{}: {e}", path.display());
        }
        // Another file, or a new one, is fine.
        let mut files = Files::default();
        files.read(&input);
        assert!(files.file("-o", &dir.path().join("report.json")).is_ok());
    }

    #[test]
    fn two_outputs_may_not_be_one_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let mut files = Files::default();
        files.file("-o", &dir.path().join("r.csv")).unwrap();
        let e = message(
            files
                .file("--rejects", &dir.path().join("sub/../r.csv"))
                .unwrap_err(),
        );
        assert!(e.contains("is the same file as -o"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_folders_and_dangling_links_are_refused_links_to_files_followed() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::default();
        for (path, says) in [
            (Path::new("/dev/null"), "a device"),
            (dir.path(), "a folder"),
        ] {
            let e = message(files.file("-o", path).unwrap_err());
            assert!(e.contains(says), "{e}");
        }
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        let e = message(files.file("-o", &dangling).unwrap_err());
        assert!(e.contains("does not exist"), "{e}");
        let target = dir.path().join("target.json");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let out = files.file("-o", &link).unwrap();
        assert_eq!(out.path(), link);
        assert_eq!(out.real(), fs::canonicalize(&target).unwrap());
        assert!(matches!(
            files.output("-o", Path::new("-")),
            Ok(Output::Stdout)
        ));
        assert!(files.file("--rejects", Path::new("-")).is_err());
    }
}
