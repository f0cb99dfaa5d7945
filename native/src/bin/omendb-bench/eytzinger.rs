//! The Eytzinger-layout baseline: keys stored in BFS order of an implicit binary search tree
//! (node k has children 2k and 2k+1), searched branchlessly while prefetching the cache line
//! that holds the node's descendants four levels down, so the dependent loads overlap.

/// Keys per 64-byte cache line: 16 consecutive tree nodes `16k..16k+16` are 4 levels below `k`.
const PREFETCH_STRIDE: usize = 16;

/// Sorted keys in Eytzinger order, 1-based (slot 0 is unused), plus each slot's sorted position.
pub struct Eytzinger {
    tree: Vec<i64>,
    positions: Vec<u32>,
}

impl Eytzinger {
    /// Lays out `sorted` (ascending) in Eytzinger order.
    pub fn new(sorted: &[i64]) -> Self {
        let n = sorted.len();
        let mut layout = Eytzinger { tree: vec![0; n + 1], positions: vec![u32::MAX; n + 1] };
        let mut next = 0usize;
        layout.fill(sorted, &mut next, 1);
        layout
    }

    /// In-order walk of the implicit tree, handing out sorted keys in order (iterative, no
    /// recursion depth issue for large n).
    fn fill(&mut self, sorted: &[i64], next: &mut usize, root: usize) {
        let n = sorted.len();
        let mut stack = Vec::new();
        let mut node = root;
        loop {
            while node <= n {
                stack.push(node);
                node *= 2;
            }
            let Some(top) = stack.pop() else { break };
            self.tree[top] = sorted[*next];
            self.positions[top] = *next as u32;
            *next += 1;
            node = 2 * top + 1;
        }
    }

    /// Slot of the first key `>= key`, or 0 when every key is smaller. The key in that slot was
    /// the last one the search loaded, so `key_at` on the result is a cache hit.
    #[inline]
    pub fn lower_bound_slot(&self, key: i64) -> usize {
        let tree = &self.tree;
        let n = tree.len() - 1;
        let mut k = 1usize;
        while k <= n {
            prefetch(tree.as_ptr().wrapping_add(k * PREFETCH_STRIDE));
            k = 2 * k + usize::from(tree[k] < key);
        }
        // Undo the trailing right turns plus one left turn: the last node where we went left.
        k >> (k.trailing_ones() + 1)
    }

    /// True if `slot` (from `lower_bound_slot(key)`) holds `key`.
    #[inline]
    pub fn contains_at(&self, slot: usize, key: i64) -> bool {
        slot != 0 && self.tree[slot] == key
    }

    #[cfg(test)]
    /// Sorted position of the key in `slot` (`len` for slot 0, "no key is >=").
    pub fn position(&self, slot: usize) -> usize {
        if slot == 0 {
            self.tree.len() - 1
        } else {
            self.positions[slot] as usize
        }
    }
}

/// Hints the CPU to fetch the line at `address` into cache; never faults, even out of bounds.
#[inline(always)]
fn prefetch(address: *const i64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCH is only a hint; it never dereferences in a way that can fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_partition_point_for_every_size() {
        for n in 0..70usize {
            let sorted: Vec<i64> = (0..n as i64).map(|i| i * 3).collect();
            let layout = Eytzinger::new(&sorted);
            for key in -2..(3 * n as i64 + 2) {
                let expected = sorted.partition_point(|&k| k < key);
                assert_eq!(layout.position(layout.lower_bound_slot(key)), expected, "n {n} key {key}");
                assert_eq!(layout.contains_at(layout.lower_bound_slot(key), key), sorted.get(expected) == Some(&key));
            }
        }
    }
}
