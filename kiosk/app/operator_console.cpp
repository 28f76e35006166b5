#include "kiosk/app/operator_console.hpp"

#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/store/base64.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/tokens.hpp"

#include <chrono>

namespace kiosk::app {

namespace {

constexpr std::size_t kSecretBytes = 32;

Result<std::string> new_secret() {
    const auto bytes = TRY(store::random_bytes(kSecretBytes));
    return store::base64url_encode_unpadded(bytes.data(), bytes.size());
}

std::int64_t steady_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(real_steady_clock().now().time_since_epoch()).count();
}

}  // namespace

Result<std::unique_ptr<mgmt::Console>> open_operator_console(const std::string& database_path, mgmt::Authenticate bearer,
                                                             std::function<std::int64_t()> now_s) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;
    auto database = std::make_shared<store::Database>(TRY(store::open_store(database_path, options)));
    mgmt::ConsoleParts parts;
    parts.bearer = std::move(bearer);
    parts.still_valid = [database, now_s = std::move(now_s)](const mgmt::Caller& caller) -> Result<bool> {
        return store::Tokens(*database).is_active(caller.name, now_s());
    };
    parts.new_secret = new_secret;
    parts.now_ms = steady_now_ms;
    return std::make_unique<mgmt::Console>(std::move(parts));
}

}  // namespace kiosk::app
