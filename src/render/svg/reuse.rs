//! What the SVG writer remembers while it writes a scene, so that work done for one
//! element is not done again for the next: the attribute each way of painting gave,
//! and which of the scene's distinct groups (faces, icons) each group item draws.

use crate::render::scene::{Anchor, Item, Paint};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The attributes the writer's `paint` wrote: a map paints its thousand shapes in a few
/// dozen ways, and neighbouring shapes mostly in the same few.
#[derive(Default)]
pub(super) struct Painted {
    /// Every attribute written, one after another.
    written: String,
    /// Every way of painting met, with where its attribute lies in `written`.
    ways: Vec<(PaintKey, (usize, usize))>,
    /// Where each way stands in `ways`.
    at: HashMap<PaintKey, usize, BuildHasherDefault<QuickHasher>>,
    /// The ways last looked up in `at` (their places in `ways`), looked at first.
    recent: [usize; 4],
    /// The place in `recent` the next way looked up takes.
    next: usize,
}

impl Painted {
    /// The attribute written for `key`, if it was.
    pub(super) fn get(&mut self, key: &PaintKey) -> Option<&str> {
        let is_key = |w: &usize| self.ways.get(*w).is_some_and(|(k, _)| k == key);
        let way = match self.recent.iter().copied().find(is_key) {
            Some(way) => way,
            None => {
                let way = *self.at.get(key)?;
                self.remember(way);
                way
            }
        };
        let (start, end) = self.ways.get(way)?.1;
        self.written.get(start..end)
    }

    /// Keeps `attribute`, written for `key`.
    pub(super) fn insert(&mut self, key: PaintKey, attribute: &str) {
        let span = (self.written.len(), self.written.len() + attribute.len());
        self.written.push_str(attribute);
        self.at.insert(key, self.ways.len());
        self.remember(self.ways.len());
        self.ways.push((key, span));
    }

    fn remember(&mut self, way: usize) {
        self.recent[self.next] = way;
        self.next = (self.next + 1) % self.recent.len();
    }
}

/// Everything the writer's `paint` reads of an element, its numbers compared bit for bit:
/// equal keys are written alike.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct PaintKey {
    pub(super) fill: Paint,
    pub(super) stroke: Paint,
    pub(super) width: u64,
    pub(super) dashed: bool,
    pub(super) text: Option<(u64, bool, bool, Anchor)>,
}

/// One distinct group of a scene: what it draws, how often, and the number of its
/// definition once written.
pub(super) struct Group<'a> {
    items: &'a [Item],
    pub(super) count: usize,
    pub(super) defined: Option<usize>,
}

/// The distinct groups of a scene, and which one each group item draws.
pub(super) struct Groups<'a> {
    pub(super) list: Vec<Group<'a>>,
    /// The group each group item of the scene draws, by the address of its items: found
    /// without comparing items.
    at: HashMap<*const Item, usize, BuildHasherDefault<QuickHasher>>,
}

impl<'a> Groups<'a> {
    /// Every distinct group of `items` (inside links and tooltips too) and how often it
    /// is drawn.
    pub(super) fn of(items: &'a [Item]) -> Groups<'a> {
        fn walk<'a>(items: &'a [Item], groups: &mut Groups<'a>) {
            for item in items {
                match item {
                    Item::Group { items, .. } => {
                        let list = &mut groups.list;
                        let g = match list.iter().position(|g| g.items == items.as_slice()) {
                            Some(g) => g,
                            None => {
                                list.push(Group {
                                    items,
                                    count: 0,
                                    defined: None,
                                });
                                list.len() - 1
                            }
                        };
                        list[g].count += 1;
                        groups.at.insert(items.as_ptr(), g);
                    }
                    Item::Link { items, .. } | Item::Titled { items, .. } => walk(items, groups),
                    _ => {}
                }
            }
        }
        let mut groups = Groups {
            list: Vec::new(),
            at: HashMap::default(),
        };
        walk(items, &mut groups);
        groups
    }

    /// Where `items` stand among the distinct groups.
    pub(super) fn find(&self, items: &[Item]) -> Option<usize> {
        match self.at.get(&items.as_ptr()) {
            Some(g) => Some(*g),
            // Items not met in the walk (inside another group) are compared.
            None => self.list.iter().position(|g| g.items == items),
        }
    }
}

/// Multiply-and-rotate hashing (FxHash's) for the small keys here (a way of painting, an
/// address), looked up for every element: SipHash would spend more on them than the
/// lookup saves. The keys come from the map's own drawing, not from anyone who could
/// choose them to collide.
#[derive(Default)]
struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
