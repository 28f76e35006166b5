#include "kiosk/mgmt/audit_route.hpp"

#include "kiosk/core/nik.hpp"
#include "kiosk/mgmt/json_response.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/query_parameters.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <limits>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_separator(char c) {
    return c == ' ' || c == '-';
}

}  // namespace

std::string mask_nik_runs(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            out += text[i++];
            continue;
        }
        // A run: digits, with single separators between digits.
        std::size_t end = i;
        std::size_t digits = 0;
        while (end < text.size()) {
            if (is_digit(text[end])) {
                ++digits;
                ++end;
            } else if (is_separator(text[end]) && end + 1 < text.size() && is_digit(text[end + 1])) {
                ++end;
            } else {
                break;
            }
        }
        const std::string_view run = text.substr(i, end - i);
        if (digits == core::Nik::kDigits) {
            std::string bare;
            for (const char c : run)
                if (is_digit(c)) bare += c;
            out += core::Nik::parse(bare).value().masked_ascii();  // 16 digits are always a NIK's form
        } else if (digits > core::Nik::kDigits) {
            out += "[redacted]";
        } else {
            out += run;
        }
        i = end;
    }
    return out;
}

Response handle_audit(const RequestContext& context, AuditSource& source) {
    const std::array parameters = {
        IntegerParameter{"after", 0, std::numeric_limits<std::int64_t>::max(), 0},
        IntegerParameter{"limit", 1, kAuditPageMax, kAuditPageDefault},
    };
    const auto values = read_integer_parameters(context.query, parameters);
    if (!values) return query_problem(context, values.error());
    const std::int64_t after = (*values)[0];
    const std::int64_t limit = (*values)[1];
    auto page = source.rows_after(after, limit);
    if (!page)
        return problem(ProblemKind::unavailable, "the audit log could not be read: " + page.error().to_string(),
                       context.request.version());

    json::array entries;
    for (const AuditRow& row : page->rows) {
        entries.push_back(json::object{{"id", row.id},
                                       {"at_unix_s", row.at_s},
                                       {"actor", mask_nik_runs(row.actor)},
                                       {"action", mask_nik_runs(row.action)},
                                       {"detail", mask_nik_runs(row.detail)}});
    }
    const AuditChainCheck& chain = page->chain;
    json::value first_break = nullptr;
    if (chain.first_break_id)
        first_break = json::object{{"id", *chain.first_break_id}, {"reason", chain.first_break_reason}};
    json::object body;
    body["entries"] = std::move(entries);
    body["next_after"] = page->rows.empty() ? after : page->rows.back().id;
    body["more"] = page->more;
    body["chain"] = json::object{
        {"intact", !chain.first_break_id.has_value()}, {"rows", chain.rows}, {"first_break", std::move(first_break)}};
    return json_response(context, http::status::ok, body);
}

void add_audit_routes(RouteTable& routes, AuditSource& source) {
    routes.add({http::verb::get, "/api/v1/audit", Role::operator_, 0,
                [&source](const RequestContext& context) { return handle_audit(context, source); }});
}

}  // namespace kiosk::mgmt
