//! Checks that need more than one block: personas referred to by name, and review dates
//! measured against today.

use super::model::{Journey, Persona};
use crate::diagnostics::Diagnostic;

/// What a journey is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Every persona defined in the files being checked.
    pub personas: &'a [Persona],
    /// Today, as days since 1970-01-01; `None` skips the staleness check.
    pub today: Option<i64>,
    /// A map whose review is older than this many days is stale.
    pub stale_after_days: i64,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn days_from_date(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Days-from-civil, proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` date of `days` since 1970-01-01.
pub fn date_from_days(days: i64) -> String {
    // Civil-from-days, proleptic Gregorian calendar (the inverse of `days_from_date`).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today (UTC) as days since 1970-01-01.
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// Whether `journey` is due for review (stale or never reviewed).
pub fn is_due(journey: &Journey, today: i64, stale_after_days: i64) -> bool {
    match journey.reviewed.as_deref().and_then(days_from_date) {
        Some(day) => today - day > stale_after_days,
        None => true,
    }
}

/// Warnings about `journey` that need the whole handbook to know.
pub fn check_journey(journey: &Journey, ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let (Some(name), Some(span)) = (&journey.persona, journey.header_spans.persona) {
        let known = ctx
            .personas
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name));
        if !known {
            let names: Vec<&str> = ctx.personas.iter().map(|p| p.name.as_str()).collect();
            let d = Diagnostic::warning(span, format!("the persona `{name}` is not defined"));
            let d = match super::keywords::did_you_mean(name, &names) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "define it once in a journey block: `persona {name}` with `role: …`, `goal: …` indented under it"
                )),
            };
            out.push(d);
        }
    }
    if let (Some(today), Some(date), Some(span)) = (
        ctx.today,
        journey.reviewed.as_deref(),
        journey.header_spans.reviewed,
    ) {
        if let Some(day) = days_from_date(date) {
            let age = today - day;
            if age > ctx.stale_after_days {
                out.push(
                    Diagnostic::warning(span, format!("this map was last reviewed {age} days ago"))
                        .with_help(format!(
                            "maps go stale after {} days: review it with its owner and update `reviewed`",
                            ctx.stale_after_days
                        )),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_days_round_trip() {
        for date in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-26",
            "2100-03-01",
            "1969-12-31",
        ] {
            let days = days_from_date(date).unwrap();
            assert_eq!(date_from_days(days), date);
        }
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2000-03-01"), Some(11_017));
        assert_eq!(days_from_date("2026-11-24"), Some(20_781));
    }
}
