#include "ingest/aqdef.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <system_error>

#include "ingest/payload.hpp"

namespace yandian::ingest {
namespace {

constexpr char kCharacteristicSeparator = '\x0F';  // between the characteristics of a compact value line
constexpr char kFieldSeparator = '\x14';           // between the fields of one value

// The fields of one variable value in a compact line, in the order of the format description.
constexpr std::string_view kCompactKeys[] = {"K0001", "K0002", "K0004", "K0005", "K0006",
                                             "K0007", "K0008", "K0010", "K0011", "K0012"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

template <class Int>
std::optional<Int> parse_integer(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    Int v{};
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

std::optional<std::string> optional_text(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return std::string(text);
}

// One K-field line split into key, /n index and value.
struct KLine {
    std::string_view key;  // "K2101"
    int number = 0;        // 2101
    bool indexed = false;
    std::uint32_t index = 0;
    std::string_view value;
    std::string_view label;  // "K2101/1" as written
};

enum class ValueState { kNone, kOpen, kDropped };

struct CharacteristicSlot {
    std::size_t part = 0;
    std::size_t position = 0;
    ValueState state = ValueState::kNone;
    std::set<std::string, std::less<>> set_keys;
    // The open value of an attribute characteristic: started by K0001 (K0021 then kept verbatim), and which of
    // K0020 size / K0021 number of defects it has; the line where it started.
    bool from_k0001 = false;
    bool has_size = false;
    bool has_count = false;
    std::size_t started_at = 0;
};

struct PendingDefault {
    std::string key;
    std::string value;
    std::size_t line = 0;
    std::string where;
};

class Reader {
  public:
    explicit Reader(const AqdefOptions& options) : options_(options) {}

    Status feed(std::string_view text, std::string_view file_label) {
        label_ = file_label;
        if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        std::size_t line_no = 0;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(start, end - start);
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!trim(line).empty()) {
                saw_content_ = true;
                auto status = line.front() == 'K' ? k_line(line, line_no) : compact_line(line, line_no);
                if (!status) return status;
            }
            if (end == text.size()) break;
            start = end + 1;
        }
        return {};
    }

    Result<AqdefFile> finish() {
        if (!saw_content_) return fail(ErrorCode::kInvalidArgument, "empty AQDEF file: no K-field lines", "file");
        for (const auto& d : part_defaults_) {
            for (std::size_t p = 0; p < file_.parts.size(); ++p) {
                if (part_keys_[p].count(d.key) != 0) continue;
                set_part_field(p, d.key, d.value, d.line);
            }
        }
        for (const auto& d : char_defaults_) {
            for (auto& [index, slot] : slots_) {
                if (slot.set_keys.count(d.key) != 0) continue;
                auto status = set_char_field(slot, d.key, d.value, d.line, d.where);
                if (!status) return tl::unexpected(status.error());
            }
        }
        for (auto& [index, slot] : slots_) close_value(slot);
        if (declared_count_ && *declared_count_ != file_.characteristic_count()) {
            file_.warnings.push_back(fmt::format("K0100 declares {} characteristics, the file describes {}",
                                                 *declared_count_, file_.characteristic_count()));
        }
        return std::move(file_);
    }

  private:
    std::string where(std::size_t line, std::string_view label) const {
        return fmt::format("{}line {}, {}", label_, line, label);
    }

    tl::unexpected<Error> error(std::size_t line, std::string_view label, std::string_view what) const {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", where(line, label), what), std::string(label));
    }

    void note_uninterpreted(std::string_view key, std::size_t line) {
        if (uninterpreted_keys_.insert(std::string(key)).second) {
            file_.uninterpreted.push_back(fmt::format("{} ({}line {})", key, label_, line));
        }
    }

    Status k_line(std::string_view line, std::size_t line_no) {
        KLine k;
        const std::size_t space = line.find(' ');
        k.label = line.substr(0, space);
        k.value = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        const std::string_view head = k.label;
        bool ok = head.size() >= 5;
        for (std::size_t i = 1; ok && i < 5; ++i) ok = head[i] >= '0' && head[i] <= '9';
        if (ok && head.size() > 5) {
            const std::string_view index = head.substr(6);
            ok = head[5] == '/' && !index.empty() && index.size() <= 9 &&
                 std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (ok) {
                k.indexed = true;
                k.index = *parse_integer<std::uint32_t>(index);
            }
        }
        if (!ok) {
            const std::string shown(head.substr(0, std::min<std::size_t>(head.size(), 20)));
            return error(line_no, shown, "malformed K-field key (expected Kdddd or Kdddd/n followed by a space)");
        }
        k.key = head.substr(0, 5);
        k.number = *parse_integer<int>(head.substr(1, 4));
        if (k.number >= 1 && k.number <= 99) return value_field(k, line_no);
        if (k.number >= 1000 && k.number <= 1999) return part_field(k, line_no);
        if ((k.number >= 2000 && k.number <= 3999) || (k.number >= 8000 && k.number <= 8999)) {
            return characteristic_field(k, line_no);
        }
        if (k.number == 100) {
            auto count = parse_integer<std::size_t>(k.value);
            if (!count) return error(line_no, k.label, fmt::format("'{}' is not a number of characteristics", k.value));
            declared_count_ = *count;
            return {};
        }
        file_.other_fields.push_back({std::string(k.label), std::string(k.value)});
        note_uninterpreted(k.key, line_no);
        return {};
    }

    std::size_t part_position(std::uint32_t index) {
        auto it = part_index_.find(index);
        if (it != part_index_.end()) return it->second;
        AqdefPart part;
        part.index = index;
        file_.parts.push_back(std::move(part));
        part_keys_.emplace_back();
        part_index_.emplace(index, file_.parts.size() - 1);
        return file_.parts.size() - 1;
    }

    void set_part_field(std::size_t p, const std::string& key, std::string_view value, std::size_t line) {
        AqdefPart& part = file_.parts[p];
        if (!part_keys_[p].insert(key).second) {
            file_.warnings.push_back(fmt::format("{}line {}: {} of part {} set again", label_, line, key, part.index));
        }
        if (key == "K1001") {
            part.number = std::string(value);
        } else if (key == "K1002") {
            part.description = std::string(value);
        } else {
            auto it = std::find_if(part.other_fields.begin(), part.other_fields.end(),
                                   [&](const AqdefField& f) { return f.key == key; });
            if (it != part.other_fields.end()) {
                it->value = std::string(value);
            } else {
                part.other_fields.push_back({key, std::string(value)});
            }
            note_uninterpreted(key, line);
        }
    }

    Status part_field(const KLine& k, std::size_t line_no) {
        const std::uint32_t index = k.indexed ? k.index : 1;
        if (index == 0) {
            part_defaults_.push_back({std::string(k.key), std::string(k.value), line_no, where(line_no, k.label)});
            return {};
        }
        current_part_ = part_position(index);
        set_part_field(*current_part_, std::string(k.key), k.value, line_no);
        return {};
    }

    AqdefCharacteristic& characteristic(const CharacteristicSlot& slot) {
        return file_.parts[slot.part].characteristics[slot.position];
    }

    CharacteristicSlot& slot_for(std::uint32_t index) {
        auto it = slots_.find(index);
        if (it != slots_.end()) return it->second;
        if (!current_part_) current_part_ = part_position(1);
        AqdefCharacteristic c;
        c.index = index;
        auto& list = file_.parts[*current_part_].characteristics;
        list.push_back(std::move(c));
        CharacteristicSlot slot;
        slot.part = *current_part_;
        slot.position = list.size() - 1;
        return slots_.emplace(index, std::move(slot)).first->second;
    }

    Status set_char_field(CharacteristicSlot& slot, const std::string& key, std::string_view value, std::size_t line,
                          std::string_view at) {
        AqdefCharacteristic& c = characteristic(slot);
        if (!slot.set_keys.insert(key).second) {
            file_.warnings.push_back(fmt::format("{}: {} of characteristic {} set again", at, key, c.index));
        }
        auto bad = [&](std::string_view what) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("{}: '{}' is not {}", at, value, what), key);
        };
        if (key == "K2001") {
            c.number = std::string(value);
        } else if (key == "K2002") {
            c.description = std::string(value);
        } else if (key == "K2142") {
            c.unit = std::string(value);
        } else if (key == "K2004") {
            auto type = parse_integer<int>(value);
            if (!type || *type < 0 || *type > 9) return bad("a characteristic type (0 variable, 1 attribute, ...)");
            c.type = *type;
        } else if (key == "K2022") {
            auto places = parse_integer<int>(value);
            if (!places || *places < 0 || *places > 30) return bad("a number of decimal places");
            c.decimal_places = *places;
        } else if (key == "K2101" || key == "K2110" || key == "K2111") {
            // An empty limit means "no limit" in Q-DAS files.
            std::optional<double> number;
            if (!trim(value).empty()) {
                number = parse_number(value);
                if (!number) return bad("a number");
            }
            (key == "K2101" ? c.nominal : key == "K2110" ? c.lower_limit : c.upper_limit) = number;
        } else {
            auto it = std::find_if(c.other_fields.begin(), c.other_fields.end(),
                                   [&](const AqdefField& f) { return f.key == key; });
            if (it != c.other_fields.end()) {
                it->value = std::string(value);
            } else {
                c.other_fields.push_back({key, std::string(value)});
            }
            note_uninterpreted(key, line);
        }
        return {};
    }

    Status characteristic_field(const KLine& k, std::size_t line_no) {
        const std::uint32_t index = k.indexed ? k.index : 1;
        if (index == 0) {
            char_defaults_.push_back({std::string(k.key), std::string(k.value), line_no, where(line_no, k.label)});
            return {};
        }
        return set_char_field(slot_for(index), std::string(k.key), k.value, line_no, where(line_no, k.label));
    }

    // Sets one value field of the last value of a characteristic; false with a message when it cannot be read.
    std::optional<std::string> set_value_field(AqdefCharacteristic& c, std::string_view key, std::string_view text,
                                               std::size_t line) {
        IncomingValue& v = c.values.values.back();
        if (key == "K0002") {
            auto attr = parse_integer<std::uint32_t>(text);
            if (!attr) return fmt::format("'{}' is not an attribute code (0, 129, 255, 256, ...)", text);
            v.attributes = *attr;
        } else if (key == "K0004") {
            auto time = parse_aqdef_time(trim(text), options_.utc_offset_minutes);
            if (!time) return time.error().message;
            v.time_ms = *time;
        } else if (key == "K0006") {
            v.part = optional_text(text);
        } else if (key == "K0008") {
            v.operator_name = optional_text(text);
        } else if (key == "K0012") {
            v.gauge = optional_text(text);
        } else if (key == "K0080") {
            v.subgroup = optional_text(text);
        } else if (key == "K0020") {
            auto size = parse_number(text);
            if (!size || !(*size > 0)) return fmt::format("'{}' is not a subgroup size (units inspected, > 0)", text);
            v.size = *size;
        } else {
            auto& fields = c.value_fields.back();
            auto it = std::find_if(fields.begin(), fields.end(), [&](const AqdefField& f) { return f.key == key; });
            if (it != fields.end()) {
                it->value = std::string(text);
            } else {
                fields.push_back({std::string(key), std::string(text)});
            }
            note_uninterpreted(key, line);
        }
        return std::nullopt;
    }

    void drop_last_value(CharacteristicSlot& slot, std::size_t line, std::string_view field, std::string message) {
        AqdefCharacteristic& c = characteristic(slot);
        c.values.values.pop_back();
        c.value_fields.pop_back();
        c.values.errors.push_back({line, std::string(field), std::move(message)});
        slot.state = ValueState::kDropped;
    }

    // An attribute value started by K0020 that never got its K0021 is left out with an error.
    void close_value(CharacteristicSlot& slot) {
        if (slot.state != ValueState::kOpen || slot.from_k0001 || !slot.has_size || slot.has_count) return;
        AqdefCharacteristic& c = characteristic(slot);
        if (characteristic(slot).type != 1) return;
        drop_last_value(slot, slot.started_at, "K0021",
                        fmt::format("{}line {}: value of characteristic {} has K0020 but no number of defects K0021",
                                    label_, slot.started_at, c.index));
    }

    void start_value(CharacteristicSlot& slot, double value, std::size_t line = 0) {
        close_value(slot);
        slot.from_k0001 = false;
        slot.has_size = false;
        slot.has_count = false;
        slot.started_at = line;
        AqdefCharacteristic& c = characteristic(slot);
        IncomingValue v;
        v.value = value;
        c.values.values.push_back(std::move(v));
        c.value_fields.emplace_back();
        slot.state = ValueState::kOpen;
    }

    Status value_field(const KLine& k, std::size_t line_no) {
        const std::uint32_t index = k.indexed ? k.index : 1;
        auto at = [&] { return where(line_no, k.label); };
        if (k.number == 1) {
            if (index == 0) return error(line_no, k.label, "a K0001 value belongs to one characteristic, not /0");
            auto it = slots_.find(index);
            if (it == slots_.end()) {
                return error(line_no, k.label, fmt::format("characteristic {} is not described", index));
            }
            auto number = parse_number(k.value);
            if (!number) {
                close_value(it->second);
                characteristic(it->second)
                    .values.errors.push_back(
                        {line_no, "K0001", fmt::format("{}: '{}' is not a number", at(), k.value)});
                it->second.state = ValueState::kDropped;
                return {};
            }
            start_value(it->second, *number, line_no);
            it->second.from_k0001 = true;
            return {};
        }
        if ((k.number == 20 || k.number == 21) && index != 0) {
            auto it = slots_.find(index);
            if (it == slots_.end()) {
                return error(line_no, k.label, fmt::format("characteristic {} is not described", index));
            }
            if (characteristic(it->second).type == 1) return attribute_field(it->second, k, line_no);
        }
        auto apply = [&](CharacteristicSlot& slot) {
            AqdefCharacteristic& c = characteristic(slot);
            if (slot.state == ValueState::kDropped) return;  // belongs to a value already reported as unreadable
            if (slot.state == ValueState::kNone) {
                c.values.errors.push_back({line_no, std::string(k.key),
                                           fmt::format("{}: no value of characteristic {} before it", at(), c.index)});
                return;
            }
            if (auto problem = set_value_field(c, k.key, k.value, line_no)) {
                drop_last_value(slot, line_no, k.key, fmt::format("{}: {}", at(), *problem));
            }
        };
        if (index == 0) {
            for (auto& [i, slot] : slots_) {
                if (slot.state == ValueState::kOpen) apply(slot);
            }
            return {};
        }
        auto it = slots_.find(index);
        if (it == slots_.end())
            return error(line_no, k.label, fmt::format("characteristic {} is not described", index));
        apply(it->second);
        return {};
    }

    // K0020 (units inspected) or K0021 (number of defects) of an attribute characteristic in K-field form: starts a
    // value when none is open or the open one already has its count (the layout Q-DAS writes: K0020/n, K0021/n,
    // K0004/n ... per sample, no K0001). After a K0001, K0021 is kept verbatim as before.
    Status attribute_field(CharacteristicSlot& slot, const KLine& k, std::size_t line_no) {
        const bool size_field = k.number == 20;
        if (slot.state == ValueState::kDropped && !size_field && slot.has_size && !slot.has_count) {
            slot.has_count = true;  // the count of a sample whose K0020 was refused: reported already
            return {};
        }
        if (slot.state == ValueState::kOpen && slot.from_k0001 && !size_field) {
            auto& fields = characteristic(slot).value_fields.back();
            fields.push_back({std::string(k.key), std::string(k.value)});
            note_uninterpreted(k.key, line_no);
            return {};
        }
        // K0020 comes first in a sample, so it also starts a new one after a K0021.
        const bool starts = slot.state != ValueState::kOpen || slot.has_count || (size_field && slot.has_size);
        if (starts) start_value(slot, std::numeric_limits<double>::quiet_NaN(), line_no);
        AqdefCharacteristic& c = characteristic(slot);
        const std::string at = where(line_no, k.label);
        if (size_field) {
            slot.has_size = true;
            if (auto problem = set_value_field(c, "K0020", k.value, line_no)) {
                drop_last_value(slot, line_no, "K0020", fmt::format("{}: {}", at, *problem));
            }
            return {};
        }
        auto count = parse_number(k.value);
        if (!count || *count < 0) {
            drop_last_value(slot, line_no, "K0021", fmt::format("{}: '{}' is not a number of defects", at, k.value));
            return {};
        }
        c.values.values.back().value = *count;
        slot.has_count = true;
        return {};
    }

    Status compact_line(std::string_view line, std::size_t line_no) {
        std::size_t position = 0;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t end = line.find(kCharacteristicSeparator, start);
            if (end == std::string_view::npos) end = line.size();
            const std::string_view record = line.substr(start, end - start);
            ++position;
            const auto index = static_cast<std::uint32_t>(position);
            auto it = slots_.find(index);
            if (it == slots_.end()) {
                if (!trim(record).empty()) {
                    return error(line_no, fmt::format("value {}", position),
                                 fmt::format("value line holds a value for characteristic {}, which is not described",
                                             position));
                }
            } else if (trim(record).empty()) {
                close_value(it->second);
                it->second.state = ValueState::kNone;
            } else {
                compact_record(it->second, record, line_no, position);
            }
            if (end == line.size()) break;
            start = end + 1;
        }
        return {};
    }

    void compact_record(CharacteristicSlot& slot, std::string_view record, std::size_t line_no, std::size_t position) {
        close_value(slot);
        std::vector<std::string_view> fields;
        std::size_t start = 0;
        while (true) {
            std::size_t end = record.find(kFieldSeparator, start);
            if (end == std::string_view::npos) end = record.size();
            fields.push_back(record.substr(start, end - start));
            if (end == record.size()) break;
            start = end + 1;
        }
        AqdefCharacteristic& c = characteristic(slot);
        auto at = [&] { return where(line_no, fmt::format("value {}", position)); };
        std::size_t first = 0;
        std::optional<double> value;
        std::string_view subgroup_size;
        if (c.type == 1) {
            // Attribute characteristic: K0020 subgroup size, K0021 number of defects, then the variable layout.
            subgroup_size = fields[0];
            value = fields.size() > 1 ? parse_number(fields[1]) : std::nullopt;
            if (!value || *value < 0) {
                c.values.errors.push_back({line_no, "K0021",
                                           fmt::format("{}: '{}' is not a number of defects", at(),
                                                       fields.size() > 1 ? fields[1] : std::string_view{})});
                slot.state = ValueState::kDropped;
                return;
            }
            first = 2;
            if (fields.size() > 2 && !trim(fields[2]).empty()) {
                file_.warnings.push_back(fmt::format(
                    "{}: K0001 '{}' of an attribute characteristic ignored; the value is the number of defects K0021",
                    at(), fields[2]));
            }
        } else {
            value = parse_number(fields[0]);
            if (!value) {
                c.values.errors.push_back({line_no, "K0001", fmt::format("{}: '{}' is not a number", at(), fields[0])});
                slot.state = ValueState::kDropped;
                return;
            }
        }
        if (fields.size() - first > std::size(kCompactKeys)) {
            c.values.errors.push_back({line_no, "value",
                                       fmt::format("{}: {} fields, at most {} are defined", at(), fields.size() - first,
                                                   std::size(kCompactKeys))});
            slot.state = ValueState::kDropped;
            return;
        }
        start_value(slot, *value, line_no);
        slot.has_count = c.type == 1;
        slot.has_size = c.type == 1 && !trim(subgroup_size).empty();
        if (c.type == 1 && !trim(subgroup_size).empty()) {
            if (auto problem = set_value_field(c, "K0020", subgroup_size, line_no)) {
                drop_last_value(slot, line_no, "K0020", fmt::format("{}: {}", at(), *problem));
                return;
            }
        }
        for (std::size_t f = first + 1; f < fields.size(); ++f) {
            if (fields[f].empty()) continue;
            const std::string_view key = kCompactKeys[f - first];
            if (auto problem = set_value_field(c, key, fields[f], line_no)) {
                drop_last_value(slot, line_no, key, fmt::format("{}, {}: {}", at(), key, *problem));
                return;
            }
        }
    }

    const AqdefOptions& options_;
    AqdefFile file_;
    std::string label_;
    bool saw_content_ = false;
    std::optional<std::size_t> declared_count_;
    std::optional<std::size_t> current_part_;
    std::map<std::uint32_t, std::size_t> part_index_;
    std::vector<std::set<std::string, std::less<>>> part_keys_;
    std::map<std::uint32_t, CharacteristicSlot> slots_;
    std::vector<PendingDefault> part_defaults_;
    std::vector<PendingDefault> char_defaults_;
    std::set<std::string, std::less<>> uninterpreted_keys_;
};

// Text of a field as written: no line break may end the line early.
std::string line_safe(std::string_view text) {
    std::string out(text);
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

}  // namespace

std::size_t AqdefFile::characteristic_count() const {
    std::size_t n = 0;
    for (const auto& p : parts) n += p.characteristics.size();
    return n;
}

const AqdefCharacteristic* AqdefFile::characteristic(std::uint32_t index) const {
    for (const auto& p : parts) {
        for (const auto& c : p.characteristics) {
            if (c.index == index) return &c;
        }
    }
    return nullptr;
}

Result<std::int64_t> parse_aqdef_time(std::string_view text, int utc_offset_minutes) {
    // D.M.YYYY/H:MM[:SS]
    auto bad = [&](std::string_view why) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' is not a Q-DAS date/time DD.MM.YYYY/HH:MM:SS: {}", text, why), "K0004");
    };
    std::size_t pos = 0;
    auto number = [&](std::size_t min_digits, std::size_t max_digits, int& out) {
        std::size_t count = 0;
        int v = 0;
        while (pos < text.size() && count < max_digits && text[pos] >= '0' && text[pos] <= '9') {
            v = v * 10 + (text[pos] - '0');
            ++pos;
            ++count;
        }
        out = v;
        return count >= min_digits;
    };
    auto expect = [&](char c) {
        if (pos < text.size() && text[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    };
    int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (!number(1, 2, day) || !expect('.') || !number(1, 2, month) || !expect('.') || !number(4, 4, year)) {
        return bad("expected DD.MM.YYYY");
    }
    if (!expect('/') && !expect(' ')) return bad("expected '/' between date and time");
    if (!number(1, 2, hour) || !expect(':') || !number(2, 2, minute)) return bad("expected HH:MM after the date");
    if (expect(':') && !number(2, 2, second)) return bad("expected two digits of seconds");
    if (pos != text.size()) return bad("unexpected characters at the end");
    if (!is_valid_date(year, month, day)) return bad("no such date");
    if (hour > 23 || minute > 59 || second > 59) return bad("hour, minute or second out of range");
    const std::int64_t local_seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return (local_seconds - static_cast<std::int64_t>(utc_offset_minutes) * 60) * 1000;
}

std::string format_aqdef_time(std::int64_t utc_ms, int utc_offset_minutes) {
    const std::int64_t local_ms = utc_ms + static_cast<std::int64_t>(utc_offset_minutes) * 60000;
    std::int64_t seconds = local_ms / 1000;
    if (local_ms % 1000 < 0) --seconds;
    std::int64_t days = seconds / 86400;
    if (seconds % 86400 < 0) --days;
    const std::int64_t s = seconds - days * 86400;
    const CivilDate date = civil_from_days(days);
    return fmt::format("{:02}.{:02}.{:04}/{:02}:{:02}:{:02}", date.day, date.month, date.year, s / 3600, s / 60 % 60,
                       s % 60);
}

Result<AqdefFile> read_aqdef(std::string_view dfq_text, const AqdefOptions& options) {
    Reader reader(options);
    if (auto status = reader.feed(dfq_text, ""); !status) return tl::unexpected(status.error());
    return reader.finish();
}

Result<AqdefFile> read_aqdef(std::string_view dfd_text, std::string_view dfx_text, const AqdefOptions& options) {
    Reader reader(options);
    if (auto status = reader.feed(dfd_text, "dfd "); !status) return tl::unexpected(status.error());
    if (auto status = reader.feed(dfx_text, "dfx "); !status) return tl::unexpected(status.error());
    return reader.finish();
}

std::string write_aqdef(const AqdefFile& file, const AqdefOptions& options) {
    std::string out;
    auto line = [&](std::string_view key, std::size_t index, std::string_view value) {
        out += fmt::format("{}/{} {}\r\n", key, index, line_safe(value));
    };
    auto number = [](double v) { return fmt::format("{}", v); };
    out += fmt::format("K0100 {}\r\n", file.characteristic_count());
    for (const auto& f : file.other_fields) out += fmt::format("{} {}\r\n", f.key, line_safe(f.value));

    std::vector<std::pair<std::size_t, const AqdefCharacteristic*>> numbered;
    std::size_t part_no = 0;
    for (const auto& part : file.parts) {
        ++part_no;
        line("K1001", part_no, part.number);
        if (!part.description.empty()) line("K1002", part_no, part.description);
        for (const auto& f : part.other_fields) line(f.key, part_no, f.value);
        for (const auto& c : part.characteristics) {
            const std::size_t n = numbered.size() + 1;
            numbered.emplace_back(n, &c);
            line("K2001", n, c.number);
            if (!c.description.empty()) line("K2002", n, c.description);
            line("K2004", n, std::to_string(c.type));
            if (c.decimal_places) line("K2022", n, std::to_string(*c.decimal_places));
            if (c.nominal) line("K2101", n, number(*c.nominal));
            if (c.lower_limit) line("K2110", n, number(*c.lower_limit));
            if (c.upper_limit) line("K2111", n, number(*c.upper_limit));
            if (!c.unit.empty()) line("K2142", n, c.unit);
            for (const auto& f : c.other_fields) line(f.key, n, f.value);
        }
    }
    // Values row by row: row r holds the r-th value of every characteristic that has one.
    std::size_t rows = 0;
    for (const auto& [n, c] : numbered) rows = std::max(rows, c->values.values.size());
    // A reader folds the K0020 and K0021 that follow a K0001 value into that value; an attribute sample written
    // after one therefore goes out as K0001 too, or it would read back as part of the value before it.
    std::vector<bool> last_in_k0001(numbered.size(), false);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t i = 0; i < numbered.size(); ++i) {
            const auto& [n, c] = numbered[i];
            if (r >= c->values.values.size()) continue;
            const IncomingValue& v = c->values.values[r];
            const bool kept_k0021 =
                r < c->value_fields.size() && std::any_of(c->value_fields[r].begin(), c->value_fields[r].end(),
                                                          [](const AqdefField& f) { return f.key == "K0021"; });
            const bool qdas_layout =
                c->type == 1 && !kept_k0021 && v.value >= 0 && !last_in_k0001[i];
            last_in_k0001[i] = !qdas_layout;
            if (qdas_layout) {
                // An attribute sample as Q-DAS writes it: units inspected, number of defects (no K0001).
                if (v.size) line("K0020", n, number(*v.size));
                line("K0021", n, number(v.value));
            } else {
                line("K0001", n, number(v.value));
                if (v.size) line("K0020", n, number(*v.size));
            }
            line("K0002", n, std::to_string(v.attributes));
            if (v.time_ms) line("K0004", n, format_aqdef_time(*v.time_ms, options.utc_offset_minutes));
            if (v.part) line("K0006", n, *v.part);
            if (v.operator_name) line("K0008", n, *v.operator_name);
            if (v.gauge) line("K0012", n, *v.gauge);
            if (v.subgroup) line("K0080", n, *v.subgroup);
            if (r < c->value_fields.size()) {
                for (const auto& f : c->value_fields[r]) line(f.key, n, f.value);
            }
        }
    }
    return out;
}

}  // namespace yandian::ingest
