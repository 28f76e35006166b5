// OutOfServiceScreen: the kiosk cannot serve. For residents, in big plain words in both languages at
// once (nobody should have to find a language toggle to learn that nothing works): sorry, please go
// to the service counter. For staff, in small text at the bottom: why (maintenance, or which device
// and what fault).
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"

#include <string>

namespace kiosk::ui {

class OutOfServiceScreen final : public Screen {
public:
    // "out-of-service-maintenance" or "out-of-service-<device>".
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::session::OutOfServiceScreen& view);
    // The operators' line, e.g. "Maintenance mode" or "fingerprint: disconnected".
    [[nodiscard]] std::string operator_reason() const;

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override { return {}; }

private:
    core::session::OutOfServiceScreen view_;
    std::string name_ = "out-of-service";
    Size size_;
    Rect main_;
    Rect reason_;
};

}  // namespace kiosk::ui
