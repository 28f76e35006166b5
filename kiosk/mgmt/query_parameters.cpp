#include "kiosk/mgmt/query_parameters.hpp"

#include "kiosk/mgmt/problem.hpp"

#include <charconv>

namespace kiosk::mgmt {
namespace {

constexpr std::size_t kQuotedMax = 32;

std::string quoted(std::string_view text) {
    if (text.size() > kQuotedMax) return "\"" + std::string(text.substr(0, kQuotedMax)) + "...\"";
    return "\"" + std::string(text) + "\"";
}

}  // namespace

Result<std::vector<std::int64_t>, QueryProblem> read_integer_parameters(std::string_view query,
                                                                        std::span<const IntegerParameter> parameters) {
    std::vector<std::int64_t> values;
    std::vector<bool> given(parameters.size(), false);
    for (const IntegerParameter& parameter : parameters) values.push_back(parameter.fallback);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;  // "a=1&&b=2"
        const auto equals = piece.find('=');
        const std::string_view name = piece.substr(0, equals);
        const std::string_view text = equals == std::string_view::npos ? std::string_view{} : piece.substr(equals + 1);
        std::size_t index = 0;
        while (index < parameters.size() && parameters[index].name != name) ++index;
        const std::string shown_name =
            name.size() > kQuotedMax ? std::string(name.substr(0, kQuotedMax)) + "..." : std::string(name);
        if (index == parameters.size()) {
            std::string accepted;
            for (const IntegerParameter& parameter : parameters)
                accepted += (accepted.empty() ? "" : ", ") + std::string(parameter.name);
            return fail(QueryProblem{
                shown_name, shown_name + ": not a parameter of this route" +
                                (accepted.empty() ? std::string(" (it takes none)") : " (it takes " + accepted + ")")});
        }
        const IntegerParameter& parameter = parameters[index];
        if (given[index]) return fail(QueryProblem{shown_name, shown_name + ": given more than once"});
        given[index] = true;
        std::int64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool integer = !text.empty() && error == std::errc{} && end == text.data() + text.size();
        if (!integer || value < parameter.min || value > parameter.max) {
            return fail(QueryProblem{shown_name, shown_name + ": must be an integer from " +
                                                     std::to_string(parameter.min) + " to " +
                                                     std::to_string(parameter.max) + ", got " + quoted(text)});
        }
        values[index] = value;
    }
    return values;
}

Response query_problem(const RequestContext& context, const QueryProblem& problem) {
    return mgmt::problem(ProblemKind::invalid_query_parameter, problem.message,
                         boost::json::object{{"parameter", problem.parameter}}, context.request.version());
}

}  // namespace kiosk::mgmt
