#include "httpconf/loader.hpp"

#include <algorithm>
#include <memory>
#include <new>

#include "config_scanner.hpp"
#include "syntax_error.hpp"
#include "utf8.hpp"

namespace httpctl::conf {

namespace {

LoadResult whole_file_failure(SyntaxErrorKind kind, const std::string& file_name) {
    SyntaxError error;
    error.kind = kind;
    LoadResult result;
    Diagnostic d = make_diagnostic(error, SourceText(), file_name);
    d.line = d.column = d.end_line = d.end_column = 0;
    result.stalwart_message = stalwart_message(error, 0);
    result.diagnostics.push_back(std::move(d));
    return result;
}

LoadResult failure(SyntaxError error, const SourceText& source, const std::string& file_name) {
    LoadResult result;
    result.stalwart_message =
        stalwart_message(error, source.position_at(error.stalwart_offset).line);
    result.diagnostics.push_back(make_diagnostic(error, source, file_name));
    return result;
}

// Sorts the entries by key and returns the duplicate Stalwart would have hit first: the repeat
// inserted earliest. Sorting once beats keeping a sorted map while scanning.
const ScannedEntry* sort_and_find_first_duplicate(std::vector<ScannedEntry>& entries,
                                                  const ScannedEntry** original) {
    auto by_key_then_order = [](const ScannedEntry& a, const ScannedEntry& b) {
        int c = a.entry.key.compare(b.entry.key);
        return c != 0 ? c < 0 : a.order < b.order;
    };
    if (!std::is_sorted(entries.begin(), entries.end(), by_key_then_order)) {
        std::sort(entries.begin(), entries.end(), by_key_then_order);
    }
    const ScannedEntry* first_repeat = nullptr;
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].entry.key != entries[i - 1].entry.key) continue;
        if (first_repeat == nullptr || entries[i].order < first_repeat->order) {
            first_repeat = &entries[i];
            *original = &entries[i - 1];
            // Earlier copies of the same key sort first; the group's first entry is the original.
            for (std::size_t j = i - 1; j > 0 && entries[j - 1].entry.key == entries[i].entry.key;
                 --j) {
                *original = &entries[j - 1];
            }
        }
    }
    return first_repeat;
}

LoadResult load(std::string_view text, std::string file_name, const LoadOptions& options) {
    if (text.size() > options.max_bytes) {
        return whole_file_failure(SyntaxErrorKind::FileTooLarge, file_name);
    }
    auto source = std::make_shared<const SourceText>(std::string(text));
    // http.md §2.9: a file that is not UTF-8 cannot be read at all.
    if (auto bad = utf8::find_invalid(source->text())) {
        SyntaxError error;
        error.kind = SyntaxErrorKind::InvalidUtf8;
        error.span = {static_cast<std::uint32_t>(*bad), static_cast<std::uint32_t>(*bad) + 1};
        error.stalwart_offset = error.span.begin;
        return failure(std::move(error), *source, file_name);
    }

    ConfigScanner scanner(source->text());
    const bool scanned = scanner.scan();
    std::vector<ScannedEntry>& entries = scanner.entries();
    const ScannedEntry* original = nullptr;
    if (const ScannedEntry* repeat = sort_and_find_first_duplicate(entries, &original)) {
        // http.md §2.6: any flat key inserted twice fails, whatever syntax produced it.
        SyntaxError error;
        error.kind = SyntaxErrorKind::DuplicateKey;
        error.key = repeat->entry.key;
        error.span = repeat->entry.key_span;
        error.related = original->entry.key_span;
        error.stalwart_offset = repeat->insert_offset;
        return failure(std::move(error), *source, file_name);
    }
    if (!scanned) return failure(scanner.error(), *source, file_name);

    std::vector<ConfigEntry> flat;
    flat.reserve(entries.size());
    for (ScannedEntry& e : entries)
        flat.push_back(std::move(e.entry));
    LoadResult result;
    result.config.emplace(std::move(file_name), std::move(source), std::move(flat));
    return result;
}

}  // namespace

LoadResult load_config(std::string_view text, std::string file_name, const LoadOptions& options) {
    try {
        return load(text, std::move(file_name), options);
    } catch (const std::bad_alloc&) {
        return whole_file_failure(SyntaxErrorKind::OutOfMemory, std::string());
    }
}

}  // namespace httpctl::conf
