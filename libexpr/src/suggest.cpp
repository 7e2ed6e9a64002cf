#include "suggest.hpp"

#include <algorithm>
#include <vector>

#include "expr/functions.hpp"
#include "expr/variables.hpp"

namespace httpctl::expr::detail {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
    if (a.size() > b.size() + cap || b.size() > a.size() + cap) return cap + 1;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
            best = std::min(best, row[j]);
        }
        if (best > cap) return cap + 1;
    }
    return std::min(row[b.size()], cap + 1);
}

std::string suggest_for_unknown_name(std::string_view word, const CompileOptions& options) {
    if (auto v = find_variable(word)) {
        const bool head_only = all_variables()[static_cast<std::size_t>(*v)].head_only;
        if (head_only && options.dialect == Dialect::V08) {
            return "`" + std::string(word) + "` exists from Stalwart 0.12 on";
        }
        return "the variable `" + std::string(word) + "` is not available in this setting";
    }
    if (const FunctionInfo* f = find_function(word); f && options.dialect == Dialect::V08) {
        return "the function `" + std::string(word) + "` exists from Stalwart 0.12 on";
    }
    if (word == "config_get" && options.dialect == Dialect::V08) {
        return "`config_get` exists from Stalwart 0.12 on";
    }
    if (word == "matches" || word == "config_get") {
        return "write `" + std::string(word) + "(` with no space before the parenthesis";
    }
    // The closest name the setting accepts.
    std::vector<std::string_view> names;
    for (const VariableInfo& v : all_variables()) {
        if (options.variables.contains(v.id)) names.push_back(v.name);
    }
    for (const FunctionInfo& f : all_functions()) {
        if (f.since == Dialect::V08 || options.dialect == Dialect::Head) names.push_back(f.name);
    }
    for (const NamedConstant& c : options.constants) names.push_back(c.name);
    names.push_back("matches");
    if (options.dialect == Dialect::Head) names.push_back("config_get");
    const std::size_t cap = word.size() <= 4 ? 1 : (word.size() <= 8 ? 2 : 3);
    std::string_view best;
    std::size_t best_distance = cap + 1;
    for (std::string_view n : names) {
        std::size_t d = edit_distance(word, n, cap);
        if (d < best_distance) {
            best_distance = d;
            best = n;
        }
    }
    if (!best.empty()) return "did you mean `" + std::string(best) + "`?";
    if (!word.empty() && word.find('.') != std::string_view::npos) {
        return "text must be quoted: '" + std::string(word) + "'";
    }
    return {};
}

}  // namespace httpctl::expr::detail
