#include "kiosk/mgmt/records_route.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/problem.hpp"

namespace kiosk::mgmt {
namespace {

constexpr std::string_view kNdjson = "application/x-ndjson";

bool is_ndjson(std::string_view content_type) {
    const std::string_view media = content_type.substr(0, content_type.find(';'));
    const auto last = media.find_last_not_of(" \t");
    return boost::beast::iequals(media.substr(0, last == std::string_view::npos ? 0 : last + 1), kNdjson);
}

Response import_failed(const Error& error, unsigned version) {
    // The error names the store's component and SQLite's words, never a line's content.
    log::error("mgmt.records_import_failed", {log::kv("reason", error.to_string())});
    Response response = problem(ProblemKind::records_import_failed,
                                "the database failed during the import; batches committed before it stay, and "
                                "sending the whole body again is safe",
                                version, false);
    response.set(http::field::retry_after, "30");
    return response;
}

class RecordsSink final : public BodySink {
public:
    RecordsSink(std::unique_ptr<RecordsImport> import, unsigned version)
        : import_(std::move(import)), version_(version) {}

    Result<void, Response> feed(std::string_view bytes) override {
        if (auto fed = import_->feed(bytes); !fed) return fail(import_failed(fed.error(), version_));
        return {};
    }

    Response finish() override {
        auto outcome = import_->finish();
        if (!outcome) return import_failed(outcome.error(), version_);
        Response response{http::status::ok, version_};
        response.set(http::field::content_type, "application/json");
        response.body() = records_outcome_json(*outcome);
        return response;
    }

    void abort() override { import_->abort(); }

private:
    std::unique_ptr<RecordsImport> import_;
    unsigned version_;
};

}  // namespace

std::string records_outcome_json(const RecordsImportOutcome& outcome) {
    boost::json::object body;
    body["imported"] = outcome.imported;
    body["unchanged"] = outcome.unchanged;
    body["bad_lines"] = outcome.bad_lines;
    boost::json::array listed;
    for (const BadRecordLine& bad : outcome.first_bad_lines) {
        if (listed.size() == kBadLinesListedMax) break;
        listed.push_back(boost::json::object{{"line", bad.line}, {"reason", bad.reason}});
    }
    body["first_bad_lines"] = std::move(listed);
    return boost::json::serialize(body);
}

void add_records_routes(RouteTable& routes, StartRecordsImport start_import) {
    routes.add(streamed_route(
        http::verb::put, "/api/v1/records", Role::central,
        [start_import = std::move(start_import)](const RequestContext& c) -> Result<std::unique_ptr<BodySink>, Response> {
            const unsigned version = c.request.version();
            if (!is_ndjson(c.request[http::field::content_type]))
                return fail(problem(ProblemKind::unsupported_media, "the body must be application/x-ndjson", version));
            auto import = start_import(c.caller);
            if (!import) return fail(import_failed(import.error(), version));
            return std::unique_ptr<BodySink>(std::make_unique<RecordsSink>(std::move(import).value(), version));
        }));
}

}  // namespace kiosk::mgmt
