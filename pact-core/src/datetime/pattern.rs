//! Java `DateTimeFormatter`-style patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`) read once into tokens,
//! then used to check values ([`DateTimePattern::matches`]) and to format dates
//! ([`DateTimePattern::format`]).

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use super::DateTimeError;
use super::value;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// Text that must appear as written.
    Literal(String),
    /// A pattern letter repeated `count` times (`yyyy` is `y` × 4).
    Field { letter: char, count: usize },
    /// A fraction of a second of `min..=max` digits (the ISO defaults use 1..=9).
    Fraction { min: usize, max: usize },
    /// An ISO offset: `Z`, `+HH`, `+HHMM`, `+HH:MM` or `+HH:MM:SS`.
    IsoOffset,
    /// A section in `[...]` that may be absent.
    Optional(Vec<Token>),
}

/// The pattern letters understood, as `DateTimeFormatter` defines them.
const LETTERS: &str = "GuyYQqMLwWdDFEecahKkHmsSAnNVzOXxZ";

/// A date/time pattern in Java `DateTimeFormatter` syntax, read once and used many times.
///
/// Supported letters: `G` era, `u`/`y` year, `Y` week-based year, `Q`/`q` quarter, `M`/`L` month,
/// `w`/`W` week, `d` day of month, `D` day of year, `F` aligned week, `E`/`e`/`c` day of week,
/// `a` AM/PM, `h`/`K`/`k`/`H` hours, `m` minutes, `s` seconds, `S` fraction of a second,
/// `A`/`n`/`N` milli-of-day/nano/nano-of-day, `V`/`z`/`O`/`X`/`x`/`Z` zones and offsets.
/// Text goes in single quotes (`'T'`, `''` for a quote); `[...]` marks an optional section.
///
/// Values are checked for real calendar validity: `2023-02-30` does not match `yyyy-MM-dd`.
///
/// ```
/// use pact_core::datetime::DateTimePattern;
/// let pattern = DateTimePattern::parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").unwrap();
/// assert!(pattern.matches("2024-02-29T13:45:00.123+01:00"));
/// assert!(pattern.matches("2024-02-29T13:45:00.123Z"));
/// assert!(!pattern.matches("2023-02-29T13:45:00.123Z")); // 2023 is no leap year
/// assert!(!pattern.matches("2024-02-29 13:45:00.123Z"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimePattern {
    source: String,
    tokens: Vec<Token>,
}

impl DateTimePattern {
    /// Reads a pattern; unknown letters, unterminated quotes and unbalanced brackets are errors.
    ///
    /// ```
    /// use pact_core::datetime::DateTimePattern;
    /// assert!(DateTimePattern::parse("EEE, dd MMM yyyy HH:mm:ss z").is_ok());
    /// let err = DateTimePattern::parse("yyyy-MM-ddTHH:mm").unwrap_err();
    /// assert!(err.to_string().contains("unknown pattern letter 'T'"), "{err}");
    /// ```
    pub fn parse(pattern: &str) -> Result<Self, DateTimeError> {
        let tokens = Reader::new(pattern).read()?;
        Ok(DateTimePattern {
            source: pattern.to_string(),
            tokens,
        })
    }

    pub(crate) fn from_tokens(source: &str, tokens: Vec<Token>) -> Self {
        DateTimePattern {
            source: source.to_string(),
            tokens,
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether `value` is a valid date/time written in this pattern.
    ///
    /// ```
    /// use pact_core::datetime::DateTimePattern;
    /// let pattern = DateTimePattern::parse("dd/MM/yyyy").unwrap();
    /// assert!(pattern.matches("31/12/1999"));
    /// assert!(!pattern.matches("31/11/1999"));
    /// assert!(!pattern.matches("1/12/1999"));
    /// ```
    pub fn matches(&self, value: &str) -> bool {
        value::matches(&self.tokens, value)
    }

    /// Writes `at` in this pattern (English names, as Pact's reference implementations do).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use pact_core::datetime::DateTimePattern;
    /// let at = DateTime::parse_from_rfc3339("2000-01-01T10:00:00.5+01:00").unwrap();
    /// let pattern = DateTimePattern::parse("EEE, dd MMM yyyy hh:mm:ss.SSS a XXX").unwrap();
    /// assert_eq!(pattern.format(&at), "Sat, 01 Jan 2000 10:00:00.500 AM +01:00");
    /// ```
    pub fn format(&self, at: &DateTime<FixedOffset>) -> String {
        let mut out = String::new();
        format_tokens(&self.tokens, at, &mut out);
        out
    }
}

/// Reads a pattern as [`DateTimePattern::parse`] does.
///
/// ```
/// use pact_core::datetime::DateTimePattern;
/// let pattern: DateTimePattern = "HH:mm".parse().unwrap();
/// assert!(pattern.matches("23:59"));
/// assert!("yyyy-MM-ddTHH".parse::<DateTimePattern>().is_err());
/// ```
impl std::str::FromStr for DateTimePattern {
    type Err = DateTimeError;

    fn from_str(pattern: &str) -> Result<Self, DateTimeError> {
        DateTimePattern::parse(pattern)
    }
}

impl std::fmt::Display for DateTimePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

struct Reader<'a> {
    pattern: &'a str,
    chars: Vec<char>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(pattern: &'a str) -> Self {
        Reader {
            pattern,
            chars: pattern.chars().collect(),
            pos: 0,
        }
    }

    fn error(&self, position: usize, message: impl Into<String>) -> DateTimeError {
        DateTimeError::InvalidPattern {
            pattern: self.pattern.to_string(),
            position: position + 1,
            message: message.into(),
        }
    }

    fn read(mut self) -> Result<Vec<Token>, DateTimeError> {
        let tokens = self.read_section(None)?;
        Ok(tokens)
    }

    /// Reads tokens up to the end, or up to the `]` closing the section opened at `open`.
    fn read_section(&mut self, open: Option<usize>) -> Result<Vec<Token>, DateTimeError> {
        let mut tokens = Vec::new();
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            match c {
                '\'' => {
                    let text = self.read_quoted()?;
                    push_literal(&mut tokens, &text);
                }
                '[' => {
                    let start = self.pos;
                    self.pos += 1;
                    let inner = self.read_section(Some(start))?;
                    tokens.push(Token::Optional(inner));
                }
                ']' => {
                    if open.is_none() {
                        return Err(self.error(self.pos, "']' without a matching '['"));
                    }
                    self.pos += 1;
                    return Ok(tokens);
                }
                '{' | '}' | '#' => {
                    return Err(self.error(self.pos, format!("'{c}' is reserved")));
                }
                c if c.is_ascii_alphabetic() => {
                    let start = self.pos;
                    while self.pos < self.chars.len() && self.chars[self.pos] == c {
                        self.pos += 1;
                    }
                    let count = self.pos - start;
                    if !LETTERS.contains(c) {
                        return Err(self.error(
                            start,
                            format!("unknown pattern letter '{c}' (put literal text in quotes, e.g. '{c}')"),
                        ));
                    }
                    check_count(c, count).map_err(|m| self.error(start, m))?;
                    tokens.push(Token::Field { letter: c, count });
                }
                c => {
                    self.pos += 1;
                    push_literal(&mut tokens, &c.to_string());
                }
            }
        }
        match open {
            Some(start) => Err(self.error(start, "'[' without a matching ']'")),
            None => Ok(tokens),
        }
    }

    /// Reads `'...'` (or `''`, a single quote) starting at the opening quote.
    fn read_quoted(&mut self) -> Result<String, DateTimeError> {
        let start = self.pos;
        self.pos += 1;
        if self.chars.get(self.pos) == Some(&'\'') {
            self.pos += 1;
            return Ok("'".to_string());
        }
        let mut text = String::new();
        loop {
            match self.chars.get(self.pos) {
                None => {
                    return Err(self.error(start, "unterminated quoted text (add a closing ')"));
                }
                Some('\'') if self.chars.get(self.pos + 1) == Some(&'\'') => {
                    text.push('\'');
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some(c) => {
                    text.push(*c);
                    self.pos += 1;
                }
            }
        }
    }
}

fn push_literal(tokens: &mut Vec<Token>, text: &str) {
    match tokens.last_mut() {
        Some(Token::Literal(existing)) => existing.push_str(text),
        _ => tokens.push(Token::Literal(text.to_string())),
    }
}

fn check_count(letter: char, count: usize) -> Result<(), String> {
    let max = match letter {
        'G' | 'Q' | 'q' | 'M' | 'L' | 'E' | 'e' | 'c' | 'X' | 'x' | 'Z' => 5,
        'z' | 'O' => 4,
        'a' | 'W' | 'F' => 1,
        'V' => 2,
        'S' | 'n' => 9,
        'D' => 3,
        'A' | 'N' => 19,
        'u' | 'y' | 'Y' => 19,
        _ => 2,
    };
    let fits = count <= max
        && match letter {
            'V' => count == 2,
            'O' => count == 1 || count == 4,
            _ => true,
        };
    if fits {
        Ok(())
    } else {
        Err(format!("'{letter}' cannot be repeated {count} times"))
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Monday first, as ISO numbers them.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `Jan`, `Monday` or `M`, by the pattern-letter count (≤3 short, 4 full, 5 narrow).
pub(crate) fn name_form(name: &str, count: usize) -> &str {
    match count {
        4 => name,
        5 => &name[..1],
        _ => &name[..3],
    }
}

fn pad(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        let _ = write!(out, "-{:0width$}", -value, width = width);
    } else {
        let _ = write!(out, "{value:0width$}");
    }
}

fn format_tokens(tokens: &[Token], at: &DateTime<FixedOffset>, out: &mut String) {
    for token in tokens {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Optional(inner) => format_tokens(inner, at, out),
            Token::Fraction { min, max } => {
                let digits = format!("{:09}", at.nanosecond() % 1_000_000_000);
                let trimmed = digits.trim_end_matches('0');
                let width = trimmed.len().clamp(*min, *max);
                out.push_str(&digits[..width]);
            }
            Token::IsoOffset => format_offset(out, at.offset().local_minus_utc(), true, true, true),
            Token::Field { letter, count } => format_field(*letter, *count, at, out),
        }
    }
}

fn format_field(letter: char, count: usize, at: &DateTime<FixedOffset>, out: &mut String) {
    let offset = at.offset().local_minus_utc();
    match letter {
        'G' => {
            let ad = at.year() > 0;
            out.push_str(match (count, ad) {
                (4, true) => "Anno Domini",
                (4, false) => "Before Christ",
                (5, true) => "A",
                (5, false) => "B",
                (_, true) => "AD",
                (_, false) => "BC",
            });
        }
        'y' | 'u' | 'Y' => {
            let year = match letter {
                'Y' => at.iso_week().year(),
                'y' if at.year() <= 0 => 1 - at.year(),
                _ => at.year(),
            };
            if count == 2 {
                pad(out, i64::from(year.rem_euclid(100)), 2);
            } else {
                pad(out, i64::from(year), count);
            }
        }
        'Q' | 'q' => {
            let quarter = at.month0() / 3 + 1;
            match count {
                1 | 2 => pad(out, i64::from(quarter), count),
                3 => {
                    let _ = write!(out, "Q{quarter}");
                }
                5 => {
                    let _ = write!(out, "{quarter}");
                }
                _ => {
                    let ordinal = ["1st", "2nd", "3rd", "4th"][(quarter - 1) as usize];
                    let _ = write!(out, "{ordinal} quarter");
                }
            }
        }
        'M' | 'L' if count >= 3 => out.push_str(name_form(MONTHS[at.month0() as usize], count)),
        'M' | 'L' => pad(out, i64::from(at.month()), count),
        'w' => pad(out, i64::from(at.iso_week().week()), count),
        'W' => pad(out, i64::from(week_of_month(at)), count),
        'd' => pad(out, i64::from(at.day()), count),
        'D' => pad(out, i64::from(at.ordinal()), count),
        'F' => pad(out, i64::from((at.day() - 1) / 7 + 1), count),
        'E' => out.push_str(name_form(weekday_name(at), count)),
        'e' | 'c' if count <= 2 => pad(out, i64::from(at.weekday().number_from_monday()), count),
        'e' | 'c' => out.push_str(name_form(weekday_name(at), count)),
        'a' => out.push_str(if at.hour() < 12 { "AM" } else { "PM" }),
        'h' => pad(out, i64::from((at.hour() + 11) % 12 + 1), count),
        'K' => pad(out, i64::from(at.hour() % 12), count),
        'k' => pad(out, i64::from(if at.hour() == 0 { 24 } else { at.hour() }), count),
        'H' => pad(out, i64::from(at.hour()), count),
        'm' => pad(out, i64::from(at.minute()), count),
        's' => pad(out, i64::from(at.second()), count),
        'S' => {
            let digits = format!("{:09}", at.nanosecond() % 1_000_000_000);
            out.push_str(&digits[..count.min(9)]);
        }
        'A' => pad(
            out,
            i64::from(at.num_seconds_from_midnight()) * 1000 + i64::from(at.nanosecond() / 1_000_000),
            count,
        ),
        'n' => pad(out, i64::from(at.nanosecond() % 1_000_000_000), count),
        'N' => pad(
            out,
            i64::from(at.num_seconds_from_midnight()) * 1_000_000_000
                + i64::from(at.nanosecond() % 1_000_000_000),
            count,
        ),
        'V' => format_offset(out, offset, true, true, false),
        'z' => {
            if offset == 0 {
                out.push_str(if count == 4 {
                    "Coordinated Universal Time"
                } else {
                    "UTC"
                });
            } else {
                out.push_str("GMT");
                format_offset(out, offset, false, true, false);
            }
        }
        'O' => {
            out.push_str("GMT");
            if offset != 0 {
                if count == 1 {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let abs = offset.unsigned_abs();
                    let _ = write!(out, "{sign}{}", abs / 3600);
                    if !abs.is_multiple_of(3600) {
                        let _ = write!(out, ":{:02}", abs % 3600 / 60);
                    }
                } else {
                    format_offset(out, offset, false, true, false);
                }
            }
        }
        'X' | 'x' => {
            let z = letter == 'X';
            match count {
                1 => {
                    if z && offset == 0 {
                        out.push('Z');
                    } else {
                        let sign = if offset < 0 { '-' } else { '+' };
                        let abs = offset.unsigned_abs();
                        let _ = write!(out, "{sign}{:02}", abs / 3600);
                        if abs % 3600 / 60 != 0 {
                            let _ = write!(out, "{:02}", abs % 3600 / 60);
                        }
                    }
                }
                2 | 4 => format_offset(out, offset, z, false, count == 4),
                _ => format_offset(out, offset, z, true, count == 5),
            }
        }
        'Z' => match count {
            4 => {
                out.push_str("GMT");
                if offset != 0 {
                    format_offset(out, offset, false, true, false);
                }
            }
            5 => format_offset(out, offset, true, true, true),
            _ => format_offset(out, offset, false, false, false),
        },
        _ => {}
    }
}

fn weekday_name(at: &DateTime<FixedOffset>) -> &'static str {
    WEEKDAYS[at.weekday().num_days_from_monday() as usize]
}

/// The week of the month, weeks starting on Monday, the first week holding at least 4 days.
fn week_of_month(at: &DateTime<FixedOffset>) -> u32 {
    let first = at
        .with_day(1)
        .map(|d| d.weekday().num_days_from_monday())
        .unwrap_or(0);
    let index = (at.day() - 1 + first) / 7;
    if first <= 3 { index + 1 } else { index }
}

/// Writes `+HH:MM` (or `+HHMM` without `colon`), `Z` for zero when `zulu`, seconds when present and `seconds`.
fn format_offset(out: &mut String, offset: i32, zulu: bool, colon: bool, seconds: bool) {
    if zulu && offset == 0 {
        out.push('Z');
        return;
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let sep = if colon { ":" } else { "" };
    let _ = write!(out, "{sign}{:02}{sep}{:02}", abs / 3600, abs % 3600 / 60);
    if seconds && !abs.is_multiple_of(60) {
        let _ = write!(out, "{sep}{:02}", abs % 60);
    }
}
