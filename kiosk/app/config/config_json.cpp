#include "kiosk/app/config/config_json.hpp"

#include "kiosk/app/config/config_key_table.hpp"

#include <vector>

namespace kiosk::app {

boost::json::object config_to_json(const Config& config) {
    boost::json::object out;
    for (const config_detail::Key& key : config_detail::keys()) {
        boost::json::value& section = out[key.section];
        if (!section.is_object()) section = boost::json::object{};
        section.as_object()[key.name] =
            key.secrecy == config_detail::Secrecy::secret ? boost::json::value(kRedacted) : key.show(config);
    }
    return out;
}

std::span<const std::string_view> secret_config_keys() {
    static const std::vector<std::string_view> dotted = config_detail::dotted_keys_where(
        [](const config_detail::Key& key) { return key.secrecy == config_detail::Secrecy::secret; });
    return dotted;
}

}  // namespace kiosk::app
