//! A mean with its sample size and 95 % confidence interval, kept in one pass.

use crate::journey::{Interval, Scale};

/// Running mean and spread (Welford's method: stable over a million rows).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mean {
    pub n: u64,
    mean: f64,
    m2: f64,
}

impl Mean {
    /// Adds one value.
    pub(crate) fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// The mean; 0 with no values.
    pub(crate) fn mean(&self) -> f64 {
        self.mean
    }

    /// The 95 % confidence interval of the mean (Student's t); `None` under two values.
    pub(crate) fn interval(&self) -> Option<Interval> {
        if self.n < 2 {
            return None;
        }
        let sd = (self.m2 / (self.n - 1) as f64).sqrt();
        let half = t975(self.n - 1) * sd / (self.n as f64).sqrt();
        Some(Interval {
            low: self.mean - half,
            high: self.mean + half,
        })
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom.
fn t975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            // Cornish–Fisher expansion around the normal quantile; off by < 0.001 past 30.
            let z: f64 = 1.959_964;
            let d = df as f64;
            z + (z.powi(3) + z) / (4.0 * d)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

/// `x` on `from` moved linearly to `to` (3.4 on 1..5 is 0.4 on -2..2).
pub(crate) fn rescale(x: f64, from: Scale, to: Scale) -> f64 {
    if from.max <= from.min {
        return to.neutral();
    }
    to.min + (x - from.min) * (to.max - to.min) / (from.max - from.min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_interval_match_a_worked_example() {
        let mut m = Mean::default();
        for x in [3.0, 4.0, 5.0, 4.0, 4.0] {
            m.add(x);
        }
        assert_eq!(m.n, 5);
        assert!((m.mean() - 4.0).abs() < 1e-12);
        // sd = sqrt(0.5); half width = 2.776 * 0.7071 / sqrt(5) = 0.8779
        let i = m.interval().unwrap();
        assert!((i.low - 3.1221).abs() < 1e-3, "{i:?}");
        assert!((i.high - 4.8779).abs() < 1e-3, "{i:?}");
    }

    #[test]
    fn one_value_has_no_interval_and_large_samples_approach_the_normal() {
        let mut m = Mean::default();
        m.add(2.0);
        assert!(m.interval().is_none());
        assert!((t975(1000) - 1.962).abs() < 1e-3);
        assert!((t975(31) - 2.040).abs() < 2e-3);
    }

    #[test]
    fn rescaling_is_linear_between_scales() {
        let five = Scale { min: 1.0, max: 5.0 };
        let two = Scale {
            min: -2.0,
            max: 2.0,
        };
        assert!((rescale(3.4, five, two) - 0.4).abs() < 1e-12);
        assert!((rescale(1.0, five, two) + 2.0).abs() < 1e-12);
    }
}
