#include "kiosk/ui/text_wrap.hpp"

namespace kiosk::ui {

std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

namespace {

// Breaks one word that is wider than a line into pieces that fit, between code points.
void break_long_word(std::string_view word, int max_width_px, const MeasureText& measure,
                     std::vector<std::string>& lines, std::string& current) {
    std::size_t at = 0;
    while (at < word.size()) {
        std::size_t end = at;
        std::size_t fitting_end = at;
        while (end < word.size()) {
            std::size_t next = end + utf8_sequence_length(static_cast<unsigned char>(word[end]));
            if (next > word.size()) next = word.size();
            if (measure(word.substr(at, next - at)) > max_width_px && fitting_end > at) break;
            fitting_end = next;
            end = next;
        }
        current.assign(word.substr(at, fitting_end - at));
        at = fitting_end;
        if (at < word.size()) lines.push_back(std::move(current)), current.clear();
    }
}

void wrap_paragraph(std::string_view paragraph, int max_width_px, const MeasureText& measure,
                    std::vector<std::string>& lines) {
    std::string current;
    std::size_t at = 0;
    bool any_word = false;
    while (at < paragraph.size()) {
        while (at < paragraph.size() && paragraph[at] == ' ') ++at;
        if (at >= paragraph.size()) break;
        std::size_t end = paragraph.find(' ', at);
        if (end == std::string_view::npos) end = paragraph.size();
        const std::string_view word = paragraph.substr(at, end - at);
        at = end;
        any_word = true;

        if (current.empty()) {
            if (measure(word) <= max_width_px) {
                current.assign(word);
            } else {
                break_long_word(word, max_width_px, measure, lines, current);
            }
            continue;
        }
        std::string candidate = current + ' ';
        candidate.append(word);
        if (measure(candidate) <= max_width_px) {
            current = std::move(candidate);
        } else {
            lines.push_back(std::move(current));
            current.clear();
            if (measure(word) <= max_width_px) {
                current.assign(word);
            } else {
                break_long_word(word, max_width_px, measure, lines, current);
            }
        }
    }
    if (any_word) lines.push_back(std::move(current));
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, int max_width_px, const MeasureText& measure) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= text.size() && !text.empty()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view paragraph = text.substr(at, end - at);
        const std::size_t before = lines.size();
        wrap_paragraph(paragraph, max_width_px, measure, lines);
        // An empty paragraph between two newlines is a blank line, kept as such.
        if (lines.size() == before && end < text.size()) lines.emplace_back();
        if (end >= text.size()) break;
        at = end + 1;
    }
    return lines;
}

}  // namespace kiosk::ui
