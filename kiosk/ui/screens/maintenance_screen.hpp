// MaintenanceScreen: the kiosk is out of service for maintenance an operator ordered (PUT
// /api/v1/maintenance). Like the out-of-service screen it speaks both languages at once, Bahasa
// Indonesia first (nobody should have to find a toggle to learn that the kiosk is closed): the kiosk
// is being looked after, please go to the service counter. Below, in a box of its own, the
// operator's note exactly as they wrote it (the route checked it: at most 200 characters, nothing
// invisible), under a label in both languages; long notes wrap and step their type down to fit.
// It has no targets: nothing on it can be pressed.
#pragma once

#include "kiosk/ui/screen.hpp"

#include <string>

namespace kiosk::ui {

class MaintenanceScreen final : public Screen {
public:
    [[nodiscard]] std::string_view name() const override { return "maintenance"; }

    // The operator's note.
    void update(const std::string& reason);
    [[nodiscard]] const std::string& reason() const { return reason_; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override { return {}; }

private:
    std::string reason_;
    Size size_;
    Rect main_;      // the message, when it and the note do not fit together at full size
    Rect note_box_;  // the note's box, likewise
};

}  // namespace kiosk::ui
