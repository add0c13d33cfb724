//! Reading a result file: CSV (commas or semicolons, a BOM, quotes) or JSON, into rows of
//! named fields, each with its line or position for error reports.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{FileFormat, RowError};

pub(super) const REQUIRED: [&str; 7] = [
    "learner",
    "profile",
    "version",
    "unit",
    "assessed_on",
    "outcome",
    "assessor",
];
pub(super) const OPTIONAL: [&str; 2] = ["assessment_type", "remediation_note"];

/// One field map per data row, or the row's error.
pub(super) type Record = (usize, Result<HashMap<String, String>, RowError>);

/// Splits a file into records. Errors that concern the whole file (not CSV, missing or unknown
/// columns) are returned as such; errors of one row stay with that row.
pub fn read(format: FileFormat, bytes: &[u8]) -> Result<Vec<Record>, String> {
    match format {
        FileFormat::Csv => read_csv(bytes),
        FileFormat::Json => read_json(bytes),
    }
}

pub(super) fn read_csv(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Spreadsheets set to a French or Dutch locale export with semicolons.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("unreadable header line: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    check_columns(&headers)?;
    // Line numbers from byte offsets: the reader does not count the blank lines it skips.
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |p: &csv::Position| {
        // A record's position can be the blank line(s) before it.
        let start = p.byte() as usize;
        let skip = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count();
        newlines.partition_point(|&n| n < start + skip) + 1
    };
    let mut records = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let fallback_line = i + 2;
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(fallback_line, line_at);
                records.push((line, Err(row_error(line, None, format!("unreadable: {e}")))));
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, line_at);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            let msg = format!(
                "has {} fields where the header has {}",
                record.len(),
                headers.len()
            );
            records.push((line, Err(row_error(line, None, msg))));
            continue;
        }
        let fields = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| (h.clone(), v.to_owned()))
            .collect();
        records.push((line, Ok(fields)));
    }
    Ok(records)
}

pub(super) fn check_columns(headers: &[String]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for h in headers {
        if !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) {
            return Err(format!(
                "unknown column `{h}` (columns: {}, optional {})",
                REQUIRED.join(", "),
                OPTIONAL.join(", ")
            ));
        }
        if !seen.insert(h.as_str()) {
            return Err(format!("column `{h}` appears twice"));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !seen.contains(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing column(s): {}", missing.join(", ")));
    }
    Ok(())
}

pub(super) fn read_json(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Array(items) = value else {
        return Err("expected a JSON array of result objects".into());
    };
    let mut records = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let row = i + 1;
        let Value::Object(map) = item else {
            records.push((row, Err(row_error(row, None, "is not an object".into()))));
            continue;
        };
        let mut fields = HashMap::new();
        let mut error = None;
        for (k, v) in map {
            if !REQUIRED.contains(&k.as_str()) && !OPTIONAL.contains(&k.as_str()) {
                error = Some(row_error(row, Some(&k), "unknown field".into()));
                break;
            }
            let text = match v {
                Value::Null => continue,
                Value::String(s) => s.trim().to_owned(),
                Value::Number(n) => n.to_string(),
                _ => {
                    error = Some(row_error(
                        row,
                        Some(&k),
                        "must be a string or a number".into(),
                    ));
                    break;
                }
            };
            if !text.is_empty() {
                fields.insert(k, text);
            }
        }
        records.push((row, error.map_or(Ok(fields), Err)));
    }
    Ok(records)
}

pub(super) fn row_error(row: usize, field: Option<&str>, message: String) -> RowError {
    RowError {
        row,
        field: field.map(str::to_owned),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::import::FileFormat;

    #[test]
    fn csv_with_semicolons_bom_and_quotes() {
        let file = "\u{feff}learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note\n\
                    R-1;MECA;1;UAA1;2026-06-01;not_validated;\"Dupont; J.\";\"Revoir \"\"freins\"\"\"\n\
                    \n\
                    R-2;MECA;1;UAA1;2026-06-01;validated;Dupont\n";
        let records = read(FileFormat::Csv, file.as_bytes()).unwrap();
        assert_eq!(records.len(), 2);
        let (line, first) = &records[0];
        assert_eq!(*line, 2);
        let first = first.as_ref().unwrap();
        assert_eq!(first["assessor"], "Dupont; J.");
        assert_eq!(first["remediation_note"], "Revoir \"freins\"");
        let (line, second) = &records[1];
        assert_eq!(*line, 4);
        assert!(second.as_ref().unwrap_err().message.contains("7 fields"));
    }

    #[test]
    fn csv_column_errors_concern_the_whole_file() {
        let missing = read(FileFormat::Csv, b"learner,profile,unit\n");
        assert!(missing.unwrap_err().contains("missing column(s): version"));
        let unknown = read(
            FileFormat::Csv,
            b"learner,profile,version,unit,assessed_on,outcom,assessor\n",
        );
        assert!(unknown.unwrap_err().contains("unknown column `outcom`"));
    }

    #[test]
    fn json_rows_accept_numbers_and_report_unknown_fields() {
        let file = br#"[{"learner":"R-1","profile":"MECA","version":1,"unit":"UAA1"},
                        {"learner":"R-2","grade":"A"}, 7]"#;
        let records = read(FileFormat::Json, file).unwrap();
        assert_eq!(records[0].1.as_ref().unwrap()["version"], "1");
        assert_eq!(
            records[1].1.as_ref().unwrap_err().field.as_deref(),
            Some("grade")
        );
        assert_eq!(records[2].1.as_ref().unwrap_err().row, 3);
        assert!(read(FileFormat::Json, b"{}").is_err());
    }

    #[test]
    fn formats_from_names_and_media_types() {
        assert_eq!(
            FileFormat::from_media_type("text/csv; charset=utf-8"),
            Some(FileFormat::Csv)
        );
        assert_eq!(
            FileFormat::from_path(std::path::Path::new("cohorte.JSON")),
            Some(FileFormat::Json)
        );
        assert_eq!(FileFormat::from_media_type("text/plain"), None);
    }
}
