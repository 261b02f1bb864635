//! Every (word, stem) pair search has read, kept once for the whole process: a page's
//! entry holds each of its words as a number into this list. A handbook keeps an entry
//! per page until its index is written, and most pages share most of their words, so
//! holding each word's text once is what keeps 100,000 pages' words small.
//!
//! Numbers are handed out in the order pairs are first met, which differs between runs
//! (pages render in parallel): nothing written may follow them. The index works on the
//! pairs' text, and the build cache stores the text too.
//!
//! The list only grows. A word's text lives as long as the process; a preview that runs
//! all day adds what its author types, a few kilobytes.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

/// A folded word and its stem.
type Pair = (&'static str, &'static str);

#[derive(Default)]
struct Vocabulary {
    numbers: HashMap<Pair, u32>,
    /// Each text once: most words are their own stem, and stems are shared.
    texts: HashSet<&'static str>,
    pairs: Vec<Pair>,
}

static VOCABULARY: LazyLock<Mutex<Vocabulary>> = LazyLock::new(Mutex::default);

impl Vocabulary {
    fn text(&mut self, t: &str) -> &'static str {
        match self.texts.get(t) {
            Some(kept) => kept,
            None => {
                let kept: &'static str = Box::leak(t.into());
                self.texts.insert(kept);
                kept
            }
        }
    }

    fn number(&mut self, word: &str, stem: &str) -> u32 {
        if let Some(&n) = self.numbers.get(&(word, stem)) {
            return n;
        }
        let pair = (self.text(word), self.text(stem));
        // Past 4 billion distinct pairs a handbook could not be indexed anyway.
        let n = u32::try_from(self.pairs.len()).unwrap_or(u32::MAX);
        self.pairs.push(pair);
        self.numbers.insert(pair, n);
        n
    }
}

fn with<T>(f: impl FnOnce(&mut Vocabulary) -> T) -> T {
    // A panic elsewhere while the list was held leaves it whole: each change is one push
    // and one insert of a pair already complete.
    f(&mut VOCABULARY.lock().unwrap_or_else(PoisonError::into_inner))
}

/// The number of each (word, stem) of `pairs`, in their order, under one lock.
pub(super) fn numbers<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<u32> {
    with(|v| pairs.into_iter().map(|(w, s)| v.number(w, s)).collect())
}

/// The pair of each number of `numbers`, with the weight beside it, under one lock. A
/// number this list never handed out is left out.
pub(super) fn pairs(numbers: &[(u32, u32)]) -> Vec<(&'static str, &'static str, u32)> {
    with(|v| {
        numbers
            .iter()
            .filter_map(|&(n, weight)| {
                let (word, stem) = *v.pairs.get(n as usize)?;
                Some((word, stem, weight))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_has_one_number_and_reads_back() {
        let first = numbers([("vocabularytest", "vocabularytest"), ("walking", "walk")]);
        let again = numbers([("walking", "walk"), ("vocabularytest", "vocabularytest")]);
        assert_eq!(first, [again[1], again[0]]);
        assert_eq!(
            pairs(&[(first[1], 3), (u32::MAX, 1), (first[0], 1)]),
            [
                ("walking", "walk", 3),
                ("vocabularytest", "vocabularytest", 1)
            ]
        );
        // The same word with another stem (another language) is another pair.
        let other = numbers([("walking", "walking")]);
        assert_ne!(other[0], first[1]);
        assert_eq!(pairs(&[(other[0], 2)]), [("walking", "walking", 2)]);
    }
}
