#include "repl_completion.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>

#include "expr/functions.hpp"
#include "expr/variables.hpp"
#include "repl_commands.hpp"

namespace httpctl::app {

namespace {

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

void keep_matching(std::vector<std::string>& words, std::string_view prefix) {
    std::erase_if(words, [prefix](const std::string& w) { return !w.starts_with(prefix); });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
}

// Inside the first or second string argument of key_get/key_exists: complete store names, or
// the keys of the named store, and close the string.
bool complete_store_argument(std::string_view before, const conf::EvalSession& session,
                             Completion& out) {
    static const std::regex store_arg(R"(key_(get|exists)\(\s*(['"])([^'"]*)$)");
    static const std::regex key_arg(
        R"(key_(get|exists)\(\s*(['"])([^'"]*)['"]\s*,\s*(['"])([^'"]*)$)");
    const std::string text(before);
    std::smatch m;
    if (std::regex_search(text, m, key_arg)) {
        const std::string quote = m[4].str();
        const std::string typed = m[5].str();
        out.replace_from = before.size() - typed.size();
        for (std::string& k : session.stores().keys(m[3].str()))
            out.candidates.push_back(k + quote);
        keep_matching(out.candidates, typed);
        return true;
    }
    if (std::regex_search(text, m, store_arg)) {
        const std::string quote = m[2].str();
        const std::string typed = m[3].str();
        out.replace_from = before.size() - typed.size();
        for (std::string& s : session.stores().store_names())
            out.candidates.push_back(s + quote);
        keep_matching(out.candidates, typed);
        return true;
    }
    return false;
}

// `:listener ID` completes listener ids, `:key KEY` the config's keys (an if-block offered once,
// by the name of its setting).
bool complete_command_argument(std::string_view before, const conf::EvalSession& session,
                               Completion& out) {
    static const std::regex command(R"(^\s*(:listener|:key)\s+(\S*)$)");
    static const std::regex block_member(R"(^(.*)\.[0-9]+\.(if|then|else)$)");
    const std::string text(before);
    std::smatch m;
    if (!std::regex_search(text, m, command)) return false;
    const std::string typed = m[2].str();
    out.replace_from = before.size() - typed.size();
    if (m[1].str() == ":listener") {
        out.candidates = session.listener_ids();
    } else if (const conf::CheckReport* report = session.config()) {
        for (const conf::ConfigEntry& entry : report->config->entries()) {
            std::smatch b;
            out.candidates.push_back(std::regex_match(entry.key, b, block_member) ? b[1].str()
                                                                                  : entry.key);
        }
    }
    keep_matching(out.candidates, typed);
    return true;
}

}  // namespace

Completion complete_repl_input(std::string_view before, const conf::EvalSession& session) {
    Completion out;
    const std::size_t first = before.find_first_not_of(' ');
    if (first != std::string_view::npos && before[first] == ':' &&
        before.find(' ', first) == std::string_view::npos) {
        out.replace_from = first;
        for (const ReplCommandInfo& c : repl_commands())
            out.candidates.emplace_back(c.name);
        keep_matching(out.candidates, before.substr(first));
        return out;
    }
    if (complete_command_argument(before, session, out)) return out;
    if (complete_store_argument(before, session, out)) return out;

    std::size_t start = before.size();
    while (start > 0 && is_name_char(before[start - 1]))
        --start;
    const std::string_view typed = before.substr(start);
    out.replace_from = start;
    if (!typed.empty() && typed.front() == '$') {
        for (const conf::Binding& g : session.globals())
            out.candidates.push_back(g.name);
    } else {
        const bool head = session.dialect() == expr::Dialect::Head;
        for (const expr::FunctionInfo& f : expr::all_functions()) {
            if (head || f.since == expr::Dialect::V08)
                out.candidates.push_back(std::string(f.name) + "(");
        }
        out.candidates.emplace_back("matches(");
        if (head) out.candidates.emplace_back("config_get(");
        for (const expr::VariableInfo& v : expr::all_variables()) {
            if (head || !v.head_only) out.candidates.emplace_back(v.name);
        }
    }
    keep_matching(out.candidates, typed);
    return out;
}

}  // namespace httpctl::app
