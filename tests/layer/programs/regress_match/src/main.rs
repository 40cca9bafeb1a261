//! Reads JSON lines `[pattern, value]`; prints 1 when `regress::Regex::with_flags(pattern, "u")`
//! finds a match in `value`, else 0: the `regress` dialect checked by the regress crate itself.
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        if line.is_empty() {
            continue;
        }
        let pair: (String, String) = serde_json::from_str(&line).expect("[pattern, value]");
        let re = regress::Regex::with_flags(&pair.0, "u").expect("a valid pattern");
        println!("{}", if re.find(&pair.1).is_some() { "1" } else { "0" });
    }
}
