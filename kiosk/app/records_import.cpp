#include "kiosk/app/records_import.hpp"

#include "kiosk/log/log.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/store.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace kiosk::app {
namespace {

constexpr const char* kAction = "records.import";

class StoreRecordsImport final : public mgmt::RecordsImport {
public:
    static Result<std::unique_ptr<StoreRecordsImport>> start(std::shared_ptr<store::Database> database,
                                                             const mgmt::Caller& caller,
                                                             std::function<std::int64_t()> now_s,
                                                             std::int64_t batch_lines) {
        std::unique_ptr<StoreRecordsImport> import(new StoreRecordsImport(database, caller, std::move(now_s)));
        StoreRecordsImport* self = import.get();
        auto importer = TRY(store::NdjsonImporter::start(
            *database, [self](const store::BadLine& bad) { self->on_bad_line(bad); }, batch_lines));
        import->importer_.emplace(std::move(importer));
        return import;
    }

    ~StoreRecordsImport() override {
        if (!ended_) abort();  // the server aborts every import it does not finish; this is a backstop
    }
    StoreRecordsImport(const StoreRecordsImport&) = delete;
    StoreRecordsImport& operator=(const StoreRecordsImport&) = delete;

    Status feed(std::string_view bytes) override {
        if (auto fed = importer_->feed(bytes); !fed) {
            (void)end("failed");  // logged there
            return fed;
        }
        return {};
    }

    Result<mgmt::RecordsImportOutcome> finish() override {
        auto finished = importer_->finish();
        if (!finished) {
            (void)end("failed");  // logged there
            return fail(finished.error());
        }
        TRY(end("complete"));
        mgmt::RecordsImportOutcome outcome;
        outcome.imported = finished->imported;
        outcome.unchanged = finished->unchanged;
        outcome.bad_lines = finished->bad_lines;
        outcome.first_bad_lines = std::move(first_bad_lines_);
        return outcome;
    }

    void abort() override {
        if (ended_) return;
        // The whole lines received are kept; the error, if any, is logged by end().
        (void)importer_->finish_cut_off();
        (void)end("cut_off");
    }

private:
    StoreRecordsImport(std::shared_ptr<store::Database> database, const mgmt::Caller& caller,
                       std::function<std::int64_t()> now_s)
        : database_(std::move(database)),
          actor_(std::string(mgmt::role_name(caller.role)) + ":" + caller.name),
          now_s_(std::move(now_s)) {}

    void on_bad_line(const store::BadLine& bad) {
        if (first_bad_lines_.size() < mgmt::kBadLinesListedMax) first_bad_lines_.push_back({bad.line, bad.reason});
    }

    // The one audit row of this request, with what was committed. A failed append is logged, as an
    // import that failed or was cut off has no one to answer to, and returned for finish().
    Status end(const char* how) {
        ended_ = true;
        store::AuditLog audit(*database_);
        const std::string detail = store::import_audit_detail(importer_->summary()) + " ended=" + how;
        if (auto appended = audit.append(actor_, kAction, detail, now_s_()); !appended) {
            log::error("mgmt.records_import_audit_failed", {log::kv("reason", appended.error().to_string())});
            return fail(appended.error());
        }
        return {};
    }

    std::shared_ptr<store::Database> database_;
    std::string actor_;
    std::function<std::int64_t()> now_s_;
    std::optional<store::NdjsonImporter> importer_;
    std::vector<mgmt::BadRecordLine> first_bad_lines_;
    bool ended_ = false;
};

}  // namespace

Result<mgmt::StartRecordsImport> records_import_over(const std::string& database_path,
                                                     std::function<std::int64_t()> now_s, std::int64_t batch_lines) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;  // the kiosk's store-check worker does that
    auto database = std::make_shared<store::Database>(TRY(store::open_store(database_path, options)));
    return mgmt::StartRecordsImport(
        [database, now_s = std::move(now_s), batch_lines](
            const mgmt::Caller& caller) -> Result<std::unique_ptr<mgmt::RecordsImport>> {
            return std::unique_ptr<mgmt::RecordsImport>(
                TRY(StoreRecordsImport::start(database, caller, now_s, batch_lines)));
        });
}

}  // namespace kiosk::app
