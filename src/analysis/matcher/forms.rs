//! The form tables: each word form a term may take, with its readings (word
//! class, whether it is an inflection, whether it is plain), built in a map
//! and frozen into a compact open-addressed table behind a small filter.

use super::*;

/// A reading of a form: (class, whether the form is an inflection,
/// whether the form is plain).
pub(super) type Reading = (ClassId, bool, bool);

/// Forms and their readings. Built as a list of additions (every form in
/// one string: no allocation per form, which cost a 100,000-concept
/// glossary a third of its compile time and most of its memory), then
/// frozen into a compact table that the matcher probes once or twice per token: an open-addressed
/// array of 32-byte slots, at most half full. A slot holds its form's hash,
/// the form itself when it is short (most are; longer ones are in one
/// string) and its first reading (the others, rare, are in one list), so
/// that a lookup most often reads one slot and nothing else.
#[derive(Debug, Default)]
pub(super) struct FormIndex {
    /// The additions, in the order they were made: (hash, where the form
    /// is in `building_text`, its length, the reading).
    building: Vec<Added>,
    building_text: String,
    /// `slots.len()` is a power of two (or 0); empty slots have no
    /// readings.
    pub(super) slots: Vec<Slot>,
    /// The forms longer than `INLINE` bytes.
    pub(super) text: String,
    /// The readings of forms with more than one.
    pub(super) readings: Vec<Reading>,
    /// One bit per value of 16 bits of the hash, set for the forms here:
    /// most words that are no form are turned away by this 8 KB, which
    /// stays in cache, without reading a slot that does not.
    pub(super) filter: Vec<u64>,
}

/// The filter's bit for a hash: bits the slot index does not use first.
pub(super) fn filter_bit(hash: u32) -> (usize, u64) {
    let bit = (hash >> 16) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// A form added, before freezing.
#[derive(Debug, Clone, Copy)]
struct Added {
    hash: u32,
    len: u32,
    start: usize,
    reading: Reading,
}

/// The longest form kept in its slot.
pub(super) const INLINE: usize = 12;

#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
pub(super) struct Slot {
    pub(super) hash: u32,
    pub(super) text_len: u16,
    /// 0 for an empty slot.
    pub(super) readings_len: u16,
    /// Where the readings are in `readings`, when there are several.
    pub(super) readings_start: u32,
    pub(super) first: Reading,
    /// The form when it is at most `INLINE` bytes, else its offset in
    /// `text` (little-endian, in the first four bytes).
    pub(super) text: [u8; INLINE],
}

pub(super) const EMPTY_SLOT: Slot = Slot {
    hash: 0,
    text_len: 0,
    readings_len: 0,
    readings_start: 0,
    first: (0, false, false),
    text: [0; INLINE],
};

/// 32 bits of a form's hash: the slot to start probing from and a check
/// that spares most text comparisons.
pub(super) fn form_hash(form: &str) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(form.as_bytes());
    (h.finish() >> 32) as u32
}

impl FormIndex {
    /// Room for about `forms` additions.
    pub(super) fn reserve(&mut self, forms: usize) {
        self.building.reserve(forms);
        self.building_text.reserve(forms * 8);
    }

    /// Files a reading under `form`. A form longer than 65,535 bytes is not
    /// filed (no token is that long).
    pub(super) fn add(&mut self, form: &str, item: Reading) {
        if form.len() > u16::MAX as usize {
            return;
        }
        self.building.push(Added {
            hash: form_hash(form),
            start: self.building_text.len(),
            len: form.len() as u32,
            reading: item,
        });
        self.building_text.push_str(form);
    }

    /// Moves what was added into the compact table, in a fixed order (so
    /// that readings keep the order they were added in). A form with more
    /// than 65,535 readings is not filed (a word of a term never has that
    /// many classes).
    pub(super) fn freeze(&mut self) {
        let mut added = std::mem::take(&mut self.building);
        let text = std::mem::take(&mut self.building_text);
        let form_of = |a: &Added| &text[a.start..a.start + a.len as usize];
        // The additions of one form together, in the order they were made
        // (a stable sort), hashes compared before any text.
        added.sort_by(|a, b| (a.hash, form_of(a)).cmp(&(b.hash, form_of(b))));
        // Each form once: (hash, form, where its readings are in `all`).
        let mut building: Vec<(u32, &str, std::ops::Range<usize>)> = Vec::new();
        let mut all: Vec<Reading> = Vec::new();
        let mut readings: Vec<Reading> = Vec::new();
        let mut at = 0;
        while at < added.len() {
            let first = added[at];
            let form = form_of(&first);
            readings.clear();
            while at < added.len() && added[at].hash == first.hash && form_of(&added[at]) == form {
                push_unique(&mut readings, added[at].reading);
                at += 1;
            }
            if readings.len() <= u16::MAX as usize {
                building.push((first.hash, form, all.len()..all.len() + readings.len()));
                all.extend_from_slice(&readings);
            }
        }
        drop(added);
        if building.is_empty() {
            return;
        }
        let size = (building.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        // Filed in the order of their home slots (ties by hash, then form,
        // as sorted above: a fixed order): the probes then walk the table
        // forwards instead of jumping about it, and sorting compares
        // integers, not strings.
        building.sort_by_key(|b| (b.0 as usize & mask, b.0));
        self.slots = vec![EMPTY_SLOT; size];
        self.filter = vec![0; (1 << 16) / 64];
        for (hash, form, range) in building {
            let readings = &all[range];
            let mut slot = Slot {
                hash,
                text_len: form.len() as u16,
                readings_len: readings.len() as u16,
                readings_start: 0,
                first: readings[0],
                text: [0; INLINE],
            };
            if form.len() <= INLINE {
                slot.text[..form.len()].copy_from_slice(form.as_bytes());
            } else {
                slot.text[..4].copy_from_slice(&(self.text.len() as u32).to_le_bytes());
                self.text.push_str(form);
            }
            if readings.len() > 1 {
                slot.readings_start = self.readings.len() as u32;
                self.readings.extend_from_slice(readings);
            }
            let (word, bit) = filter_bit(hash);
            self.filter[word] |= bit;
            let mut at = hash as usize & mask;
            while self.slots[at].readings_len != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    pub(super) fn get(&self, form: &str) -> Option<&[Reading]> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = form_hash(form);
        let (word, bit) = filter_bit(hash);
        if self.filter[word] & bit == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.readings_len == 0 {
                return None;
            }
            if slot.hash == hash && slot.text_len as usize == form.len() && self.same(slot, form) {
                return Some(if slot.readings_len == 1 {
                    std::slice::from_ref(&slot.first)
                } else {
                    let from = slot.readings_start as usize;
                    &self.readings[from..from + slot.readings_len as usize]
                });
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether `slot` is the form `form` (of the same length).
    pub(super) fn same(&self, slot: &Slot, form: &str) -> bool {
        let form = form.as_bytes();
        if form.len() <= INLINE {
            slot.text[..form.len()] == *form
        } else {
            let mut offset = [0; 4];
            offset.copy_from_slice(&slot.text[..4]);
            let start = u32::from_le_bytes(offset) as usize;
            self.text.as_bytes()[start..start + form.len()] == *form
        }
    }
}

pub(super) fn push_unique(list: &mut Vec<(ClassId, bool, bool)>, item: (ClassId, bool, bool)) {
    // A form that is both the word and an inflection of another class entry
    // keeps its best reading.
    if let Some(existing) = list.iter_mut().find(|e| e.0 == item.0) {
        existing.1 &= item.1;
        existing.2 |= item.2;
    } else {
        list.push(item);
    }
}
