// A Link decorator that damages chosen writes on their way out, as line noise would: one byte of
// write number N (counted from 0) is flipped, at `offset`, or the last byte (the checksum) when
// no offset is given. Tests loop N over every write.
#pragma once

#include "drivers/serial/link.hpp"

#include <optional>
#include <set>
#include <vector>

namespace kiosk::fingerprint::test {

class CorruptingLink final : public serial::Link {
public:
    CorruptingLink(std::unique_ptr<serial::Link> inner, std::set<int> writes_to_damage,
                   std::optional<std::size_t> offset = std::nullopt)
        : inner_(std::move(inner)), damage_(std::move(writes_to_damage)), offset_(offset) {}

    serial::LinkResult<void> write(std::span<const std::uint8_t> bytes, serial::Clock::time_point deadline) override {
        const int index = writes_++;
        const std::size_t at = offset_.value_or(bytes.size() - 1);
        if (!damage_.contains(index) || bytes.size() <= at) return inner_->write(bytes, deadline);
        std::vector<std::uint8_t> damaged(bytes.begin(), bytes.end());
        damaged[at] ^= 0x40;
        return inner_->write(damaged, deadline);
    }
    serial::LinkResult<std::size_t> read_some(std::span<std::uint8_t> buffer, serial::Clock::time_point deadline) override {
        return inner_->read_some(buffer, deadline);
    }
    serial::LinkResult<void> flush_input() override { return inner_->flush_input(); }
    serial::LinkResult<void> drain() override { return inner_->drain(); }
    void close() override { inner_->close(); }
    [[nodiscard]] std::string describe() const override { return inner_->describe(); }
    [[nodiscard]] int writes() const { return writes_; }

private:
    std::unique_ptr<serial::Link> inner_;
    std::set<int> damage_;
    std::optional<std::size_t> offset_;
    int writes_ = 0;
};

}  // namespace kiosk::fingerprint::test
