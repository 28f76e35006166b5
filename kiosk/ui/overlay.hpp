// Overlay: something drawn on top of whichever screen is current, with touch targets of its own that
// take precedence over the screen's (the demo controls strip). The host lays it out for the whole
// window; an overlay may reserve a band at the window's right edge, and the screen is then laid out
// in the rest, so nothing of the screen hides under it.
#pragma once

#include "kiosk/ui/screen.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace kiosk::ui {

class Overlay {
public:
    virtual ~Overlay() = default;

    virtual void layout(const LayoutContext& window) = 0;
    // Width taken from the right edge of the window while visible (0: floats over the screen).
    [[nodiscard]] virtual int reserved_right_px() const = 0;
    virtual void render(Painter& painter, std::optional<UiAction> pressed) = 0;
    // Touch targets, topmost first; empty while hidden.
    [[nodiscard]] virtual std::vector<HitTarget> targets() const = 0;
    // Whether the overlay answers this action (its own buttons, its keyboard shortcut).
    [[nodiscard]] virtual bool accepts(const UiAction& action) const = 0;
    virtual std::optional<Intent> handle(const UiAction& action) = 0;

    [[nodiscard]] bool dirty() const { return dirty_; }
    void invalidate() { dirty_ = true; }
    void drawn() { dirty_ = false; }

private:
    bool dirty_ = true;
};

}  // namespace kiosk::ui
