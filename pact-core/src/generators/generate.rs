//! Producing one value from one generator.

use chrono::{DateTime, FixedOffset};
use rand::RngExt as _;
use rand::distr::{Alphanumeric, SampleString as _};
use serde_json::{Number, Value};

use super::{Generator, GeneratorContext, GeneratorError, GeneratorMode, UuidFormat};
use super::{fill_provider_state_expression, mock_server_url, random_string_matching_within};
use crate::datetime::{self, DateTimeKind, DateTimePattern};

impl Generator {
    /// A new value for the place that now holds `current`, or `Ok(None)` when this generator does
    /// not run in `mode` (`ProviderState` runs only for the provider, `MockServerURL` only for the
    /// consumer) and the value stays as it is.
    ///
    /// Dates and times are relative to the current local time; see [`Generator::generate_at`].
    ///
    /// ```
    /// use pact_core::{Generator, GeneratorContext, GeneratorMode};
    /// use serde_json::json;
    /// let dice = Generator::RandomInt { min: 1, max: 6 };
    /// let context = GeneratorContext::default();
    /// let roll = dice.generate(&json!(3), GeneratorMode::Consumer, &context).unwrap().unwrap();
    /// assert!((1..=6).contains(&roll.as_i64().unwrap()));
    ///
    /// let id = Generator::ProviderState { expression: "${id}".into(), data_type: None };
    /// assert_eq!(id.generate(&json!(1), GeneratorMode::Consumer, &context), Ok(None));
    /// ```
    pub fn generate(
        &self,
        current: &Value,
        mode: GeneratorMode,
        context: &GeneratorContext,
    ) -> Result<Option<Value>, GeneratorError> {
        self.generate_at(current, mode, context, datetime::now())
    }

    /// As [`Generator::generate`], with dates and times relative to `now`.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use pact_core::{Generator, GeneratorContext, GeneratorMode};
    /// use serde_json::json;
    /// let now = DateTime::parse_from_rfc3339("2000-01-01T10:00:00Z").unwrap();
    /// let due = Generator::Date { format: Some("dd/MM/yyyy".into()), expression: Some("+1 day".into()) };
    /// let value = due.generate_at(&json!(""), GeneratorMode::Consumer, &GeneratorContext::default(), now);
    /// assert_eq!(value, Ok(Some(json!("02/01/2000"))));
    /// ```
    pub fn generate_at(
        &self,
        current: &Value,
        mode: GeneratorMode,
        context: &GeneratorContext,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<Value>, GeneratorError> {
        if let Some(excess) = super::limit_excess(self, &context.limits) {
            return Err(excess);
        }
        let mut rng = rand::rng();
        let value = match self {
            Generator::RandomInt { min, max } => {
                if min > max {
                    return Err(GeneratorError::InvalidRange { min: *min, max: *max });
                }
                Value::from(rng.random_range(*min..=*max))
            }
            Generator::RandomDecimal { digits } => random_decimal(*digits, current)?,
            Generator::RandomHexadecimal { digits } => {
                const HEX: &[u8] = b"0123456789abcdef";
                let text: String = (0..*digits)
                    .map(|_| HEX[rng.random_range(0..16)] as char)
                    .collect();
                Value::String(text)
            }
            Generator::RandomString { size } => Value::String(Alphanumeric.sample_string(&mut rng, *size)),
            Generator::Regex { regex } => Value::String(random_string_matching_within(
                regex,
                context.limits.max_generated_length,
            )?),
            Generator::Uuid { format } => Value::String(random_uuid(*format)),
            Generator::Date { format, expression } => {
                dated(DateTimeKind::Date, format.as_deref(), expression.as_deref(), now)?
            }
            Generator::Time { format, expression } => {
                dated(DateTimeKind::Time, format.as_deref(), expression.as_deref(), now)?
            }
            Generator::DateTime { format, expression } => dated(
                DateTimeKind::DateTime,
                format.as_deref(),
                expression.as_deref(),
                now,
            )?,
            Generator::RandomBoolean => Value::Bool(rng.random_bool(0.5)),
            Generator::ProviderState {
                expression,
                data_type,
            } => {
                if mode != GeneratorMode::Provider {
                    return Ok(None);
                }
                fill_provider_state_expression(
                    expression,
                    data_type.as_deref(),
                    &context.provider_state_values,
                )?
            }
            Generator::MockServerUrl { example, regex } => {
                if mode != GeneratorMode::Consumer {
                    return Ok(None);
                }
                let base =
                    context
                        .mock_server_url
                        .as_deref()
                        .ok_or_else(|| GeneratorError::NoMockServerUrl {
                            example: example.clone(),
                        })?;
                let example = match current {
                    Value::String(text) if example.is_empty() => text,
                    _ => example,
                };
                Value::String(mock_server_url(example, regex, base)?)
            }
            Generator::Unknown(raw) => {
                let kind = raw.get("type").and_then(Value::as_str).map(str::to_string);
                return Err(GeneratorError::Unknown(kind.unwrap_or_else(|| raw.to_string())));
            }
        };
        Ok(Some(value))
    }
}

fn dated(
    kind: DateTimeKind,
    format: Option<&str>,
    expression: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Value, GeneratorError> {
    let pattern = DateTimePattern::parse(format.unwrap_or(kind.default_format()))?;
    let at = match expression.filter(|e| !e.trim().is_empty()) {
        Some(expression) => datetime::evaluate_expression(expression, now)?,
        None => now,
    };
    Ok(Value::String(pattern.format(&at)))
}

/// A random UUID (version 4) written in `format`.
///
/// ```
/// use pact_core::generators::{UuidFormat, random_uuid};
/// assert_eq!(random_uuid(UuidFormat::Simple).len(), 32);
/// assert!(random_uuid(UuidFormat::Urn).starts_with("urn:uuid:"));
/// ```
pub fn random_uuid(format: UuidFormat) -> String {
    let bytes: [u8; 16] = rand::rng().random();
    let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
    match format {
        UuidFormat::Simple => uuid.simple().to_string(),
        UuidFormat::LowerCaseHyphenated => uuid.hyphenated().to_string(),
        UuidFormat::UpperCaseHyphenated => uuid.hyphenated().to_string().to_ascii_uppercase(),
        UuidFormat::Urn => uuid.urn().to_string(),
    }
}

/// A random decimal of `digits` digits with a decimal point inside (one digit: a single digit);
/// a number, or text when the value it replaces is text.
fn random_decimal(digits: usize, current: &Value) -> Result<Value, GeneratorError> {
    if digits == 0 {
        return Err(GeneratorError::NoDigits);
    }
    let mut rng = rand::rng();
    let mut text: String = (0..digits)
        .map(|i| {
            let lowest = u8::from(i == 0 && digits > 1);
            char::from(b'0' + rng.random_range(lowest..=9))
        })
        .collect();
    if digits > 1 {
        // Keep a non-zero last digit so the text reads back with all its digits.
        if text.ends_with('0') {
            text.pop();
            text.push(char::from(b'0' + rng.random_range(1..=9)));
        }
        let point = rng.random_range(1..digits);
        text.insert(point, '.');
    }
    if current.is_string() {
        return Ok(Value::String(text));
    }
    let number = text.parse::<f64>().ok().and_then(Number::from_f64);
    Ok(number.map(Value::Number).unwrap_or(Value::String(text)))
}
