//! Date expressions of the `Date`, `Time` and `DateTime` generators: `+1 day`, `- 2 weeks`,
//! `next monday`, `last december + 2 weeks`, `tomorrow @ 10:00`, `+1 day @ noon + 2 hours`.
//!
//! The grammar, read left to right, each step moving the base date-time:
//! - `now`, `today` (no move), `tomorrow`, `yesterday` (one day either way);
//! - `+ N unit` / `- N unit`, where unit is `millisecond`, `second`, `minute`, `hour`, `day`,
//!   `week`, `fortnight`, `month` or `year` (singular or plural, `ms`/`sec`/`min`/`hr` too);
//! - `next`/`last` followed by a unit (one unit either way), a day of the week (the next or
//!   previous such day) or a month (the first day of the next or previous such month);
//! - an optional `@` introducing the time of day: `midnight`, `noon`, `N o'clock`, `N am`, `N pm`,
//!   `N o'clock pm`, `HH:mm` or `HH:mm:ss`, which set the time, followed by more steps.
//!
//! `N o'clock` without `am`/`pm` reads `N` on the 24-hour clock (`@ 2 o'clock` is 02:00).
//! Months clamp to their last day: `2000-01-31 + 1 month` is `2000-02-29`.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveTime, TimeDelta, Weekday};

use super::DateTimeError;
use super::pattern::{MONTHS, WEEKDAYS};

/// The units a date expression can move by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Year,
}

const UNIT_HINT: &str =
    "expected a unit (millisecond, second, minute, hour, day, week, fortnight, month, year)";

impl Unit {
    fn parse(word: &str) -> Option<Unit> {
        if word == "ms" {
            return Some(Unit::Millisecond);
        }
        let singular = word.strip_suffix('s').unwrap_or(word);
        Some(match singular {
            "millisecond" | "milli" => Unit::Millisecond,
            "second" | "sec" => Unit::Second,
            "minute" | "min" => Unit::Minute,
            "hour" | "hr" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "fortnight" => Unit::Fortnight,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => return None,
        })
    }
}

/// One move of the date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Shift(i64, Unit),
    NextWeekday(Weekday),
    LastWeekday(Weekday),
    /// Month number 1–12.
    NextMonth(u32),
    LastMonth(u32),
    SetTime(NaiveTime),
}

/// A date expression, read once and applied to any base date-time.
///
/// ```
/// use chrono::DateTime;
/// use pact_core::datetime::DateExpression;
/// let base = DateTime::parse_from_rfc3339("2000-01-01T10:00:00Z").unwrap();
/// let at = |e: &str| DateExpression::parse(e).unwrap().apply(base).unwrap().to_rfc3339();
/// assert_eq!(at("tomorrow"), "2000-01-02T10:00:00+00:00");
/// assert_eq!(at("- 2 weeks"), "1999-12-18T10:00:00+00:00");
/// assert_eq!(at("next june + 2 weeks"), "2000-06-15T10:00:00+00:00");
/// assert_eq!(at("last mon + 2 weeks"), "2000-01-10T10:00:00+00:00");
/// assert_eq!(at("yesterday @ midnight - 1 hour"), "1999-12-30T23:00:00+00:00");
/// assert_eq!(at("@ 1 o'clock pm"), "2000-01-01T13:00:00+00:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpression {
    source: String,
    steps: Vec<Step>,
}

impl DateExpression {
    /// Reads an expression; an empty one leaves the base unchanged.
    ///
    /// ```
    /// use pact_core::datetime::DateExpression;
    /// let err = DateExpression::parse("+1 dya").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid date expression '+1 dya' at position 4: \
    ///     expected a unit (millisecond, second, minute, hour, day, week, fortnight, month, year), found 'dya'");
    /// ```
    pub fn parse(expression: &str) -> Result<Self, DateTimeError> {
        let tokens = tokenize(expression)?;
        let steps = Parser {
            source: expression,
            tokens: &tokens,
            pos: 0,
        }
        .steps()?;
        Ok(DateExpression {
            source: expression.to_string(),
            steps,
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// `base` moved by each step in turn.
    pub fn apply(&self, base: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, DateTimeError> {
        let out_of_range = || DateTimeError::OutOfRange {
            expression: self.source.clone(),
        };
        let mut at = base;
        for step in &self.steps {
            at = apply_step(*step, at).ok_or_else(out_of_range)?;
        }
        Ok(at)
    }
}

/// `base` moved by `expression`.
///
/// ```
/// use chrono::DateTime;
/// let base = DateTime::parse_from_rfc3339("2000-01-31T10:00:00Z").unwrap();
/// let at = pact_core::datetime::evaluate_expression("+ 1 month", base).unwrap();
/// assert_eq!(at.to_rfc3339(), "2000-02-29T10:00:00+00:00");
/// ```
pub fn evaluate_expression(
    expression: &str,
    base: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, DateTimeError> {
    DateExpression::parse(expression)?.apply(base)
}

fn apply_step(step: Step, at: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    match step {
        Step::Shift(n, unit) => shift(at, n, unit),
        Step::NextWeekday(day) => {
            let ahead = (7 + i64::from(day.num_days_from_monday())
                - i64::from(at.weekday().num_days_from_monday()))
                % 7;
            shift(at, if ahead == 0 { 7 } else { ahead }, Unit::Day)
        }
        Step::LastWeekday(day) => {
            let back = (7 + i64::from(at.weekday().num_days_from_monday())
                - i64::from(day.num_days_from_monday()))
                % 7;
            shift(at, -(if back == 0 { 7 } else { back }), Unit::Day)
        }
        Step::NextMonth(month) => {
            let ahead = (12 + month - at.month()) % 12;
            shift(
                at.with_day(1)?,
                i64::from(if ahead == 0 { 12 } else { ahead }),
                Unit::Month,
            )
        }
        Step::LastMonth(month) => {
            let back = (12 + at.month() - month) % 12;
            shift(
                at.with_day(1)?,
                -i64::from(if back == 0 { 12 } else { back }),
                Unit::Month,
            )
        }
        Step::SetTime(time) => at
            .date_naive()
            .and_time(time)
            .and_local_timezone(*at.offset())
            .single(),
    }
}

fn shift(at: DateTime<FixedOffset>, n: i64, unit: Unit) -> Option<DateTime<FixedOffset>> {
    let delta = match unit {
        Unit::Millisecond => TimeDelta::try_milliseconds(n)?,
        Unit::Second => TimeDelta::try_seconds(n)?,
        Unit::Minute => TimeDelta::try_minutes(n)?,
        Unit::Hour => TimeDelta::try_hours(n)?,
        Unit::Day => TimeDelta::try_days(n)?,
        Unit::Week => TimeDelta::try_weeks(n)?,
        Unit::Fortnight => TimeDelta::try_weeks(n.checked_mul(2)?)?,
        Unit::Month | Unit::Year => {
            let months = if unit == Unit::Year { n.checked_mul(12)? } else { n };
            let count = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
            return if months >= 0 {
                at.checked_add_months(count)
            } else {
                at.checked_sub_months(count)
            };
        }
    };
    at.checked_add_signed(delta)
}

#[derive(Debug, Clone, PartialEq)]
enum Lexeme {
    Word(String),
    Number(i64),
    Clock(u32, u32, u32),
    Plus,
    Minus,
    At,
}

/// A lexeme with its 1-based character position.
type Token = (Lexeme, usize);

fn tokenize(source: &str) -> Result<Vec<Token>, DateTimeError> {
    let chars: Vec<char> = source.chars().collect();
    let error = |position: usize, message: String| DateTimeError::InvalidExpression {
        expression: source.to_string(),
        position: position + 1,
        message,
    };
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let lexeme = match c {
            '+' => Lexeme::Plus,
            '-' => Lexeme::Minus,
            '@' => Lexeme::At,
            c if c.is_ascii_digit() => {
                let mut parts = vec![String::new()];
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':') {
                    if chars[i] == ':' {
                        parts.push(String::new());
                    } else if let Some(part) = parts.last_mut() {
                        part.push(chars[i]);
                    }
                    i += 1;
                }
                let numbers: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
                let numbers = numbers
                    .ok_or_else(|| error(start, "expected a number or a time such as 10:30".into()))?;
                i -= 1;
                match numbers[..] {
                    [n] => Lexeme::Number(n),
                    [h, m] => clock(h, m, 0).ok_or_else(|| error(start, "not a valid time of day".into()))?,
                    [h, m, s] => {
                        clock(h, m, s).ok_or_else(|| error(start, "not a valid time of day".into()))?
                    }
                    _ => {
                        return Err(error(
                            start,
                            "a time has at most hours, minutes and seconds".into(),
                        ));
                    }
                }
            }
            c if c.is_alphabetic() => {
                let mut word = String::new();
                while i < chars.len() && (chars[i].is_alphabetic() || matches!(chars[i], '\'' | '’')) {
                    word.push(chars[i].to_ascii_lowercase());
                    i += 1;
                }
                i -= 1;
                Lexeme::Word(word.replace('’', "'"))
            }
            c => return Err(error(start, format!("unexpected '{c}'"))),
        };
        tokens.push((lexeme, start + 1));
        i += 1;
    }
    Ok(tokens)
}

fn clock(h: i64, m: i64, s: i64) -> Option<Lexeme> {
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..60).contains(&s))
        .then_some(Lexeme::Clock(h as u32, m as u32, s as u32))
}

struct Parser<'a> {
    source: &'a str,
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, position: usize, message: impl Into<String>) -> DateTimeError {
        DateTimeError::InvalidExpression {
            expression: self.source.to_string(),
            position,
            message: message.into(),
        }
    }

    /// The position just past the end, for "expected … at the end" errors.
    fn end(&self) -> usize {
        self.source.chars().count() + 1
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.pos);
        self.pos += 1;
        token
    }

    fn peek_word(&self) -> Option<&str> {
        match self.tokens.get(self.pos) {
            Some((Lexeme::Word(w), _)) => Some(w),
            _ => None,
        }
    }

    fn steps(mut self) -> Result<Vec<Step>, DateTimeError> {
        let mut steps = Vec::new();
        let mut seen_at = false;
        while let Some((lexeme, position)) = self.next().cloned() {
            match lexeme {
                Lexeme::At if seen_at => return Err(self.error(position, "'@' may appear only once")),
                Lexeme::At => seen_at = true,
                Lexeme::Plus | Lexeme::Minus => {
                    let sign = if lexeme == Lexeme::Plus { 1 } else { -1 };
                    let n = match self.next().cloned() {
                        Some((Lexeme::Number(n), _)) => n,
                        Some((_, p)) => return Err(self.error(p, "expected a number")),
                        None => return Err(self.error(self.end(), "expected a number")),
                    };
                    let unit = self.unit()?;
                    steps.push(Step::Shift(sign * n, unit));
                }
                Lexeme::Number(hour) => steps.push(Step::SetTime(self.hour_of_day(hour, position)?)),
                Lexeme::Clock(h, m, s) => {
                    let time = match self.meridiem() {
                        Some(pm) if (1..=12).contains(&h) => hms(h % 12 + if pm { 12 } else { 0 }, m, s),
                        Some(_) => return Err(self.error(position, "with am/pm the hour must be 1 to 12")),
                        None => hms(h, m, s),
                    };
                    steps.push(Step::SetTime(time));
                }
                Lexeme::Word(word) => match word.as_str() {
                    "now" | "today" => {}
                    "tomorrow" => steps.push(Step::Shift(1, Unit::Day)),
                    "yesterday" => steps.push(Step::Shift(-1, Unit::Day)),
                    "midnight" => steps.push(Step::SetTime(NaiveTime::MIN)),
                    "noon" => steps.push(Step::SetTime(hms(12, 0, 0))),
                    "next" | "last" => steps.push(self.reference(word == "next")?),
                    other => {
                        return Err(self.error(
                            position,
                            format!(
                                "unexpected '{other}': expected now, today, tomorrow, yesterday, next, last, \
                                 '+', '-', '@', midnight, noon or a time such as 10:30"
                            ),
                        ));
                    }
                },
            }
        }
        Ok(steps)
    }

    fn unit(&mut self) -> Result<Unit, DateTimeError> {
        match self.next().cloned() {
            Some((Lexeme::Word(w), p)) => {
                Unit::parse(&w).ok_or_else(|| self.error(p, format!("{UNIT_HINT}, found '{w}'")))
            }
            Some((_, p)) => Err(self.error(p, UNIT_HINT)),
            None => Err(self.error(self.end(), UNIT_HINT)),
        }
    }

    /// `am` / `pm` if one follows: `Some(true)` for pm.
    fn meridiem(&mut self) -> Option<bool> {
        let pm = match self.peek_word()? {
            "am" | "a.m" => false,
            "pm" | "p.m" => true,
            _ => return None,
        };
        self.pos += 1;
        Some(pm)
    }

    /// After a number: `o'clock [am|pm]` or `am`/`pm`.
    fn hour_of_day(&mut self, hour: i64, position: usize) -> Result<NaiveTime, DateTimeError> {
        let oclock = matches!(self.peek_word(), Some("o'clock" | "oclock"));
        if oclock {
            self.pos += 1;
        }
        match self.meridiem() {
            Some(pm) if (1..=12).contains(&hour) => Ok(hms(hour as u32 % 12 + if pm { 12 } else { 0 }, 0, 0)),
            Some(_) => Err(self.error(position, "with am/pm the hour must be 1 to 12")),
            None if !oclock => Err(self.error(
                position,
                "expected o'clock, am or pm after the hour (or a sign before a number of units, e.g. +1 day)",
            )),
            None if (0..24).contains(&hour) => Ok(hms(hour as u32, 0, 0)),
            None => Err(self.error(position, "the hour must be 0 to 23")),
        }
    }

    /// After `next` / `last`: a unit, a day of the week or a month.
    fn reference(&mut self, next: bool) -> Result<Step, DateTimeError> {
        let hint = "expected a unit, a day of the week or a month";
        let (word, p) = match self.next().cloned() {
            Some((Lexeme::Word(w), p)) => (w, p),
            Some((_, p)) => return Err(self.error(p, hint)),
            None => {
                return Err(self.error(
                    self.end(),
                    format!("{hint} after '{}'", if next { "next" } else { "last" }),
                ));
            }
        };
        let sign = if next { 1 } else { -1 };
        if let Some(unit) = Unit::parse(&word) {
            return Ok(Step::Shift(sign, unit));
        }
        let named = |names: &[&str]| {
            names.iter().position(|n| {
                let n = n.to_ascii_lowercase();
                word == n || (word.len() >= 3 && n.starts_with(word.as_str()))
            })
        };
        if let Some(day) = named(&WEEKDAYS).and_then(|d| Weekday::try_from(d as u8).ok()) {
            return Ok(if next {
                Step::NextWeekday(day)
            } else {
                Step::LastWeekday(day)
            });
        }
        if let Some(month) = named(&MONTHS) {
            let month = month as u32 + 1;
            return Ok(if next {
                Step::NextMonth(month)
            } else {
                Step::LastMonth(month)
            });
        }
        Err(self.error(p, format!("{hint}, found '{word}'")))
    }
}

fn hms(h: u32, m: u32, s: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, s).unwrap_or(NaiveTime::MIN)
}
