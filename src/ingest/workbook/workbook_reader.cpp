// Reading .xlsx: libzip opens the archive from memory, expat parses each XML part (namespace-aware, names compared by
// their local part so prefixed and unprefixed files read alike).
#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

#include "ingest/workbook/workbook.hpp"

namespace yandian::ingest::workbook {

namespace {

constexpr int kMaxRow = 1'048'576;  // the format's limits
constexpr int kMaxColumn = 16'384;

Error invalid(std::string message) { return Error{ErrorCode::kInvalidArgument, std::move(message), "file"}; }

// ---- the archive

struct ArchiveCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct EntryCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class Parts {
  public:
    Parts(zip_t* archive, const ReadLimits& limits) : archive_(archive), limits_(limits) {}

    [[nodiscard]] bool has(const std::string& name) const { return zip_name_locate(archive_, name.c_str(), 0) >= 0; }

    // The uncompressed bytes of a part, refused when its stated or actual size passes the limits.
    Result<std::string> read(const std::string& name) {
        const zip_int64_t index = zip_name_locate(archive_, name.c_str(), 0);
        if (index < 0) return tl::unexpected(invalid(fmt::format("the workbook has no part {}", name)));
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
            return tl::unexpected(invalid(fmt::format("part {}: its size cannot be read", name)));
        }
        const std::size_t room = std::min(limits_.max_part_bytes, limits_.max_total_bytes - total_);
        if (st.size > room) {
            return tl::unexpected(invalid(fmt::format("part {} states {} bytes uncompressed, more than the {} allowed",
                                                      name, st.size, room)));
        }
        std::unique_ptr<zip_file_t, EntryCloser> file(zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0));
        if (!file) {
            return tl::unexpected(
                invalid(fmt::format("part {} cannot be opened: {}", name, zip_strerror(archive_))));
        }
        // Read no more than the stated size plus one byte: a part that holds more than it says is refused without
        // inflating the rest.
        std::string out(static_cast<std::size_t>(st.size) + 1, '\0');
        std::size_t got = 0;
        while (got < out.size()) {
            const zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
            if (n < 0) {
                return tl::unexpected(
                    invalid(fmt::format("part {} cannot be read: {}", name, zip_file_strerror(file.get()))));
            }
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (got != st.size) {
            return tl::unexpected(invalid(fmt::format("part {} holds {} {} bytes than its stated size {}", name,
                                                      got > st.size ? "more" : "fewer",
                                                      got > st.size ? "" : std::to_string(st.size - got), st.size)));
        }
        out.resize(got);
        total_ += got;
        return out;
    }

  private:
    zip_t* archive_;
    const ReadLimits& limits_;
    std::size_t total_ = 0;
};

// ---- XML

struct Attribute {
    std::string_view name;  // local name
    std::string_view value;
};

std::string_view local(const char* name) {
    std::string_view n(name);
    const auto bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::string_view attribute(const char** attrs, std::string_view wanted) {
    for (int i = 0; attrs[i] != nullptr; i += 2) {
        if (local(attrs[i]) == wanted) return attrs[i + 1];
    }
    return {};
}

// Event handlers of one part; a handler returns an error to stop the parse.
struct Handlers {
    std::function<Status(std::string_view name, const char** attrs)> start;
    std::function<Status(std::string_view name)> end;
    std::function<void(std::string_view text)> text;
};

struct ParseState {
    XML_Parser parser = nullptr;
    Handlers* handlers = nullptr;
    std::optional<Error> error;
};

void XMLCALL on_start(void* data, const char* name, const char** attrs) {
    auto* s = static_cast<ParseState*>(data);
    if (s->error || !s->handlers->start) return;
    if (auto done = s->handlers->start(local(name), attrs); !done) {
        s->error = done.error();
        XML_StopParser(s->parser, XML_FALSE);
    }
}

void XMLCALL on_end(void* data, const char* name) {
    auto* s = static_cast<ParseState*>(data);
    if (s->error || !s->handlers->end) return;
    if (auto done = s->handlers->end(local(name)); !done) {
        s->error = done.error();
        XML_StopParser(s->parser, XML_FALSE);
    }
}

void XMLCALL on_text(void* data, const char* text, int length) {
    auto* s = static_cast<ParseState*>(data);
    if (s->error || !s->handlers->text) return;
    s->handlers->text(std::string_view(text, static_cast<std::size_t>(length)));
}

void XMLCALL on_doctype(void* data, const char*, const char*, const char*, int) {
    auto* s = static_cast<ParseState*>(data);
    if (!s->error) s->error = invalid("a DOCTYPE declaration is not allowed in a workbook part");
    XML_StopParser(s->parser, XML_FALSE);
}

Status parse_xml(const std::string& part, std::string_view xml, Handlers& handlers) {
    struct ParserFree {
        void operator()(XML_Parser p) const { XML_ParserFree(p); }
    };
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(XML_ParserCreateNS(nullptr, '|'));
    if (!parser) return fail(ErrorCode::kInternal, "cannot create an XML parser");
    ParseState state{parser.get(), &handlers, std::nullopt};
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    if (xml.size() > static_cast<std::size_t>(INT32_MAX)) return tl::unexpected(invalid(part + " is too large"));
    const auto status = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (state.error) {
        Error e = *state.error;
        e.message = fmt::format("{}: {}", part, e.message);
        return tl::unexpected(e);
    }
    if (status != XML_STATUS_OK) {
        return tl::unexpected(invalid(fmt::format("{} is not well-formed XML (line {}): {}", part,
                                                  XML_GetCurrentLineNumber(parser.get()),
                                                  XML_ErrorString(XML_GetErrorCode(parser.get())))));
    }
    return {};
}

// ---- parts of the workbook

struct SheetEntry {
    std::string name;
    std::string relation;
};

// xl/workbook.xml: the sheets' names and relation ids, in order.
Result<std::vector<SheetEntry>> sheet_entries(const std::string& xml, const ReadLimits& limits) {
    std::vector<SheetEntry> out;
    Handlers h;
    h.start = [&](std::string_view name, const char** attrs) -> Status {
        if (name != "sheet") return {};
        if (out.size() >= limits.max_sheets) {
            return tl::unexpected(invalid(fmt::format("more than {} sheets", limits.max_sheets)));
        }
        out.push_back(SheetEntry{std::string(attribute(attrs, "name")), std::string(attribute(attrs, "id"))});
        return {};
    };
    if (auto done = parse_xml("xl/workbook.xml", xml, h); !done) return tl::unexpected(done.error());
    return out;
}

// xl/_rels/workbook.xml.rels: relation id -> part name (resolved against xl/); the shared strings part, if any.
struct Relations {
    std::map<std::string, std::string> targets;
    std::string shared_strings;
};

std::string resolve(std::string_view target) {
    if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
    std::string out = "xl/" + std::string(target);
    // "../" steps out of xl/
    while (true) {
        const auto up = out.find("/../");
        if (up == std::string::npos) break;
        const auto before = out.rfind('/', up == 0 ? 0 : up - 1);
        out.erase(before == std::string::npos ? 0 : before + 1, up + 4 - (before == std::string::npos ? 0 : before + 1));
    }
    return out;
}

Result<Relations> relations(const std::string& xml) {
    Relations out;
    Handlers h;
    h.start = [&](std::string_view name, const char** attrs) -> Status {
        if (name != "Relationship") return {};
        const std::string target = resolve(attribute(attrs, "Target"));
        out.targets[std::string(attribute(attrs, "Id"))] = target;
        const std::string_view type = attribute(attrs, "Type");
        if (type.ends_with("/sharedStrings")) out.shared_strings = target;
        return {};
    };
    if (auto done = parse_xml("xl/_rels/workbook.xml.rels", xml, h); !done) return tl::unexpected(done.error());
    return out;
}

// The shared string table: each <si> is the text of its <t> elements (plain or rich runs), phonetic runs left out.
Result<std::vector<std::string>> shared_strings(const std::string& part, const std::string& xml,
                                                const ReadLimits& limits) {
    std::vector<std::string> out;
    bool in_item = false;
    bool in_text = false;
    int phonetic = 0;
    Handlers h;
    h.start = [&](std::string_view name, const char**) -> Status {
        if (name == "si") {
            if (out.size() >= limits.max_cells) {
                return tl::unexpected(invalid(fmt::format("more than {} shared strings", limits.max_cells)));
            }
            out.emplace_back();
            in_item = true;
        } else if (name == "rPh") {
            ++phonetic;
        } else if (name == "t" && in_item && phonetic == 0) {
            in_text = true;
        }
        return {};
    };
    h.end = [&](std::string_view name) -> Status {
        if (name == "si") in_item = false;
        if (name == "rPh") --phonetic;
        if (name == "t") in_text = false;
        return {};
    };
    h.text = [&](std::string_view text) {
        if (in_text) out.back().append(text);
    };
    if (auto done = parse_xml(part, xml, h); !done) return tl::unexpected(done.error());
    return out;
}

// "C7" -> (7, 3); false when it is not a cell reference within the format's limits.
bool parse_reference(std::string_view ref, int& row, int& column) {
    std::size_t i = 0;
    int c = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
        c = c * 26 + (ref[i] - 'A' + 1);
        if (c > kMaxColumn) return false;
        ++i;
    }
    if (i == 0 || i == ref.size()) return false;
    int r = 0;
    auto [ptr, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || ptr != ref.data() + ref.size() || r < 1 || r > kMaxRow) return false;
    row = r;
    column = c;
    return true;
}

Status read_sheet(const std::string& part, const std::string& xml, const std::vector<std::string>& strings,
                  const ReadLimits& limits, std::size_t& cells, Sheet& sheet) {
    int row = 0;
    int column = 0;
    std::string type;
    std::string value;
    bool in_cell = false;
    bool in_value = false;
    bool in_inline = false;
    bool in_text = false;
    bool has_value = false;
    Handlers h;
    h.start = [&](std::string_view name, const char** attrs) -> Status {
        if (name == "row") {
            const std::string_view r = attribute(attrs, "r");
            int n = row + 1;
            if (!r.empty()) {
                auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), n);
                if (ec != std::errc() || ptr != r.data() + r.size() || n < 1 || n > kMaxRow) {
                    return tl::unexpected(invalid(fmt::format("row number '{}' is not 1-{}", r, kMaxRow)));
                }
            }
            row = n;
            column = 0;
        } else if (name == "c") {
            const std::string_view ref = attribute(attrs, "r");
            if (ref.empty()) {
                if (row == 0 || column >= kMaxColumn) return tl::unexpected(invalid("a cell without a reference"));
                ++column;
            } else {
                int r = 0;
                int c = 0;
                if (!parse_reference(ref, r, c)) {
                    return tl::unexpected(invalid(fmt::format("cell reference '{}' is not a cell", ref)));
                }
                row = r;
                column = c;
            }
            type = attribute(attrs, "t");
            value.clear();
            in_cell = true;
            has_value = false;
        } else if (in_cell && name == "v") {
            in_value = true;
            has_value = true;
        } else if (in_cell && name == "is") {
            in_inline = true;
            has_value = true;
        } else if (in_inline && name == "t") {
            in_text = true;
        }
        return {};
    };
    h.end = [&](std::string_view name) -> Status {
        if (name == "v") in_value = false;
        if (name == "t") in_text = false;
        if (name == "is") in_inline = false;
        if (name != "c" || !in_cell) return {};
        in_cell = false;
        if (!has_value) return {};
        const std::string place = cell_place(sheet.name, row, column);
        Cell cell;
        if (type == "s") {
            std::size_t index = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
            if (ec != std::errc() || ptr != value.data() + value.size() || index >= strings.size()) {
                return tl::unexpected(invalid(fmt::format("{}: shared string '{}' is not one of the {} in the file",
                                                          place, value, strings.size())));
            }
            cell.kind = Cell::Kind::kText;
            cell.text = strings[index];
        } else if (type == "inlineStr" || type == "str") {
            cell.kind = Cell::Kind::kText;
            cell.text = value;
        } else if (type == "b") {
            cell.kind = Cell::Kind::kBoolean;
            cell.number = value == "1" ? 1 : 0;
            cell.text = value;
        } else if (type == "e") {
            cell.kind = Cell::Kind::kError;
            cell.text = value;
        } else if (type.empty() || type == "n") {
            if (value.empty()) return {};
            double v = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc() || ptr != value.data() + value.size() || !std::isfinite(v)) {
                return tl::unexpected(invalid(fmt::format("{}: '{}' is not a number", place, value)));
            }
            cell.kind = Cell::Kind::kNumber;
            cell.number = v;
            cell.text = value;
        } else {
            // Dates stored as ISO text (t="d") and any other type: kept as text.
            cell.kind = Cell::Kind::kText;
            cell.text = value;
        }
        if (++cells > limits.max_cells) {
            return tl::unexpected(invalid(fmt::format("more than {} cells", limits.max_cells)));
        }
        sheet.cells[{row, column}] = std::move(cell);
        return {};
    };
    h.text = [&](std::string_view text) {
        if (in_value || in_text) value.append(text);
    };
    return parse_xml(part, xml, h);
}

}  // namespace

const Cell& Sheet::at(int row, int column) const {
    static const Cell kEmpty;
    auto found = cells.find({row, column});
    return found == cells.end() ? kEmpty : found->second;
}

int Sheet::last_row() const { return cells.empty() ? 0 : cells.rbegin()->first.first; }

const Sheet* Workbook::sheet(std::string_view name) const {
    for (const Sheet& s : sheets) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

std::string column_name(int column) {
    std::string out;
    while (column > 0) {
        const int rest = (column - 1) % 26;
        out.insert(out.begin(), static_cast<char>('A' + rest));
        column = (column - 1) / 26;
    }
    return out;
}

std::string cell_place(std::string_view sheet, int row, int column) {
    return fmt::format("Sheet \"{}\" row {} column {}", sheet, row, column_name(column));
}

Result<Workbook> read_workbook(std::string_view bytes, const ReadLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return fail(ErrorCode::kInternal, "cannot read the workbook's bytes");
    }
    Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        std::string why = zip_error_strerror(&error);
        zip_source_free(source);
        zip_error_fini(&error);
        return tl::unexpected(invalid(fmt::format("the file is not an .xlsx workbook (not a zip archive: {})", why)));
    }
    zip_error_fini(&error);
    Parts parts(archive.get(), limits);
    if (!parts.has("xl/workbook.xml")) {
        return tl::unexpected(invalid("the file is not an .xlsx workbook (no part xl/workbook.xml)"));
    }
    auto workbook_xml = parts.read("xl/workbook.xml");
    if (!workbook_xml) return tl::unexpected(workbook_xml.error());
    auto entries = sheet_entries(*workbook_xml, limits);
    if (!entries) return tl::unexpected(entries.error());
    auto rels_xml = parts.read("xl/_rels/workbook.xml.rels");
    if (!rels_xml) return tl::unexpected(rels_xml.error());
    auto rels = relations(*rels_xml);
    if (!rels) return tl::unexpected(rels.error());
    std::string strings_part = rels->shared_strings;
    if (strings_part.empty() && parts.has("xl/sharedStrings.xml")) strings_part = "xl/sharedStrings.xml";
    std::vector<std::string> strings;
    if (!strings_part.empty()) {
        auto xml = parts.read(strings_part);
        if (!xml) return tl::unexpected(xml.error());
        auto read = shared_strings(strings_part, *xml, limits);
        if (!read) return tl::unexpected(read.error());
        strings = std::move(*read);
    }
    Workbook out;
    std::size_t cells = 0;
    for (const SheetEntry& e : *entries) {
        auto target = rels->targets.find(e.relation);
        if (target == rels->targets.end()) {
            return tl::unexpected(invalid(fmt::format("sheet \"{}\" names no part of the file", e.name)));
        }
        auto xml = parts.read(target->second);
        if (!xml) return tl::unexpected(xml.error());
        Sheet sheet;
        sheet.name = e.name;
        if (auto done = read_sheet(target->second, *xml, strings, limits, cells, sheet); !done) {
            return tl::unexpected(done.error());
        }
        out.sheets.push_back(std::move(sheet));
    }
    return out;
}

}  // namespace yandian::ingest::workbook
