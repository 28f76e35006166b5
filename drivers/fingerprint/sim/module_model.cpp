#include "drivers/fingerprint/sim/module_model.hpp"

#include <array>

namespace kiosk::fingerprint::sim {

ModuleModel::ModuleModel(const ModuleConfig& config) : config_(config) {}

void ModuleModel::restart() {
    password_verified_ = false;
    char_buffers_[0].reset();
    char_buffers_[1].reset();
    image_ = Image::none;
    download_buffer_ = 0;
    download_ = DataJoiner(template_size);
    finger_at_capture_start_.reset();
}

ModuleReply ModuleModel::ack(std::uint8_t code, std::span<const std::uint8_t> extra) const {
    Packet p{config_.address, PacketId::ack, {code}};
    p.content.insert(p.content.end(), extra.begin(), extra.end());
    return ModuleReply{{std::move(p)}, std::nullopt};
}

ModuleReply ModuleModel::receive_error() { return ack(confirm::receive_error); }

std::optional<Template>* ModuleModel::buffer(std::uint8_t id) {
    if (id == 1) return &char_buffers_[0];
    if (id == 2) return &char_buffers_[1];
    return nullptr;
}

ModuleReply ModuleModel::handle(const Packet& packet) {
    if (packet.pid == PacketId::command) {
        // A command in the middle of a download ends it: the buffer keeps nothing half-written.
        if (download_buffer_ != 0) {
            *buffer(download_buffer_) = std::nullopt;
            download_buffer_ = 0;
        }
        return command(packet);
    }
    if (packet.pid == PacketId::data || packet.pid == PacketId::end_data) return data(packet);
    return {};  // an acknowledge sent to a module means nothing to it
}

ModuleReply ModuleModel::data(const Packet& packet) {
    if (download_buffer_ == 0) return {};
    switch (download_.add(packet)) {
        case DataJoiner::Step::more: break;
        case DataJoiner::Step::done: {
            auto* target = buffer(download_buffer_);
            if (download_.data().size() == template_size) {
                Template t{};
                std::copy(download_.data().begin(), download_.data().end(), t.begin());
                *target = t;
            } else {
                *target = std::nullopt;
            }
            download_buffer_ = 0;
            break;
        }
        case DataJoiner::Step::error:
            *buffer(download_buffer_) = std::nullopt;
            download_buffer_ = 0;
            break;
    }
    // The module does not acknowledge data packets.
    return {};
}

ModuleReply ModuleModel::command(const Packet& packet) {
    const auto& c = packet.content;
    if (c.empty()) return ack(confirm::receive_error);
    const auto instruction = static_cast<Instruction>(c[0]);
    const std::span<const std::uint8_t> p(c.data() + 1, c.size() - 1);
    auto need = [&](std::size_t n) { return p.size() >= n; };

    if (instruction == Instruction::vfy_pwd) {
        if (!need(4)) return ack(confirm::receive_error);
        password_verified_ = get_u32(p, 0) == config_.password;
        return ack(password_verified_ ? confirm::ok : confirm::wrong_password);
    }
    if (config_.password != default_password && !password_verified_) return ack(confirm::password_required);

    switch (instruction) {
        case Instruction::gen_img: {
            const bool lifted_during_capture = finger_at_capture_start_.has_value() && !finger_.has_value();
            finger_at_capture_start_.reset();
            if (lifted_during_capture) {
                image_ = Image::none;
                return ack(confirm::capture_failed);
            }
            if (!finger_) return ack(confirm::no_finger);
            image_ = poor_next_ ? Image::poor : Image::good;
            poor_next_ = false;
            image_finger_ = *finger_;
            ++captures_;
            return ack(confirm::ok);
        }
        case Instruction::img2tz: {
            if (!need(1)) return ack(confirm::receive_error);
            auto* target = buffer(p[0]);
            if (target == nullptr) return ack(confirm::receive_error);
            if (image_ == Image::none) return ack(confirm::no_valid_image);
            if (image_ == Image::poor) return ack(confirm::image_messy);
            *target = capture_of_finger(image_finger_, captures_);
            return ack(confirm::ok);
        }
        case Instruction::match: {
            std::uint16_t score = 0;
            if (char_buffers_[0] && char_buffers_[1]) score = match_score(*char_buffers_[0], *char_buffers_[1]);
            std::vector<std::uint8_t> extra;
            put_u16(extra, score);
            return ack(score >= threshold() ? confirm::ok : confirm::no_match, extra);
        }
        case Instruction::search:
        case Instruction::high_speed_search: {
            if (!need(5)) return ack(confirm::receive_error);
            auto* source = buffer(p[0]);
            if (source == nullptr) return ack(confirm::receive_error);
            const std::uint32_t start = get_u16(p, 1);
            const std::uint32_t end = start + get_u16(p, 3);
            std::uint16_t best_page = 0;
            std::uint16_t best_score = 0;
            if (*source) {
                for (auto it = library_.lower_bound(static_cast<std::uint16_t>(std::min<std::uint32_t>(start, 0xFFFF)));
                     it != library_.end() && it->first < end; ++it) {
                    const std::uint16_t score = match_score(**source, it->second);
                    if (score > best_score) {
                        best_score = score;
                        best_page = it->first;
                    }
                }
            }
            std::vector<std::uint8_t> extra;
            if (best_score < threshold()) {
                put_u16(extra, 0);
                put_u16(extra, 0);
                return ack(confirm::not_found, extra);
            }
            put_u16(extra, best_page);
            put_u16(extra, best_score);
            return ack(confirm::ok, extra);
        }
        case Instruction::reg_model: {
            if (!char_buffers_[0] || !char_buffers_[1] ||
                match_score(*char_buffers_[0], *char_buffers_[1]) < threshold())
                return ack(confirm::combine_failed);
            // The model keeps what both captures agree on; where they differ the first wins.
            Template model = *char_buffers_[0];
            char_buffers_[1] = model;
            return ack(confirm::ok);
        }
        case Instruction::store: {
            if (!need(3)) return ack(confirm::receive_error);
            auto* source = buffer(p[0]);
            const std::uint16_t page = get_u16(p, 1);
            if (source == nullptr) return ack(confirm::receive_error);
            if (page >= config_.library_size) return ack(confirm::page_out_of_range);
            if (!*source) return ack(confirm::invalid_template);
            library_[page] = **source;
            return ack(confirm::ok);
        }
        case Instruction::load_char: {
            if (!need(3)) return ack(confirm::receive_error);
            auto* target = buffer(p[0]);
            const std::uint16_t page = get_u16(p, 1);
            if (target == nullptr) return ack(confirm::receive_error);
            if (page >= config_.library_size) return ack(confirm::page_out_of_range);
            const auto it = library_.find(page);
            if (it == library_.end()) return ack(confirm::invalid_template);
            *target = it->second;
            return ack(confirm::ok);
        }
        case Instruction::up_char: {
            if (!need(1)) return ack(confirm::receive_error);
            auto* source = buffer(p[0]);
            if (source == nullptr) return ack(confirm::receive_error);
            if (!*source) return ack(confirm::upload_error);
            ModuleReply reply = ack(confirm::ok);
            const std::size_t size = *packet_data_size(config_.packet_size_code);
            for (auto& data_packet : split_into_data_packets(config_.address, **source, size))
                reply.packets.push_back(std::move(data_packet));
            return reply;
        }
        case Instruction::down_char: {
            if (!need(1)) return ack(confirm::receive_error);
            if (buffer(p[0]) == nullptr) return ack(confirm::cannot_receive_data);
            download_buffer_ = p[0];
            download_ = DataJoiner(template_size);
            return ack(confirm::ok);
        }
        case Instruction::delet_char: {
            if (!need(4)) return ack(confirm::receive_error);
            const std::uint32_t page = get_u16(p, 0);
            const std::uint32_t count = get_u16(p, 2);
            if (count == 0 || page + count > config_.library_size) return ack(confirm::delete_failed);
            library_.erase(library_.lower_bound(static_cast<std::uint16_t>(page)),
                           library_.lower_bound(static_cast<std::uint16_t>(std::min<std::uint32_t>(page + count, 0xFFFF))));
            return ack(confirm::ok);
        }
        case Instruction::empty: library_.clear(); return ack(confirm::ok);
        case Instruction::set_sys_para: {
            if (!need(2)) return ack(confirm::receive_error);
            const std::uint8_t value = p[1];
            switch (p[0]) {
                case reg::baud:
                    if (value < 1 || value > 12) return ack(confirm::invalid_register);
                    config_.baud_multiplier = value;
                    {
                        ModuleReply reply = ack(confirm::ok);
                        reply.new_baud_multiplier = value;  // the acknowledge still goes out at the old rate
                        return reply;
                    }
                case reg::security_level:
                    if (value < 1 || value > 5) return ack(confirm::invalid_register);
                    config_.security_level = value;
                    return ack(confirm::ok);
                case reg::packet_size:
                    if (value > 3) return ack(confirm::invalid_register);
                    config_.packet_size_code = value;
                    return ack(confirm::ok);
                default: return ack(confirm::invalid_register);
            }
        }
        case Instruction::read_sys_para: {
            std::vector<std::uint8_t> extra;
            put_u16(extra, 0);  // status register: not busy, no pass, password verified, image buffer state
            put_u16(extra, config_.system_id);
            put_u16(extra, config_.library_size);
            put_u16(extra, config_.security_level);
            put_u32(extra, config_.address);
            put_u16(extra, config_.packet_size_code);
            put_u16(extra, config_.baud_multiplier);
            return ack(confirm::ok, extra);
        }
        case Instruction::set_pwd: {
            if (!need(4)) return ack(confirm::receive_error);
            config_.password = get_u32(p, 0);
            return ack(confirm::ok);
        }
        case Instruction::get_random_code: {
            std::vector<std::uint8_t> extra;
            put_u32(extra, static_cast<std::uint32_t>(random_()));
            return ack(confirm::ok, extra);
        }
        case Instruction::template_num: {
            std::vector<std::uint8_t> extra;
            put_u16(extra, static_cast<std::uint16_t>(library_.size()));
            return ack(confirm::ok, extra);
        }
        case Instruction::read_index_table: {
            if (!need(1)) return ack(confirm::receive_error);
            if (p[0] > 3) return ack(confirm::page_out_of_range);
            std::array<std::uint8_t, 32> bitmap{};
            const unsigned first = p[0] * 256U;
            for (const auto& [page, stored] : library_) {
                if (page < first || page >= first + 256) continue;
                const unsigned bit = page - first;
                bitmap[bit / 8] = static_cast<std::uint8_t>(bitmap[bit / 8] | (1U << (bit % 8)));
            }
            return ack(confirm::ok, bitmap);
        }
        case Instruction::vfy_pwd: break;  // handled above
    }
    return ack(confirm::receive_error);  // an instruction this family does not have
}

}  // namespace kiosk::fingerprint::sim
