#pragma once
// A SQLite VFS for tests that simulates a power cut: it passes every call through to the default (unix) VFS, so the
// files on disk play the part of the operating system's page cache, and keeps beside them, per file, the image that
// has reached the disk (what the last xSync made durable) and the writes made since then. At a chosen operation the
// power goes off: that operation and everything before it happened in the page cache, nothing after it happens at all
// (every later call fails, as the process would be dead). restore_after_cut() then puts on disk only what a machine
// would find after rebooting, and the store is reopened on it.
//
// What is modelled (the unix VFS of SQLite 3.40, checked with strace: fdatasync of the file, then of the folder):
//  - xWrite and xTruncate change the page cache only; xSync makes the file's pending writes and truncations durable.
//  - The folder is a separate durable object. A file created with SQLITE_OPEN_CREATE as a WAL, rollback journal or
//    super-journal gets its folder synced right after its first xSync (the unix VFS's UNIXFILE_DIRSYNC); xDelete syncs
//    the folder only when SQLite asks (dirSync). A name whose creation or removal no folder sync followed is, after the
//    cut, as the last folder sync left it: a file created since does not exist, a file removed since comes back with
//    its own durable contents (files are modelled as inodes: a name points at one).
//  - The main database file is never folder-synced by itself (SQLite relies on the WAL's or journal's folder sync).
//  - The shared-memory file (-shm) is not durable: it is removed at the cut (SQLite rebuilds it from the WAL).
//  - Loss::kUnsynced: every write and truncation not yet synced is lost. Loss::kTorn: as SQLite's own crash tests
//    (test6.c) do, each 512-byte piece of each unsynced write independently either reached the disk, did not, or
//    reached it as garbage, and each unsynced truncation happened or not; this models a drive that reorders and
//    tears writes between flushes, within what SQLite assumes of a disk (a write never damages bytes it was not
//    asked to write: SQLITE_IOCAP_POWERSAFE_OVERWRITE, which the unix VFS reports).
// Not modelled: a drive that lies about flushes (acknowledging fsync without writing), damage to bytes that were
// already durable, several folders being synced in one go (the tests use one folder), memory-mapped writes (the shim
// reports io_methods version 2, so SQLite does not map the file), and temporary files (passed through untracked).
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace yandian::testing {

class PowerLossVfs {
  public:
    enum class Loss { kUnsynced, kTorn };

    struct Counters {
        std::int64_t writes = 0, truncates = 0, syncs = 0, folder_syncs = 0, deletes = 0;
    };

    // Registers the VFS `name` over the current default VFS and, with make_default, makes it the default (so
    // sqlite3_open_v2 without a VFS name, as the store calls it, goes through it) until destroyed.
    explicit PowerLossVfs(const char* name = "powerloss", bool make_default = true);
    ~PowerLossVfs();
    PowerLossVfs(const PowerLossVfs&) = delete;
    PowerLossVfs& operator=(const PowerLossVfs&) = delete;

    // The power goes off right after the n-th operation (writes, truncations, syncs and deletions are counted from 1
    // since the last restore); 0 = never.
    void cut_after(std::int64_t n);
    // Cuts the power now.
    void cut_now();
    [[nodiscard]] bool power_is_off() const;
    // Operations counted since the last restore.
    [[nodiscard]] std::int64_t operations() const;
    [[nodiscard]] Counters counters() const;

    // Forgets every file and turns the power on (a new run in a new folder).
    void reset();

    // Negative control: xSync reports success but makes nothing durable (a disk cache that lies).
    void set_ignore_sync(bool ignore);

    // Call once every connection through this VFS is closed. Replaces the files on disk by what survives the cut
    // (`seed` draws the pieces of torn writes), removes the -shm files and those whose name was never made durable,
    // and turns the power back on with the surviving images as the new durable state. Returns a short account of
    // what was lost ("N unsynced writes dropped, ...").
    std::string restore_after_cut(Loss loss, std::uint32_t seed);

    // Internals shared with the C callbacks.
    struct Inode {
        std::string durable;
        struct Op {
            bool truncate = false;
            std::int64_t offset = 0;  // truncate: the new size
            std::string bytes;
        };
        std::vector<Op> pending;
    };
    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace yandian::testing
