#include "powerloss_vfs.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <random>
#include <set>
#include <stdexcept>

namespace yandian::testing {

namespace {

constexpr std::int64_t kPiece = 512;  // the unit a torn write is cut into (a disk sector)

std::string folder_of(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void apply_op(std::string& image, const PowerLossVfs::Inode::Op& op) {
    if (op.truncate) {
        image.resize(static_cast<std::size_t>(op.offset), '\0');
        return;
    }
    const auto end = static_cast<std::size_t>(op.offset) + op.bytes.size();
    if (image.size() < end) image.resize(end, '\0');
    std::memcpy(image.data() + op.offset, op.bytes.data(), op.bytes.size());
}

}  // namespace

struct PowerLossVfs::Impl {
    sqlite3_vfs vfs{};
    sqlite3_vfs* base = nullptr;
    sqlite3_vfs* previous_default = nullptr;
    std::string name;
    sqlite3_io_methods methods{};

    mutable std::mutex mutex;
    bool power_off = false;
    bool ignore_sync = false;
    std::int64_t cut_at = 0;
    std::int64_t ops = 0;
    Counters counters;
    // The folder as the page cache sees it and as it last reached the disk: name -> file.
    std::map<std::string, std::shared_ptr<Inode>> live;
    std::map<std::string, std::shared_ptr<Inode>> durable;
    std::set<std::string> databases;  // main database files seen (their -shm is dropped at the cut)

    // Counts one operation; the power goes off after the cut_at-th.
    void count() {
        ++ops;
        if (cut_at > 0 && ops >= cut_at) power_off = true;
    }
    void sync_folder(const std::string& folder) {
        ++counters.folder_syncs;
        for (auto it = durable.begin(); it != durable.end();) {
            it = folder_of(it->first) == folder ? durable.erase(it) : std::next(it);
        }
        for (const auto& [path, inode] : live) {
            if (folder_of(path) == folder) durable[path] = inode;
        }
    }
};

namespace {

struct ShimFile {
    sqlite3_file base;  // must come first: SQLite sees a ShimFile as a sqlite3_file
    PowerLossVfs::Impl* owner;
    std::shared_ptr<PowerLossVfs::Inode> inode;  // null for files not tracked (temporary files)
    std::string path;
    bool sync_folder_on_first_sync;
    sqlite3_file* real;
};

std::size_t shim_size() { return (sizeof(ShimFile) + 15) & ~std::size_t{15}; }

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }

int x_close(sqlite3_file* f) {
    ShimFile* s = shim(f);
    int rc = s->real->pMethods != nullptr ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
    s->~ShimFile();
    return rc;
}

int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    ShimFile* s = shim(f);
    {
        std::lock_guard lock(s->owner->mutex);
        if (s->owner->power_off) return SQLITE_IOERR_READ;
    }
    return s->real->pMethods->xRead(s->real, buffer, amount, offset);
}

int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    ShimFile* s = shim(f);
    std::lock_guard lock(s->owner->mutex);
    if (s->owner->power_off) return SQLITE_IOERR_WRITE;
    int rc = s->real->pMethods->xWrite(s->real, buffer, amount, offset);
    if (rc != SQLITE_OK) return rc;
    if (s->inode) {
        s->inode->pending.push_back({false, offset, std::string(static_cast<const char*>(buffer), amount)});
        ++s->owner->counters.writes;
        s->owner->count();
    }
    return rc;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    ShimFile* s = shim(f);
    std::lock_guard lock(s->owner->mutex);
    if (s->owner->power_off) return SQLITE_IOERR_TRUNCATE;
    int rc = s->real->pMethods->xTruncate(s->real, size);
    if (rc != SQLITE_OK) return rc;
    if (s->inode) {
        s->inode->pending.push_back({true, size, {}});
        ++s->owner->counters.truncates;
        s->owner->count();
    }
    return rc;
}

int x_sync(sqlite3_file* f, int /*flags*/) {
    // The real fsync is not needed: the durable image is kept here, and the page cache is never lost in a test.
    ShimFile* s = shim(f);
    std::lock_guard lock(s->owner->mutex);
    if (s->owner->power_off) return SQLITE_IOERR_FSYNC;
    if (!s->inode) return SQLITE_OK;
    ++s->owner->counters.syncs;
    if (!s->owner->ignore_sync) {
        for (const auto& op : s->inode->pending) apply_op(s->inode->durable, op);
        s->inode->pending.clear();
        if (s->sync_folder_on_first_sync) {
            s->owner->sync_folder(folder_of(s->path));
            s->sync_folder_on_first_sync = false;
        }
    }
    s->owner->count();
    return SQLITE_OK;
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    ShimFile* s = shim(f);
    return s->real->pMethods->xFileSize(s->real, size);
}
int x_lock(sqlite3_file* f, int level) { return shim(f)->real->pMethods->xLock(shim(f)->real, level); }
int x_unlock(sqlite3_file* f, int level) { return shim(f)->real->pMethods->xUnlock(shim(f)->real, level); }
int x_check_reserved(sqlite3_file* f, int* out) {
    return shim(f)->real->pMethods->xCheckReservedLock(shim(f)->real, out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return shim(f)->real->pMethods->xFileControl(shim(f)->real, op, arg);
}
int x_sector_size(sqlite3_file* f) { return shim(f)->real->pMethods->xSectorSize(shim(f)->real); }
int x_device_characteristics(sqlite3_file* f) { return shim(f)->real->pMethods->xDeviceCharacteristics(shim(f)->real); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    ShimFile* s = shim(f);
    {
        std::lock_guard lock(s->owner->mutex);
        if (s->owner->power_off) return SQLITE_IOERR_SHMMAP;
    }
    return s->real->pMethods->xShmMap(s->real, region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return shim(f)->real->pMethods->xShmLock(shim(f)->real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { shim(f)->real->pMethods->xShmBarrier(shim(f)->real); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
    return shim(f)->real->pMethods->xShmUnmap(shim(f)->real, delete_flag);
}

PowerLossVfs::Impl* owner_of(sqlite3_vfs* vfs) { return static_cast<PowerLossVfs::Impl*>(vfs->pAppData); }

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    PowerLossVfs::Impl* owner = owner_of(vfs);
    file->pMethods = nullptr;
    {
        std::lock_guard lock(owner->mutex);
        if (owner->power_off) return SQLITE_CANTOPEN;
    }
    auto* s = new (file) ShimFile{{nullptr}, owner, nullptr, name != nullptr ? name : "", false, nullptr};
    s->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + shim_size());
    const int type =
        flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL |
                 SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_TRANSIENT_DB);
    const bool tracked = name != nullptr && (type == SQLITE_OPEN_MAIN_DB || type == SQLITE_OPEN_MAIN_JOURNAL ||
                                             type == SQLITE_OPEN_WAL || type == SQLITE_OPEN_SUPER_JOURNAL);
    std::string path = s->path;
    const bool existed = tracked && std::filesystem::exists(path);
    int rc = owner->base->xOpen(owner->base, name, s->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        s->~ShimFile();
        file->pMethods = nullptr;
        return rc;
    }
    if (tracked) {
        std::lock_guard lock(owner->mutex);
        auto found = owner->live.find(path);
        if (found != owner->live.end()) {
            s->inode = found->second;
        } else {
            // A file the shim has not seen: one that was on disk before is durable as it is; a new one exists only
            // in the page cache until a folder sync.
            s->inode = std::make_shared<PowerLossVfs::Inode>();
            if (existed) {
                s->inode->durable = read_whole(path);
                owner->durable[path] = s->inode;
            }
            owner->live[path] = s->inode;
        }
        if (type == SQLITE_OPEN_MAIN_DB) owner->databases.insert(path);
        // The unix VFS syncs the folder after the first sync of a journal or WAL opened with SQLITE_OPEN_CREATE.
        s->sync_folder_on_first_sync = (flags & SQLITE_OPEN_CREATE) != 0 && type != SQLITE_OPEN_MAIN_DB;
    }
    file->pMethods = &owner->methods;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
    PowerLossVfs::Impl* owner = owner_of(vfs);
    std::lock_guard lock(owner->mutex);
    if (owner->power_off) return SQLITE_IOERR_DELETE;
    int rc = owner->base->xDelete(owner->base, name, 0);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_DELETE_NOENT) return rc;
    const std::string path(name);
    if (owner->live.erase(path) > 0 || owner->durable.contains(path)) {
        ++owner->counters.deletes;
        if (sync_dir != 0 && !owner->ignore_sync) owner->sync_folder(folder_of(path));
        owner->count();
    }
    return rc;
}

int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
    return owner_of(vfs)->base->xAccess(owner_of(vfs)->base, name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
    return owner_of(vfs)->base->xFullPathname(owner_of(vfs)->base, name, size, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) { return owner_of(vfs)->base->xDlOpen(owner_of(vfs)->base, name); }
void x_dl_error(sqlite3_vfs* vfs, int n, char* out) { owner_of(vfs)->base->xDlError(owner_of(vfs)->base, n, out); }
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
    return owner_of(vfs)->base->xDlSym(owner_of(vfs)->base, handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) { owner_of(vfs)->base->xDlClose(owner_of(vfs)->base, handle); }
int x_randomness(sqlite3_vfs* vfs, int n, char* out) {
    return owner_of(vfs)->base->xRandomness(owner_of(vfs)->base, n, out);
}
int x_sleep(sqlite3_vfs* vfs, int us) { return owner_of(vfs)->base->xSleep(owner_of(vfs)->base, us); }
int x_current_time(sqlite3_vfs* vfs, double* out) {
    return owner_of(vfs)->base->xCurrentTime(owner_of(vfs)->base, out);
}
int x_last_error(sqlite3_vfs* vfs, int n, char* out) {
    return owner_of(vfs)->base->xGetLastError(owner_of(vfs)->base, n, out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
    return owner_of(vfs)->base->xCurrentTimeInt64(owner_of(vfs)->base, out);
}

}  // namespace

PowerLossVfs::PowerLossVfs(const char* name, bool make_default) : impl_(std::make_unique<Impl>()) {
    Impl& i = *impl_;
    i.previous_default = sqlite3_vfs_find(nullptr);
    i.base = sqlite3_vfs_find("unix");
    if (i.base == nullptr) i.base = i.previous_default;
    i.name = name;
    i.methods = sqlite3_io_methods{2,
                                   x_close,
                                   x_read,
                                   x_write,
                                   x_truncate,
                                   x_sync,
                                   x_file_size,
                                   x_lock,
                                   x_unlock,
                                   x_check_reserved,
                                   x_file_control,
                                   x_sector_size,
                                   x_device_characteristics,
                                   x_shm_map,
                                   x_shm_lock,
                                   x_shm_barrier,
                                   x_shm_unmap,
                                   nullptr,
                                   nullptr};
    i.vfs.iVersion = 2;
    i.vfs.szOsFile = static_cast<int>(shim_size()) + i.base->szOsFile;
    i.vfs.mxPathname = i.base->mxPathname;
    i.vfs.zName = i.name.c_str();
    i.vfs.pAppData = &i;
    i.vfs.xOpen = x_open;
    i.vfs.xDelete = x_delete;
    i.vfs.xAccess = x_access;
    i.vfs.xFullPathname = x_full_pathname;
    i.vfs.xDlOpen = x_dl_open;
    i.vfs.xDlError = x_dl_error;
    i.vfs.xDlSym = x_dl_sym;
    i.vfs.xDlClose = x_dl_close;
    i.vfs.xRandomness = x_randomness;
    i.vfs.xSleep = x_sleep;
    i.vfs.xCurrentTime = x_current_time;
    i.vfs.xGetLastError = x_last_error;
    i.vfs.xCurrentTimeInt64 = x_current_time_int64;
    if (sqlite3_vfs_register(&i.vfs, make_default ? 1 : 0) != SQLITE_OK) {
        throw std::runtime_error("cannot register the power-loss VFS");
    }
}

PowerLossVfs::~PowerLossVfs() {
    if (sqlite3_vfs_find(nullptr) == &impl_->vfs) sqlite3_vfs_register(impl_->previous_default, 1);
    sqlite3_vfs_unregister(&impl_->vfs);
}

void PowerLossVfs::cut_after(std::int64_t n) {
    std::lock_guard lock(impl_->mutex);
    impl_->cut_at = n;
    if (n > 0 && impl_->ops >= n) impl_->power_off = true;
}

void PowerLossVfs::cut_now() {
    std::lock_guard lock(impl_->mutex);
    impl_->power_off = true;
}

bool PowerLossVfs::power_is_off() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->power_off;
}

std::int64_t PowerLossVfs::operations() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->ops;
}

PowerLossVfs::Counters PowerLossVfs::counters() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->counters;
}

void PowerLossVfs::reset() {
    std::lock_guard lock(impl_->mutex);
    impl_->live.clear();
    impl_->durable.clear();
    impl_->databases.clear();
    impl_->power_off = false;
    impl_->cut_at = 0;
    impl_->ops = 0;
    impl_->counters = {};
}

void PowerLossVfs::set_ignore_sync(bool ignore) {
    std::lock_guard lock(impl_->mutex);
    impl_->ignore_sync = ignore;
}

std::string PowerLossVfs::restore_after_cut(Loss loss, std::uint32_t seed) {
    std::lock_guard lock(impl_->mutex);
    Impl& i = *impl_;
    std::mt19937 random(seed);
    std::int64_t dropped = 0, torn = 0, vanished = 0;

    // What the disk holds after the reboot, per surviving name.
    std::map<std::string, std::string> survivors;
    for (const auto& [path, inode] : i.durable) {
        std::string image = inode->durable;
        for (const auto& op : inode->pending) {
            if (loss == Loss::kUnsynced) {
                ++dropped;
                continue;
            }
            if (op.truncate) {
                if (random() % 2 == 0) apply_op(image, op);
                ++torn;
                continue;
            }
            // Each 512-byte piece (aligned on the file) of the write: not written, written, or written as garbage.
            std::int64_t at = op.offset;
            const std::int64_t end = op.offset + static_cast<std::int64_t>(op.bytes.size());
            while (at < end) {
                const std::int64_t piece_end = std::min(end, (at / kPiece + 1) * kPiece);
                Inode::Op piece{false, at,
                                op.bytes.substr(static_cast<std::size_t>(at - op.offset),
                                                static_cast<std::size_t>(piece_end - at))};
                switch (random() % 3) {
                    case 0:
                        break;
                    case 1:
                        apply_op(image, piece);
                        break;
                    default:
                        for (char& c : piece.bytes) c = static_cast<char>(random());
                        apply_op(image, piece);
                        break;
                }
                at = piece_end;
            }
            ++torn;
        }
        survivors[path] = std::move(image);
    }
    std::int64_t back = 0;  // names removed (or replaced) since the last folder sync: the old file is there again
    for (const auto& [path, inode] : i.live) {
        if (!i.durable.contains(path)) ++vanished;
    }
    for (const auto& [path, inode] : i.durable) {
        auto now = i.live.find(path);
        if (now == i.live.end() || now->second != inode) ++back;
    }
    // Replace what is on disk (the page cache) by the survivors.
    std::error_code ignored;
    for (const auto& [path, inode] : i.live) std::filesystem::remove(path, ignored);
    for (const auto& [path, inode] : i.durable) std::filesystem::remove(path, ignored);
    for (const auto& db : i.databases) std::filesystem::remove(db + "-shm", ignored);
    i.live.clear();
    i.durable.clear();
    for (auto& [path, image] : survivors) {
        std::ofstream(path, std::ios::binary | std::ios::trunc)
            .write(image.data(), static_cast<std::streamsize>(image.size()));
        auto inode = std::make_shared<Inode>();
        inode->durable = std::move(image);
        i.live[path] = inode;
        i.durable[path] = inode;
    }
    i.power_off = false;
    i.cut_at = 0;
    i.ops = 0;
    i.counters = {};
    return std::to_string(dropped) + " unsynced writes dropped, " + std::to_string(torn) + " torn, " +
           std::to_string(vanished) + " files never made durable in their folder, " + std::to_string(back) +
           " removed or replaced files back";
}

}  // namespace yandian::testing
