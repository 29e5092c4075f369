//! What the temporary files of a long run share (the results' store, rejected records, the
//! comparisons' sorted runs, the partitioner's buckets): reading back a stretch of a file
//! that is still being written to, through a shared handle.
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// The bytes `offset..end` of a file, read through a shared reference: each read seeks
/// first, so two readers of one file (a format reading the rows twice, runs merged side by
/// side) do not disturb each other.
pub struct FileRange<'a> {
    file: &'a File,
    offset: u64,
    end: u64,
}

impl<'a> FileRange<'a> {
    pub fn new(file: &'a File, offset: u64, end: u64) -> FileRange<'a> {
        FileRange { file, offset, end }
    }
}

impl Read for FileRange<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        if left == 0 {
            return Ok(0);
        }
        let want = buf.len().min(left);
        let mut file = self.file;
        file.seek(SeekFrom::Start(self.offset))?;
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a temporary file is shorter than what was written to it",
            ));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn two_ranges_of_one_file_read_side_by_side() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"abcdefghij").unwrap();
        let (mut a, mut b) = (FileRange::new(&file, 0, 4), FileRange::new(&file, 6, 10));
        let (mut x, mut y) = ([0u8; 2], [0u8; 2]);
        a.read_exact(&mut x).unwrap();
        b.read_exact(&mut y).unwrap();
        assert_eq!((&x, &y), (b"ab", b"gh"));
        let (mut rest_a, mut rest_b) = (Vec::new(), Vec::new());
        a.read_to_end(&mut rest_a).unwrap();
        b.read_to_end(&mut rest_b).unwrap();
        assert_eq!((&rest_a[..], &rest_b[..]), (&b"cd"[..], &b"ij"[..]));
    }

    #[test]
    fn a_file_shorter_than_its_range_is_an_error() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"abc").unwrap();
        let mut out = Vec::new();
        let e = FileRange::new(&file, 0, 10)
            .read_to_end(&mut out)
            .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(out, b"abc");
    }
}
