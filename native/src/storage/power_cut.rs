//! Test-only redb storage backend that logs every write, resize and `sync_data` over an
//! in-memory image (the page cache). `image_after_cut` rebuilds what a disk could hold if
//! power failed after `k` events: all that a completed sync covered, plus none, all, or a
//! random subset (whole writes or 512 B / 4 KiB sectors) of the rest, per `CutMode`.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::Rng;

/// One logged storage event.
#[derive(Clone, Debug)]
enum Event {
    Write { offset: u64, data: Vec<u8> },
    SetLen(u64),
    Sync,
}

/// What survives of the events after the last completed sync when power fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutMode {
    /// Only what a completed sync covered (the disk lost its whole write cache).
    DropUnsynced,
    /// Every write reached the disk (what a process kill leaves, the page cache survives).
    KeepAll,
    /// Each unsynced write or resize survives or not, independently (reordered write-back).
    RandomWrites,
    /// Each `sector`-aligned piece of each unsynced write survives or not, independently:
    /// torn writes at sector granularity (512 B or 4 KiB).
    RandomSectors(u64),
}

#[derive(Debug, Default)]
struct Log {
    /// The bytes the process sees: the image after every event so far.
    visible: Vec<u8>,
    /// The image the log starts from (durable before the first event).
    base: Vec<u8>,
    events: Vec<Event>,
}

/// A `redb::StorageBackend` over memory that logs every event; clones share one log.
#[derive(Clone, Debug, Default)]
pub struct RecordingDisk {
    log: Arc<Mutex<Log>>,
}

impl RecordingDisk {
    /// A disk holding `image`, durable, with an empty log.
    pub fn new(image: Vec<u8>) -> RecordingDisk {
        let log = Log { visible: image.clone(), base: image, events: Vec::new() };
        RecordingDisk { log: Arc::new(Mutex::new(log)) }
    }

    /// Number of events logged so far: a cut point for `image_after_cut`.
    pub fn events(&self) -> usize {
        self.lock().events.len()
    }

    /// Number of `sync_data` calls logged so far.
    pub fn syncs(&self) -> usize {
        self.lock().events.iter().filter(|e| matches!(e, Event::Sync)).count()
    }

    /// Event indices just after each sync: the interesting cut points.
    pub fn sync_points(&self) -> Vec<usize> {
        let log = self.lock();
        log.events.iter().enumerate().filter(|(_, e)| matches!(e, Event::Sync)).map(|(i, _)| i + 1).collect()
    }

    /// The image the process sees now.
    pub fn visible_image(&self) -> Vec<u8> {
        self.lock().visible.clone()
    }

    /// What the disk holds if power failed after the first `cut` events, under `mode`.
    pub fn image_after_cut(&self, cut: usize, mode: CutMode, rng: &mut StdRng) -> Vec<u8> {
        let log = self.lock();
        let events = &log.events[..cut.min(log.events.len())];
        let synced = events.iter().rposition(|e| matches!(e, Event::Sync)).map_or(0, |i| i + 1);
        let mut image = log.base.clone();
        for event in &events[..synced] {
            apply(&mut image, event);
        }
        for event in &events[synced..] {
            match (mode, event) {
                (CutMode::DropUnsynced, _) => {}
                (CutMode::KeepAll, _) => apply(&mut image, event),
                (CutMode::RandomWrites, _) => {
                    if rng.gen_bool(0.5) {
                        apply(&mut image, event);
                    }
                }
                (CutMode::RandomSectors(sector), Event::Write { offset, data }) => {
                    apply_random_sectors(&mut image, *offset, data, sector, rng);
                }
                (CutMode::RandomSectors(_), _) => {
                    if rng.gen_bool(0.5) {
                        apply(&mut image, event);
                    }
                }
            }
        }
        image
    }

    fn lock(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn apply(image: &mut Vec<u8>, event: &Event) {
    match event {
        Event::Write { offset, data } => write_at(image, *offset, data),
        Event::SetLen(len) => image.resize(*len as usize, 0),
        Event::Sync => {}
    }
}

/// A write extends the image when it lands past the end (as a file write does).
fn write_at(image: &mut Vec<u8>, offset: u64, data: &[u8]) {
    let (start, end) = (offset as usize, offset as usize + data.len());
    if image.len() < end {
        image.resize(end, 0);
    }
    image[start..end].copy_from_slice(data);
}

/// Keeps each piece of the write that falls in one `sector`-aligned block with probability 1/2.
fn apply_random_sectors(image: &mut Vec<u8>, offset: u64, data: &[u8], sector: u64, rng: &mut StdRng) {
    let end = offset + data.len() as u64;
    let mut at = offset;
    while at < end {
        let block_end = ((at / sector) + 1) * sector;
        let piece_end = block_end.min(end);
        if rng.gen_bool(0.5) {
            let from = (at - offset) as usize;
            let to = (piece_end - offset) as usize;
            write_at(image, at, &data[from..to]);
        }
        at = piece_end;
    }
}

fn out_of_range() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "read past the end of the recorded disk")
}

impl redb::StorageBackend for RecordingDisk {
    fn len(&self) -> Result<u64, io::Error> {
        Ok(self.lock().visible.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        let log = self.lock();
        let start = usize::try_from(offset).map_err(|_| out_of_range())?;
        let source = log.visible.get(start..start + out.len()).ok_or_else(out_of_range)?;
        out.copy_from_slice(source);
        Ok(())
    }

    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        let mut log = self.lock();
        log.visible.resize(usize::try_from(len).map_err(|_| out_of_range())?, 0);
        log.events.push(Event::SetLen(len));
        Ok(())
    }

    fn sync_data(&self) -> Result<(), io::Error> {
        self.lock().events.push(Event::Sync);
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        let mut log = self.lock();
        write_at(&mut log.visible, offset, data);
        log.events.push(Event::Write { offset, data: data.to_vec() });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use redb::StorageBackend;

    fn disk_with_history() -> RecordingDisk {
        let disk = RecordingDisk::new(vec![0; 8]);
        disk.write(0, &[1, 1]).unwrap();
        disk.sync_data().unwrap();
        disk.write(2, &[2, 2]).unwrap();
        disk.set_len(12).unwrap();
        disk.write(8, &[3, 3, 3, 3]).unwrap();
        disk
    }

    #[test]
    fn a_cut_keeps_what_a_sync_covered_and_drops_the_rest() {
        let disk = disk_with_history();
        let mut rng = StdRng::seed_from_u64(1);
        assert_eq!(disk.events(), 5);
        assert_eq!(disk.sync_points(), vec![2]);
        assert_eq!(disk.image_after_cut(0, CutMode::KeepAll, &mut rng), vec![0; 8]);
        assert_eq!(disk.image_after_cut(1, CutMode::DropUnsynced, &mut rng), vec![0; 8]);
        assert_eq!(disk.image_after_cut(5, CutMode::DropUnsynced, &mut rng), vec![1, 1, 0, 0, 0, 0, 0, 0]);
        let everything = vec![1, 1, 2, 2, 0, 0, 0, 0, 3, 3, 3, 3];
        assert_eq!(disk.image_after_cut(5, CutMode::KeepAll, &mut rng), everything);
        assert_eq!(disk.visible_image(), everything);
    }

    #[test]
    fn random_modes_produce_every_subset_of_unsynced_writes() {
        let disk = disk_with_history();
        let mut rng = StdRng::seed_from_u64(2);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let image = disk.image_after_cut(5, CutMode::RandomWrites, &mut rng);
            assert_eq!(&image[..2], &[1, 1], "synced bytes must survive");
            seen.insert(image);
        }
        // Two writes and one resize, each kept or not: 8 subsets, some giving the same bytes.
        assert!(seen.len() >= 5, "only {} distinct images", seen.len());
        let mut torn = std::collections::BTreeSet::new();
        let disk = RecordingDisk::new(vec![0; 8]);
        disk.write(0, &[9; 8]).unwrap();
        for _ in 0..200 {
            torn.insert(disk.image_after_cut(1, CutMode::RandomSectors(4), &mut rng));
        }
        assert_eq!(torn.len(), 4, "two 4-byte sectors give four torn images: {torn:?}");
    }
}
