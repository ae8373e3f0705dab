//! Reading a value against pattern tokens: every way the value can be split into fields is tried
//! (variable-width numbers backtrack), and a split counts only if its fields form a real date/time.

use chrono::{Datelike, NaiveDate};

use super::pattern::{MONTHS, Token, WEEKDAYS, name_form};

/// The fields read from a value.
#[derive(Debug, Clone, Copy, Default)]
struct Fields {
    year: Option<i64>,
    bc: Option<bool>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    /// 1 = Monday … 7 = Sunday.
    weekday: Option<i64>,
    hour: Option<i64>,
    hour12: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
}

impl Fields {
    /// Sets a field, failing when it already holds another value.
    fn set(mut self, field: fn(&mut Fields) -> &mut Option<i64>, value: i64) -> Option<Fields> {
        let slot = field(&mut self);
        match *slot {
            Some(existing) if existing != value => None,
            _ => {
                *slot = Some(value);
                Some(self)
            }
        }
    }

    fn set_flag(mut self, field: fn(&mut Fields) -> &mut Option<bool>, value: bool) -> Option<Fields> {
        let slot = field(&mut self);
        match *slot {
            Some(existing) if existing != value => None,
            _ => {
                *slot = Some(value);
                Some(self)
            }
        }
    }

    /// Whether the fields describe a real date/time.
    fn is_valid(&self) -> bool {
        let year = match (self.year, self.bc) {
            (Some(y), Some(true)) => Some(1 - y),
            (y, _) => y,
        };
        if let (Some(h), Some(h12), Some(pm)) = (self.hour, self.hour12, self.pm)
            && ((h >= 12) != pm || h % 12 != h12 % 12)
        {
            return false;
        }
        if let (Some(h), Some(h12), None) = (self.hour, self.hour12, self.pm)
            && h % 12 != h12 % 12
        {
            return false;
        }
        if let (Some(h), None, Some(pm)) = (self.hour, self.hour12, self.pm)
            && (h >= 12) != pm
        {
            return false;
        }
        let Some(month) = self.month else {
            return match (year, self.day_of_year) {
                (Some(y), Some(d)) => i32::try_from(y)
                    .ok()
                    .and_then(|y| NaiveDate::from_yo_opt(y, u32::try_from(d).ok()?))
                    .is_some(),
                _ => true,
            };
        };
        let day = self.day.unwrap_or(1);
        // Without a year, 29 February is allowed (a leap year is assumed).
        let Some(y) = i32::try_from(year.unwrap_or(2000)).ok() else {
            return false;
        };
        let (Ok(m), Ok(d)) = (u32::try_from(month), u32::try_from(day)) else {
            return false;
        };
        let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
            return false;
        };
        if year.is_some() && self.day.is_some() {
            if let Some(weekday) = self.weekday
                && i64::from(date.weekday().number_from_monday()) != weekday
            {
                return false;
            }
            if let Some(doy) = self.day_of_year
                && i64::from(date.ordinal()) != doy
            {
                return false;
            }
        }
        true
    }
}

/// A list of tokens still to read, followed by what comes after it.
struct Rest<'a> {
    tokens: &'a [Token],
    then: Option<&'a Rest<'a>>,
}

/// Whether `value` can be read as a valid date/time with `tokens`.
pub(crate) fn matches(tokens: &[Token], value: &str) -> bool {
    let rest = Rest { tokens, then: None };
    walk(Some(&rest), value, 0, Fields::default())
}

fn walk(rest: Option<&Rest<'_>>, input: &str, pos: usize, fields: Fields) -> bool {
    let Some(rest) = rest else {
        return pos == input.len() && fields.is_valid();
    };
    let Some((first, tokens)) = rest.tokens.split_first() else {
        return walk(rest.then, input, pos, fields);
    };
    let next = Rest {
        tokens,
        then: rest.then,
    };
    let remaining = &input[pos..];
    match first {
        Token::Literal(text) => {
            remaining.starts_with(text.as_str()) && walk(Some(&next), input, pos + text.len(), fields)
        }
        Token::Optional(inner) => {
            let with = Rest {
                tokens: inner,
                then: Some(&next),
            };
            walk(Some(&with), input, pos, fields) || walk(Some(&next), input, pos, fields)
        }
        Token::Fraction { min, max } => {
            digit_runs(remaining, *min, *max).any(|(len, _)| walk(Some(&next), input, pos + len, fields))
        }
        Token::IsoOffset => offsets(remaining, OffsetForms::ISO)
            .into_iter()
            .any(|len| walk(Some(&next), input, pos + len, fields)),
        Token::Field { letter, count } => {
            let mut accept = |len: usize, fields: Fields| walk(Some(&next), input, pos + len, fields);
            field(*letter, *count, remaining, fields, &mut accept)
        }
    }
}

/// Runs of `min..=max` ASCII digits at the start of `text`, longest first, with their value.
fn digit_runs(text: &str, min: usize, max: usize) -> impl Iterator<Item = (usize, i64)> + '_ {
    let available = text.bytes().take(max).take_while(u8::is_ascii_digit).count();
    (min..=available)
        .rev()
        .filter_map(move |len| text[..len].parse::<i64>().ok().map(|v| (len, v)))
}

/// Calls `accept` with each way the field can be read at the start of `text`.
fn field(
    letter: char,
    count: usize,
    text: &str,
    fields: Fields,
    accept: &mut dyn FnMut(usize, Fields) -> bool,
) -> bool {
    let number = |min: usize,
                  max: usize,
                  set: fn(&mut Fields) -> &mut Option<i64>,
                  accept: &mut dyn FnMut(usize, Fields) -> bool| {
        digit_runs(text, min, max).any(|(len, v)| fields.set(set, v).is_some_and(|f| accept(len, f)))
    };
    let width = |natural: usize| if count == 1 { (1, natural) } else { (count, count) };
    let in_range = |set: fn(&mut Fields) -> &mut Option<i64>,
                    lo: i64,
                    hi: i64,
                    natural: usize,
                    accept: &mut dyn FnMut(usize, Fields) -> bool| {
        let (min, max) = width(natural);
        digit_runs(text, min, max)
            .filter(|(_, v)| (lo..=hi).contains(v))
            .any(|(len, v)| fields.set(set, v).is_some_and(|f| accept(len, f)))
    };
    match letter {
        'y' | 'u' | 'Y' if count == 2 => digit_runs(text, 2, 2).any(|(len, v)| {
            fields
                .set(|f| &mut f.year, 2000 + v)
                .is_some_and(|f| accept(len, f))
        }),
        'y' | 'u' => number(count, count.max(9), |f| &mut f.year, accept),
        // The week-based year is not the calendar year near New Year: read it, do not cross-check it.
        'Y' => digit_runs(text, count, count.max(9)).any(|(len, _)| accept(len, fields)),
        'G' => {
            let eras: [&str; 2] = match count {
                4 => ["Anno Domini", "Before Christ"],
                5 => ["A", "B"],
                _ => ["AD", "BC"],
            };
            names(text, eras.into_iter()).any(|(len, i)| {
                fields
                    .set_flag(|f| &mut f.bc, i == 1)
                    .is_some_and(|f| accept(len, f))
            })
        }
        'Q' | 'q' => {
            let quarter = match count {
                1 | 2 => digit_runs(text, count, count).find(|(_, q)| (1..=4).contains(q)),
                3 => text
                    .strip_prefix('Q')
                    .and_then(|t| digit_runs(t, 1, 1).find(|(_, q)| (1..=4).contains(q)))
                    .map(|(l, q)| (l + 1, q)),
                _ => ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]
                    .iter()
                    .position(|q| starts_with_ignore_case(text, q))
                    .map(|i| (11, i as i64 + 1)),
            };
            quarter.is_some_and(|(len, _)| accept(len, fields))
        }
        'M' | 'L' if count >= 3 => names(text, MONTHS.iter().map(|m| name_form(m, count))).any(|(len, i)| {
            fields
                .set(|f| &mut f.month, i as i64 + 1)
                .is_some_and(|f| accept(len, f))
        }),
        'M' | 'L' => in_range(|f| &mut f.month, 1, 12, 2, accept),
        'd' => in_range(|f| &mut f.day, 1, 31, 2, accept),
        'D' => in_range(|f| &mut f.day_of_year, 1, 366, 3, accept),
        'w' => {
            let (min, max) = width(2);
            digit_runs(text, min, max)
                .filter(|(_, v)| (1..=53).contains(v))
                .any(|(len, _)| accept(len, fields))
        }
        'W' => digit_runs(text, 1, 1)
            .filter(|(_, v)| *v <= 5)
            .any(|(len, _)| accept(len, fields)),
        'F' => digit_runs(text, 1, 1)
            .filter(|(_, v)| (1..=5).contains(v))
            .any(|(len, _)| accept(len, fields)),
        'E' => weekday(text, count, fields, accept),
        'e' | 'c' if count <= 2 => in_range(|f| &mut f.weekday, 1, 7, 1, accept),
        'e' | 'c' => weekday(text, count, fields, accept),
        'a' => names(text, ["AM", "PM"].into_iter()).any(|(len, i)| {
            fields
                .set_flag(|f| &mut f.pm, i == 1)
                .is_some_and(|f| accept(len, f))
        }),
        'H' => in_range(|f| &mut f.hour, 0, 23, 2, accept),
        'k' => {
            let (min, max) = width(2);
            digit_runs(text, min, max)
                .filter(|(_, v)| (1..=24).contains(v))
                .any(|(len, v)| {
                    fields
                        .set(|f| &mut f.hour, v % 24)
                        .is_some_and(|f| accept(len, f))
                })
        }
        'h' => in_range(|f| &mut f.hour12, 1, 12, 2, accept),
        'K' => in_range(|f| &mut f.hour12, 0, 11, 2, accept),
        'm' => in_range(|f| &mut f.minute, 0, 59, 2, accept),
        's' => in_range(|f| &mut f.second, 0, 59, 2, accept),
        'S' => digit_runs(text, count, count).any(|(len, _)| accept(len, fields)),
        'n' => digit_runs(text, count, 9).any(|(len, _)| accept(len, fields)),
        'A' => digit_runs(text, count, 8)
            .filter(|(_, v)| *v < 86_400_000)
            .any(|(len, _)| accept(len, fields)),
        'N' => digit_runs(text, count, 14)
            .filter(|(_, v)| *v < 86_400_000_000_000)
            .any(|(len, _)| accept(len, fields)),
        'V' | 'z' | 'O' | 'X' | 'x' | 'Z' => offsets(text, OffsetForms::for_letter(letter, count))
            .into_iter()
            .any(|len| accept(len, fields)),
        _ => false,
    }
}

fn weekday(text: &str, count: usize, fields: Fields, accept: &mut dyn FnMut(usize, Fields) -> bool) -> bool {
    names(text, WEEKDAYS.iter().map(|d| name_form(d, count))).any(|(len, i)| {
        fields
            .set(|f| &mut f.weekday, i as i64 + 1)
            .is_some_and(|f| accept(len, f))
    })
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// `(length, index)` of each candidate name that `text` starts with, ignoring ASCII case.
fn names<'a>(
    text: &'a str,
    candidates: impl Iterator<Item = &'a str> + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    candidates
        .enumerate()
        .filter(move |(_, name)| starts_with_ignore_case(text, name))
        .map(|(i, name)| (name.len(), i))
}

/// Which spellings of a zone or offset a pattern letter accepts.
#[derive(Debug, Clone, Copy, Default)]
struct OffsetForms {
    /// `Z` for UTC.
    zulu: bool,
    /// `+HH`.
    hh: bool,
    /// `+HHMM` (and `+HHMMSS` with `seconds`).
    hhmm: bool,
    /// `+HH:MM` (and `+HH:MM:SS` with `seconds`).
    colon: bool,
    /// Seconds may follow.
    seconds: bool,
    /// `GMT`, `GMT+H`, `GMT+HH:MM`, `UTC+HH:MM`.
    gmt: bool,
    /// Zone abbreviations (`PST`), long names (`Pacific Standard Time`) and region ids (`Europe/Paris`).
    names: bool,
}

impl OffsetForms {
    const ISO: OffsetForms = OffsetForms {
        zulu: true,
        hh: true,
        hhmm: true,
        colon: true,
        seconds: true,
        gmt: false,
        names: false,
    };

    fn for_letter(letter: char, count: usize) -> OffsetForms {
        let none = OffsetForms::default();
        match (letter, count) {
            ('X' | 'x', 1) => OffsetForms {
                hh: true,
                hhmm: true,
                ..none
            },
            ('X' | 'x', 2) => OffsetForms { hhmm: true, ..none },
            ('X' | 'x', 3) => OffsetForms { colon: true, ..none },
            ('X' | 'x', 4) => OffsetForms {
                hhmm: true,
                seconds: true,
                ..none
            },
            ('X' | 'x', _) => OffsetForms {
                colon: true,
                seconds: true,
                ..none
            },
            ('Z', 4) | ('O', _) => OffsetForms { gmt: true, ..none },
            ('Z', 5) => OffsetForms {
                zulu: true,
                colon: true,
                seconds: true,
                ..none
            },
            // `Z` is `+HHMM`; `+HH:MM` is accepted too, as `SimpleDateFormat` does.
            ('Z', _) => OffsetForms {
                hhmm: true,
                colon: true,
                ..none
            },
            ('V', _) => OffsetForms {
                zulu: true,
                colon: true,
                gmt: true,
                names: true,
                ..none
            },
            _ => OffsetForms {
                gmt: true,
                names: true,
                ..none
            },
        }
        .with_zulu(letter == 'X')
    }

    fn with_zulu(mut self, zulu: bool) -> OffsetForms {
        self.zulu |= zulu;
        self
    }
}

/// Common zone abbreviations accepted by `z`.
const ZONE_ABBREVIATIONS: &[&str] = &[
    "UTC", "GMT", "UT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST",
    "AST", "ADT", "NST", "NDT", "BST", "IST", "WET", "WEST", "CET", "CEST", "EET", "EEST", "MSK", "SAST",
    "WAT", "EAT", "GST", "PKT", "ICT", "WIB", "SGT", "HKT", "AWST", "ACST", "ACDT", "AEST", "AEDT", "JST",
    "KST", "NZST", "NZDT", "ART", "BRT", "CLT", "COT", "PET",
];

/// The lengths of every offset or zone spelling in `forms` that `text` starts with.
fn offsets(text: &str, forms: OffsetForms) -> Vec<usize> {
    let mut found = Vec::new();
    if forms.zulu && text.starts_with('Z') {
        found.push(1);
    }
    found.extend(signed_offsets(text, forms));
    if forms.gmt {
        for prefix in ["GMT", "UTC", "UT"] {
            if let Some(rest) = text.strip_prefix(prefix) {
                found.push(prefix.len());
                let loose = OffsetForms {
                    hh: true,
                    hhmm: true,
                    colon: true,
                    ..OffsetForms::default()
                };
                found.extend(signed_offsets(rest, loose).into_iter().map(|l| l + prefix.len()));
                found.extend(short_hours(rest).map(|l| l + prefix.len()));
            }
        }
    }
    if forms.names {
        found.extend(
            ZONE_ABBREVIATIONS
                .iter()
                .filter(|z| text.starts_with(*z))
                .map(|z| z.len()),
        );
        found.extend(region_id(text));
        found.extend(long_zone_name(text));
    }
    found.sort_unstable_by(|a, b| b.cmp(a));
    found.dedup();
    found
}

/// `+H` or `+H:MM` (the `O` style after `GMT`).
fn short_hours(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(['+', '-'])?;
    let digits = rest.bytes().take(2).take_while(u8::is_ascii_digit).count();
    (digits == 1).then_some(())?;
    let tail = &rest[1..];
    match tail.strip_prefix(':') {
        Some(mm) if two_digits(mm).is_some_and(|m| m < 60) => Some(5),
        _ => Some(2),
    }
}

fn two_digits(text: &str) -> Option<u32> {
    let head = text.get(..2)?;
    head.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| head.parse().ok())
        .flatten()
}

/// `+HH`, `+HHMM[SS]`, `+HH:MM[:SS]` as `forms` allows, with HH ≤ 18 and MM, SS ≤ 59.
fn signed_offsets(text: &str, forms: OffsetForms) -> Vec<usize> {
    let mut found = Vec::new();
    let Some(rest) = text.strip_prefix(['+', '-']) else {
        return found;
    };
    if two_digits(rest).is_none_or(|h| h > 18) {
        return found;
    }
    if forms.hh {
        found.push(3);
    }
    let after_hours = &rest[2..];
    let (sep, len) = if forms.colon && after_hours.starts_with(':') {
        (":", 1)
    } else {
        ("", 0)
    };
    let separated = forms.colon && !sep.is_empty();
    if (separated || forms.hhmm) && two_digits(&after_hours[len..]).is_some_and(|m| m < 60) {
        let minutes_end = 3 + len + 2;
        found.push(minutes_end);
        let after_minutes = &text[minutes_end..];
        if forms.seconds {
            let seconds = after_minutes
                .strip_prefix(sep)
                .filter(|_| separated || sep.is_empty());
            if seconds.and_then(two_digits).is_some_and(|s| s < 60) {
                found.push(minutes_end + sep.len() + 2);
            }
        }
    }
    found
}

/// `Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`.
fn region_id(text: &str) -> Option<usize> {
    let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+');
    let first = text
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .unwrap_or(text.len());
    if first < 2 || !text[first..].starts_with('/') {
        return None;
    }
    let mut end = first;
    while text[end..].starts_with('/') {
        let part = text[end + 1..]
            .find(|c: char| !is_part(c))
            .unwrap_or(text.len() - end - 1);
        if part == 0 {
            break;
        }
        end += 1 + part;
    }
    (end > first).then_some(end)
}

/// `Coordinated Universal Time`, `Central European Summer Time`: capitalised words ending in `Time`.
fn long_zone_name(text: &str) -> Option<usize> {
    let mut end = 0;
    let mut words = 0;
    for word in text.split(' ') {
        let capitalised = word.len() > 1
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word[1..].chars().all(|c| c.is_ascii_lowercase());
        if !capitalised {
            return None;
        }
        end += word.len() + usize::from(words > 0);
        words += 1;
        if word == "Time" && words > 1 {
            return Some(end);
        }
    }
    None
}
