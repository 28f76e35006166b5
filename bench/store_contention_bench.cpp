// store_contention_bench: how long a session's store write waits while an import commits batches.
//
//   store_contention_bench [--residents N] [--import-records M] [--batches 100,500,...]
//                          [--pauses 0,5] [--turns on|off] [--interval-ms 10] [--import-cache-kib K]
//                          [--dir PATH]
//
// A store of N synthetic residents (default 200,000). For each batch size, on a fresh copy of it:
// one thread imports M NDJSON records (default 100,000, two base64 templates each, generated as the
// import reads them, like a request body arriving) through store::import_ndjson on its own
// connection, while another thread does a session's write on its own connection every 10 ms, as the
// store worker does for a pickup's closing: one IMMEDIATE transaction with the record's status, an
// outbox event and an audit row. The write's wait is the time BEGIN IMMEDIATE took to get the write
// lock (SQLite's busy handler retrying); its total adds the writes and the synchronous=FULL commit.
//
// The import, three ways:
//   pause 0  import_ndjson as it is: one call for the whole body, each batch's transaction begun the
//            moment the last one committed. The store's busy handler (Database::set_busy_timeout)
//            looks again every 0.5 ms, so the session's write gets the lock between two batches and
//            waits about as long as one batch's transaction: the batch size bounds its wait. (With
//            SQLite's own busy_timeout, which sleeps 1, 2, 5, 10, ... 100 ms between tries, it did
//            not: p99 330-1,440 ms for every batch size from 50 to 10,000 lines.)
//   pause P  one import_ndjson call per batch, then P ms of sleep: an import that gives the lock up.
//   turns    one call per batch, taken in turn with the session's writes through a FIFO lock in the
//            process (a ticket lock): the session waits for at most the batch under way, which is
//            what a batch size can bound. This models writers of one process taking turns.
//
// Prints, for no import and for each pause and batch size: the import's rate and the session
// write's wait p50/p99/max in ms (and its total p99). The budget (issue 10, "never stall a frame"):
// a session's write waits under 10 ms at p99.
#include "kiosk/core/nik.hpp"
#include "kiosk/store/base64.hpp"
#include "kiosk/store/ndjson_import.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"
#include "kiosk/store/templates.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::store;
using Clock = std::chrono::steady_clock;

namespace {

template <class T>
T must(Result<T> result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "store_contention_bench: %s: %s\n", what, result.error().to_string().c_str());
        std::exit(1);
    }
    return std::move(result).value();
}

void must(const Status& status, const char* what) {
    if (!status) {
        std::fprintf(stderr, "store_contention_bench: %s: %s\n", what, status.error().to_string().c_str());
        std::exit(1);
    }
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An NDJSON body of `lines` residents of kota 3273 (none of them seeded: the seed's region is 1403),
// produced line by line as the reader asks for it.
class GeneratedBody final : public std::streambuf {
public:
    explicit GeneratedBody(std::int64_t lines) : lines_(lines), random_(7), bytes_(kTemplateBytes) {}

    // The body ends (for now) after `more` further lines; 0: at its true end.
    void end_after(std::int64_t more) {
        window_end_ = more > 0 ? std::min(lines_, next_ + more) : lines_;
        setg(nullptr, nullptr, nullptr);
    }
    [[nodiscard]] bool finished() const { return next_ >= lines_; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (next_ >= std::min(lines_, window_end_)) return traits_type::eof();
        make_line(next_++);
        setg(line_.data(), line_.data(), line_.data() + line_.size());
        return traits_type::to_int_type(*gptr());
    }

private:
    void make_line(std::int64_t i) {
        // Unique by construction: kecamatan and serial from the counter, one birth date per sex.
        const std::int64_t kecamatan = 1 + i / 9999 % 99;
        const std::int64_t serial = 1 + i % 9999;
        const bool woman = i / (9999 * 99) % 2 == 1;
        const std::string nik = "3273" + std::to_string(100 + kecamatan).substr(1) + (woman ? "55" : "15") + "0590" +
                                std::to_string(10000 + serial).substr(1);
        line_ = R"({"nik":")" + nik + R"(","name":"Warga Impor )" + std::to_string(i) +
                R"(","status":"PRINTED","status_time":1767225600,"templates":[")";
        for (int finger = 0; finger < 2; ++finger) {
            for (auto& b : bytes_) b = static_cast<std::uint8_t>(random_.next());
            line_ += base64_encode(bytes_.data(), bytes_.size());
            line_ += finger == 0 ? R"(",")" : "\"]}\n";
        }
    }

    std::int64_t lines_;
    std::int64_t window_end_ = INT64_MAX;
    std::int64_t next_ = 0;
    SplitMix64 random_;
    std::vector<std::uint8_t> bytes_;
    std::string line_;
};

// A pickup closing's share of writes, as the store worker makes them: the record's status, an outbox
// event and an audit row in one IMMEDIATE transaction. Returns {lock wait, total} in ms.
std::pair<double, double> session_write(Database& db, const core::Nik& nik, std::int64_t n) {
    const auto start = Clock::now();
    auto transaction = must(Transaction::begin(db, TransactionKind::immediate, "bench.session"), "begin");
    const auto locked = Clock::now();
    const std::int64_t now = unix_now_s();
    (void)must(Records(db).update_status(nik, n % 2 ? core::CardStatus::captured : core::CardStatus::in_kiosk, now),
               "status");
    (void)must(Outbox(db).enqueue("bench.session", R"({"n":)" + std::to_string(n) + "}", now), "outbox");
    (void)must(AuditLog(db).append("kiosk:bench", "bench.session", "n=" + std::to_string(n), now), "audit");
    must(transaction.commit(), "commit");
    const auto ms = [&](Clock::time_point t) { return std::chrono::duration<double, std::milli>(t - start).count(); };
    return {ms(locked), ms(Clock::now())};
}

core::Nik some_resident(Database& db) {
    auto statement = must(db.prepare("SELECT nik FROM records LIMIT 1", "bench"), "select");
    if (!must(statement.step(), "step")) {
        std::fprintf(stderr, "store_contention_bench: the seed made no resident\n");
        std::exit(1);
    }
    return core::Nik::parse(statement.column_text(0)).value();
}

struct Run {
    std::optional<double> import_records_per_s;  // nullopt: no import
    std::vector<double> waits_ms;
    std::vector<double> totals_ms;
};

double at(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

struct ImportPlan {
    std::int64_t batch = 0;
    std::chrono::milliseconds pause{0};
    bool turns = false;
};

// A FIFO lock: whoever asks first gets it next, unlike SQLite's polling busy handler.
class TicketLock {
public:
    void lock() {
        std::unique_lock guard(mutex_);
        const std::uint64_t ticket = next_++;
        turn_.wait(guard, [&] { return serving_ == ticket; });
    }
    void unlock() {
        {
            const std::lock_guard guard(mutex_);
            ++serving_;
        }
        turn_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable turn_;
    std::uint64_t next_ = 0;
    std::uint64_t serving_ = 0;
};

// One run on `path`: a session write every interval until the import (if any) ends, or
// `alone_writes` writes without one.
Run measure(const std::string& path, std::optional<ImportPlan> plan, std::int64_t import_records,
            std::chrono::milliseconds interval, int import_cache_kib, std::int64_t alone_writes) {
    OpenOptions kiosk;  // as the kiosk opens a connection
    kiosk.integrity = IntegrityCheck::none;
    auto session_db = must(open_store(path, kiosk), "open session connection");
    const core::Nik nik = some_resident(session_db);

    std::atomic<bool> importing{plan.has_value()};
    TicketLock turns;
    const bool taking_turns = plan && plan->turns;
    Run run;
    std::thread importer;
    if (plan) {
        importer = std::thread([&] {
            OpenOptions import_options = kiosk;
            import_options.cache_size_kib = import_cache_kib;
            auto db = must(open_store(path, import_options), "open import connection");
            GeneratedBody body(import_records);
            std::int64_t imported = 0;
            const auto start = Clock::now();
            do {
                const bool per_batch = plan->pause.count() > 0 || plan->turns;
                body.end_after(per_batch ? plan->batch : 0);
                std::istream input(&body);
                if (taking_turns) turns.lock();
                const auto summary = must(import_ndjson(db, input, [](const BadLine&) {}, plan->batch), "import");
                if (taking_turns) turns.unlock();
                if (summary.bad_lines != 0) {
                    std::fprintf(stderr, "store_contention_bench: %lld bad lines\n",
                                 static_cast<long long>(summary.bad_lines));
                    std::exit(1);
                }
                imported += summary.imported;
                if (plan->pause.count() > 0 && !body.finished()) std::this_thread::sleep_for(plan->pause);
            } while (!body.finished());
            run.import_records_per_s =
                static_cast<double>(imported) / std::chrono::duration<double>(Clock::now() - start).count();
            importing = false;
        });
    }
    auto due = Clock::now();
    for (std::int64_t n = 0; plan ? importing.load() : n < alone_writes; ++n) {
        due = std::max(due + interval, Clock::now());
        std::this_thread::sleep_until(due);
        const auto asked = Clock::now();
        if (taking_turns) turns.lock();
        const double turn_ms = std::chrono::duration<double, std::milli>(Clock::now() - asked).count();
        const auto [wait_ms, total_ms] = session_write(session_db, nik, n);
        if (taking_turns) turns.unlock();
        run.waits_ms.push_back(turn_ms + wait_ms);
        run.totals_ms.push_back(turn_ms + total_ms);
    }
    if (importer.joinable()) importer.join();
    std::sort(run.waits_ms.begin(), run.waits_ms.end());
    std::sort(run.totals_ms.begin(), run.totals_ms.end());
    return run;
}

// "100,500,1000" -> {100, 500, 1000}; empty when any number is below `min` or the text is not a list.
std::vector<std::int64_t> parse_numbers(const char* text, std::int64_t min) {
    std::vector<std::int64_t> out;
    for (const char* p = text; *p != '\0';) {
        char* end = nullptr;
        const long long value = std::strtoll(p, &end, 10);
        if (end == p || value < min || (*end != ',' && *end != '\0')) return {};
        out.push_back(value);
        p = *end == ',' ? end + 1 : end;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t residents = 200'000;
    std::int64_t import_records = 100'000;
    std::vector<std::int64_t> batches = {50, 100, 200, 500, 1000, 5000, 10000};
    std::vector<std::int64_t> pauses_ms = {0};
    bool turns = true;
    std::int64_t interval_ms = 10;
    int import_cache_kib = 8 * 1024;
    std::string dir = std::filesystem::temp_directory_path() / "kiosk-store-contention-bench";
    bool usage = argc % 2 == 0;
    for (int i = 1; !usage && i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--residents") == 0)
            residents = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--import-records") == 0)
            import_records = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--batches") == 0)
            batches = parse_numbers(argv[i + 1], 1);
        else if (std::strcmp(argv[i], "--pauses") == 0)
            pauses_ms = parse_numbers(argv[i + 1], 0);
        else if (std::strcmp(argv[i], "--turns") == 0)
            turns = std::strcmp(argv[i + 1], "on") == 0;
        else if (std::strcmp(argv[i], "--interval-ms") == 0)
            interval_ms = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--import-cache-kib") == 0)
            import_cache_kib = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else
            usage = true;
    }
    if (usage || batches.empty() || pauses_ms.empty() || residents <= 0 || import_records <= 0 || interval_ms <= 0) {
        std::fprintf(stderr,
                     "usage: store_contention_bench [--residents N] [--import-records M] [--batches 100,500,...] "
                     "[--pauses 0,5] [--turns on|off] [--interval-ms 10] [--import-cache-kib K] [--dir PATH]\n");
        return 2;
    }
    std::filesystem::create_directories(dir);
    const std::string base_path = dir + "/base.db";
    const std::string run_path = dir + "/run.db";
    const auto interval = std::chrono::milliseconds(interval_ms);

    remove_database(base_path);
    {
        OpenOptions bulk;
        bulk.cache_size_kib = 256 * 1024;
        auto db = must(open_store(base_path, bulk), "open base");
        SeedOptions seed;
        seed.records = residents;
        (void)must(seed_synthetic_residents(db, seed), "seed");
    }  // closed: the WAL is checkpointed into the file, which each run copies

    std::printf("store_contention_bench: %lld residents; an import of %lld NDJSON records (2 templates each) on "
                "its own connection; a session write (status + outbox + audit, one transaction) every %lld ms on "
                "another; files in %s\n",
                static_cast<long long>(residents), static_cast<long long>(import_records),
                static_cast<long long>(interval_ms), dir.c_str());
    std::printf("%-9s %-8s %13s %7s %12s %12s %12s %14s\n", "import", "batch", "import rec/s", "writes",
                "wait p50 ms", "wait p99 ms", "wait max ms", "total p99 ms");
    std::vector<std::optional<ImportPlan>> plans = {std::nullopt};
    std::vector<std::string> ways;
    for (const auto pause : pauses_ms) {
        ways.push_back("pause " + std::to_string(pause));
        for (const auto batch : batches) plans.emplace_back(ImportPlan{batch, std::chrono::milliseconds(pause), false});
    }
    if (turns) {
        ways.emplace_back("turns");
        for (const auto batch : batches) plans.emplace_back(ImportPlan{batch, std::chrono::milliseconds(0), true});
    }
    const auto way_of = [](const ImportPlan& plan) {
        return plan.turns ? std::string("turns") : "pause " + std::to_string(plan.pause.count());
    };
    std::map<std::string, std::int64_t> best_batch;  // by way
    for (const auto& plan : plans) {
        remove_database(run_path);
        std::filesystem::copy_file(base_path, run_path);
        const Run run = measure(run_path, plan, import_records, interval, import_cache_kib, 300);
        if (run.waits_ms.empty()) {
            std::fprintf(stderr, "store_contention_bench: the import ended before a session write\n");
            return 1;
        }
        const double p99 = at(run.waits_ms, 0.99);
        const std::string rate =
            run.import_records_per_s ? std::to_string(static_cast<long long>(*run.import_records_per_s)) : "-";
        std::printf("%-9s %-8s %13s %7zu %12.2f %12.2f %12.2f %14.2f\n",
                    plan ? way_of(*plan).c_str() : "none",
                    plan ? std::to_string(plan->batch).c_str() : "-", rate.c_str(), run.waits_ms.size(),
                    at(run.waits_ms, 0.5), p99, run.waits_ms.back(), at(run.totals_ms, 0.99));
        std::fflush(stdout);
        if (plan && p99 < 10.0) {
            auto& best = best_batch[way_of(*plan)];
            best = std::max(best, plan->batch);
        }
    }
    for (const auto& way : ways) {
        if (const auto found = best_batch.find(way); found != best_batch.end()) {
            std::printf("%s: largest batch with the session's p99 wait under 10 ms: %lld lines\n", way.c_str(),
                        static_cast<long long>(found->second));
        } else {
            std::printf("%s: no batch size kept the session's p99 wait under 10 ms\n", way.c_str());
        }
    }
    remove_database(base_path);
    remove_database(run_path);
    return 0;
}
