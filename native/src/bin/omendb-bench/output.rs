//! One JSON object per line on stdout for every measurement; `bench/run.mjs` collects them, adds
//! the ratio to each suite's baseline and writes the results file and report.

/// One measurement: which suite, method and dataset, its size, its times and extra numbers.
pub struct Row<'a> {
    pub suite: &'a str,
    pub name: &'a str,
    pub dataset: &'a str,
    pub n: usize,
    pub median_ns: Option<f64>,
    pub p99_ns: Option<f64>,
    /// Further named numbers (bytes, window width, ...), emitted as top-level fields.
    pub extra: Vec<(&'a str, f64)>,
}

impl Row<'_> {
    /// Writes the row as one JSON line on stdout.
    pub fn emit(&self) {
        println!("{}", self.to_json());
    }

    fn to_json(&self) -> String {
        let mut fields = vec![
            format!("\"suite\":{}", quote(self.suite)),
            format!("\"name\":{}", quote(self.name)),
            format!("\"dataset\":{}", quote(self.dataset)),
            format!("\"n\":{}", self.n),
            format!("\"median_ns\":{}", number(self.median_ns)),
            format!("\"p99_ns\":{}", number(self.p99_ns)),
        ];
        fields.extend(self.extra.iter().map(|(key, value)| format!("{}:{}", quote(key), number(Some(*value)))));
        format!("{{{}}}", fields.join(","))
    }
}

/// A JSON string literal (the names used here are plain ASCII identifiers; quotes and
/// backslashes are escaped anyway).
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A JSON number, or `null` for a missing or non-finite value; two decimals are plenty.
fn number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{}", (v * 100.0).round() / 100.0),
        _ => "null".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_is_one_json_object() {
        let row = Row {
            suite: "lookup",
            name: "pgm \"64\"",
            dataset: "normal",
            n: 10,
            median_ns: Some(12.345),
            p99_ns: None,
            extra: vec![("window_keys", 3.0)],
        };
        assert_eq!(
            row.to_json(),
            r#"{"suite":"lookup","name":"pgm \"64\"","dataset":"normal","n":10,"median_ns":12.35,"p99_ns":null,"window_keys":3}"#
        );
    }
}
