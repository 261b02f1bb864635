//! One data file read row by row, never whole: CSV (`,` or `;`, told apart by the header
//! line), TSV and JSON Lines, through the `csv` crate and serde_json. A byte-order mark,
//! quoted fields and CRLF line ends are read as spreadsheets write them.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// How a file's rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Delimited text with a header line; the delimiter.
    Delimited(u8),
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// The format a file's name says, `None` for a name waymark does not read.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            // `,` or `;` is decided from the header line.
            "csv" => Some(Format::Delimited(b',')),
            "tsv" | "tab" => Some(Format::Delimited(b'\t')),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A problem at a place in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// What is wrong.
    pub message: String,
    /// The line as written (cut short when long).
    pub text: String,
}

/// One row: its cells by column index, and where it starts.
pub(crate) struct Row<'r> {
    cells: Cells<'r>,
    /// 1-based line the row starts on.
    pub line: u64,
    /// Byte offset of the row in the file.
    pub byte: u64,
}

enum Cells<'r> {
    Delimited(&'r csv::ByteRecord),
    Json(&'r [String]),
}

impl Row<'_> {
    /// The cell of column `index`, trimmed; `Ok("")` when the row is short, `Err(())` when
    /// it is not UTF-8.
    pub(crate) fn get(&self, index: usize) -> Result<&str, ()> {
        match &self.cells {
            Cells::Delimited(r) => match r.get(index) {
                Some(bytes) => std::str::from_utf8(bytes).map(str::trim).map_err(|_| ()),
                None => Ok(""),
            },
            Cells::Json(cells) => Ok(cells.get(index).map_or("", |c| c.trim())),
        }
    }
}

/// An open data file: its columns, then its rows.
pub(crate) struct Table {
    /// Column names, trimmed.
    pub columns: Vec<String>,
    path: std::path::PathBuf,
    format: Format,
    source: Source,
}

enum Source {
    Delimited(csv::Reader<BufReader<File>>),
    Json {
        lines: std::io::Lines<BufReader<File>>,
        first: Option<(u64, u64, serde_json::Map<String, serde_json::Value>)>,
        line: u64,
        byte: u64,
    },
}

impl Table {
    /// Opens `path` (already checked to be a regular file inside the handbook) and reads
    /// its header.
    pub(crate) fn open(path: &Path, format: Format) -> Result<Table, String> {
        let file = File::open(path).map_err(|e| e.to_string())?;
        match format {
            Format::Delimited(given) => {
                let mut reader = BufReader::new(file);
                let delimiter = if given == b',' {
                    sniff_delimiter(reader.fill_buf().map_err(|e| e.to_string())?)
                } else {
                    given
                };
                let mut csv = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .flexible(true)
                    .from_reader(reader);
                let columns = csv
                    .byte_headers()
                    .map_err(|e| e.to_string())?
                    .iter()
                    .map(|h| {
                        String::from_utf8_lossy(h)
                            .trim_start_matches('\u{feff}')
                            .trim()
                            .to_string()
                    })
                    .collect();
                Ok(Table {
                    columns,
                    path: path.to_path_buf(),
                    format: Format::Delimited(delimiter),
                    source: Source::Delimited(csv),
                })
            }
            Format::JsonLines => {
                let mut lines = BufReader::new(file).lines();
                let (mut line, mut byte) = (0u64, 0u64);
                // The first object's keys are the columns.
                let first = loop {
                    let Some(text) = lines.next() else { break None };
                    let text = text.map_err(|e| e.to_string())?;
                    line += 1;
                    let start = byte;
                    byte += text.len() as u64 + 1;
                    let trimmed = text.trim_start_matches('\u{feff}').trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    match serde_json::from_str::<serde_json::Value>(trimmed) {
                        Ok(serde_json::Value::Object(map)) => break Some((line, start, map)),
                        _ => return Err(format!("line {line} is not a JSON object")),
                    }
                };
                let columns = first
                    .as_ref()
                    .map(|(_, _, m)| m.keys().cloned().collect())
                    .unwrap_or_default();
                Ok(Table {
                    columns,
                    path: path.to_path_buf(),
                    format,
                    source: Source::Json {
                        lines,
                        first,
                        line,
                        byte,
                    },
                })
            }
        }
    }

    /// The index of the column named `name` (trimmed, case-insensitive).
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name.trim()))
    }

    /// Calls `each` with every row, in order; stops at the first error, `each`'s or the
    /// file's own (a broken quote, a line that is not a JSON object).
    pub(crate) fn rows(
        mut self,
        mut each: impl FnMut(&Row<'_>) -> Result<(), Located>,
    ) -> Result<(), Located> {
        match &mut self.source {
            Source::Delimited(csv) => {
                let mut record = csv::ByteRecord::new();
                // The last row that spans lines: a quote never closed swallows the rest of
                // the file into one cell, which the reader does not call an error.
                let mut spanning: Option<(u64, u64)> = None;
                loop {
                    match csv.read_byte_record(&mut record) {
                        Ok(false) => {
                            return match spanning {
                                Some((line, byte)) if unclosed_quote(&self.path, byte) => {
                                    let (column, text) =
                                        cell_place(&self.path, self.format, byte, 0);
                                    Err(Located {
                                        line,
                                        column,
                                        message: "opens a quote that is never closed, so the rest of the file is read as one cell".into(),
                                        text,
                                    })
                                }
                                _ => Ok(()),
                            };
                        }
                        Ok(true) => {
                            let (line, byte) =
                                record.position().map_or((0, 0), |p| (p.line(), p.byte()));
                            spanning = record.as_slice().contains(&b'\n').then_some((line, byte));
                            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                                continue;
                            }
                            each(&Row {
                                cells: Cells::Delimited(&record),
                                line,
                                byte,
                            })?;
                        }
                        Err(e) => {
                            let line = e.position().map_or(0, |p| p.line());
                            return Err(Located {
                                line,
                                column: 1,
                                message: format!("cannot be read: {e}"),
                                text: String::new(),
                            });
                        }
                    }
                }
            }
            Source::Json {
                lines,
                first,
                line,
                byte,
            } => {
                let columns = self.columns.clone();
                let cells_of = |map: &serde_json::Map<String, serde_json::Value>| -> Vec<String> {
                    columns
                        .iter()
                        .map(|c| match map.get(c) {
                            None | Some(serde_json::Value::Null) => String::new(),
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                        })
                        .collect()
                };
                if let Some((l, b, map)) = first.take() {
                    each(&Row {
                        cells: Cells::Json(&cells_of(&map)),
                        line: l,
                        byte: b,
                    })?;
                }
                for text in lines.by_ref() {
                    *line += 1;
                    let start = *byte;
                    let text = text.map_err(|e| Located {
                        line: *line,
                        column: 1,
                        message: format!("cannot be read: {e}"),
                        text: String::new(),
                    })?;
                    *byte += text.len() as u64 + 1;
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    let map = match serde_json::from_str::<serde_json::Value>(trimmed) {
                        Ok(serde_json::Value::Object(map)) => map,
                        Ok(_) => {
                            return Err(Located {
                                line: *line,
                                column: 1,
                                message: "is not a JSON object".into(),
                                text: cut(&text),
                            })
                        }
                        Err(e) => {
                            return Err(Located {
                                line: *line,
                                column: e.column() as u64,
                                message: format!("is not JSON: {e}"),
                                text: cut(&text),
                            })
                        }
                    };
                    each(&Row {
                        cells: Cells::Json(&cells_of(&map)),
                        line: *line,
                        byte: start,
                    })?;
                }
                Ok(())
            }
        }
    }

    /// What a reader needs to point at a cell later: the format with its delimiter.
    pub(crate) fn format(&self) -> Format {
        self.format
    }
}

/// `,` or `;` (or a tab), whichever the header line holds most of outside quotes.
fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|b| *b == b'\n').next().unwrap_or(start);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Whether the text from `byte` to the end of the file holds an odd number of quotes.
fn unclosed_quote(path: &Path, byte: u64) -> bool {
    let mut rest = Vec::new();
    let read = File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(byte))?;
        f.read_to_end(&mut rest)
    });
    read.is_ok() && rest.iter().filter(|b| **b == b'"').count() % 2 == 1
}

/// A long line cut short for a message.
fn cut(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Where cell `index` of the row starting at `byte` begins: its 1-based column in
/// characters, and the row's first line as written. Read again only for a message.
pub(crate) fn cell_place(path: &Path, format: Format, byte: u64, index: usize) -> (u64, String) {
    let mut text = String::new();
    let read = File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(byte))?;
        f.take(64 * 1024).read_to_string(&mut text)
    });
    if read.is_err() {
        return (1, String::new());
    }
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    let Format::Delimited(delimiter) = format else {
        return (1, cut(line));
    };
    let (mut field, mut quoted, mut column) = (0usize, false, 1u64);
    for (n, c) in line.chars().enumerate() {
        if field == index {
            column = n as u64 + 1;
            break;
        }
        match c {
            '"' => quoted = !quoted,
            c if c as u32 == u32::from(delimiter) && !quoted => field += 1,
            _ => {}
        }
        column = n as u64 + 2;
    }
    (column, cut(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_line_tells_commas_from_semicolons() {
        assert_eq!(sniff_delimiter(b"step;score;comment\n"), b';');
        assert_eq!(sniff_delimiter(b"\"a;b\",score\n"), b',');
        assert_eq!(sniff_delimiter(b"step\tscore\n"), b'\t');
    }
}
