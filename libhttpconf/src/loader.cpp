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

// A light stand-in for an entry while sorting: moving these is much cheaper than moving entries.
struct SortHandle {
    std::string_view key;
    std::uint32_t index;  // into the scanned entries, which are in insertion order
};

// Sorts by key (insertion order breaking ties, so the first definition of a key comes first).
// Sorting once at the end beats keeping a sorted map while scanning.
std::vector<SortHandle> sorted_handles(const std::vector<ScannedEntry>& entries) {
    std::vector<SortHandle> handles;
    handles.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        handles.push_back({entries[i].entry.key, static_cast<std::uint32_t>(i)});
    }
    auto by_key_then_order = [](const SortHandle& a, const SortHandle& b) {
        int c = a.key.compare(b.key);
        return c != 0 ? c < 0 : a.index < b.index;
    };
    if (!std::is_sorted(handles.begin(), handles.end(), by_key_then_order)) {
        std::sort(handles.begin(), handles.end(), by_key_then_order);
    }
    return handles;
}

// The repeat Stalwart would have hit first (the one inserted earliest), with the definition it
// repeats; nullptr when every key is unique.
const SortHandle* first_duplicate(const std::vector<SortHandle>& handles,
                                  const SortHandle** original) {
    const SortHandle* first_repeat = nullptr;
    for (std::size_t i = 1; i < handles.size(); ++i) {
        if (handles[i].key != handles[i - 1].key) continue;
        if (first_repeat == nullptr || handles[i].index < first_repeat->index) {
            first_repeat = &handles[i];
            std::size_t first = i - 1;
            while (first > 0 && handles[first - 1].key == handles[i].key)
                --first;
            *original = &handles[first];
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
    std::vector<SortHandle> handles = sorted_handles(entries);
    const SortHandle* original = nullptr;
    if (const SortHandle* repeat = first_duplicate(handles, &original)) {
        // http.md §2.6: any flat key inserted twice fails, whatever syntax produced it.
        const ScannedEntry& second = entries[repeat->index];
        SyntaxError error;
        error.kind = SyntaxErrorKind::DuplicateKey;
        error.key = second.entry.key;
        error.span = second.entry.key_span;
        error.related = entries[original->index].entry.key_span;
        error.stalwart_offset = second.insert_offset;
        return failure(std::move(error), *source, file_name);
    }
    if (!scanned) return failure(scanner.error(), *source, file_name);

    std::vector<ConfigEntry> flat;
    flat.reserve(entries.size());
    for (const SortHandle& handle : handles) {
        flat.push_back(std::move(entries[handle.index].entry));
    }
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
