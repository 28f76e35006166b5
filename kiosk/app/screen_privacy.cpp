#include "kiosk/app/screen_privacy.hpp"

#include <type_traits>
#include <variant>

namespace kiosk::app {

bool personal_data_on_screen(const core::session::SessionView& view) {
    namespace cs = core::session;
    return std::visit(
        [](const auto& screen) {
            using T = std::decay_t<decltype(screen)>;
            if constexpr (std::is_same_v<T, cs::AttractScreen> || std::is_same_v<T, cs::OutOfServiceScreen>) {
                return false;
            } else if constexpr (std::is_same_v<T, cs::IdentifyScreen>) {
                return screen.digit_count > 0 || !screen.typed_grouped.empty();
            } else {
                // Fingerprint, status, pickup, message: a new kind of screen counts as personal
                // until someone decides otherwise here.
                return true;
            }
        },
        view.screen);
}

}  // namespace kiosk::app
