// The `h-fn-*` conformance vectors whose expression is one call with literal (or variable)
// arguments, checked against the implementations directly, without the parser.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <fstream>
#include <optional>
#include <string>

#include "expr/variables.hpp"
#include "function_call.hpp"

using namespace httpctl::expr;
using nlohmann::json;

namespace {

Value from_json(const json& j) {
    if (j.is_boolean()) return Value(j.get<bool>());
    if (j.is_number_integer()) return Value(j.get<std::int64_t>());
    if (j.is_number()) return Value(j.get<double>());
    if (j.is_string()) return Value(j.get<std::string>());
    Array a;
    for (const json& e : j)
        a.push_back(from_json(e));
    return Value(std::move(a));
}

Value from_tagged(const json& j) {
    if (j.contains("integer")) return Value(j["integer"].get<std::int64_t>());
    if (j.contains("string")) return Value(j["string"].get<std::string>());
    if (j.contains("float")) {
        const json& f = j["float"];
        if (f.is_string()) {
            const std::string s = f.get<std::string>();
            return Value(s == "NaN" ? std::nan("") : (s == "inf" ? INFINITY : -INFINITY));
        }
        return Value(f.get<double>());
    }
    Array a;
    for (const json& e : j["array"])
        a.push_back(from_tagged(e));
    return Value(std::move(a));
}

// A tiny reader for `name(arg, ...)` where every argument is a literal ('text', integer,
// decimal, true/false, [literal, ...]) or a variable given in the case. Anything else: nullopt.
class CallReader {
  public:
    CallReader(std::string_view text, const json& vars) : s_(text), vars_(vars) {}

    std::optional<std::pair<std::string, std::vector<Value>>> read() {
        std::string name = identifier();
        if (name.empty() || !eat('(')) return std::nullopt;
        std::vector<Value> args;
        skip_spaces();
        if (!eat(')')) {
            for (;;) {
                auto v = literal();
                if (!v) return std::nullopt;
                args.push_back(std::move(*v));
                if (eat(')')) break;
                if (!eat(',')) return std::nullopt;
            }
        }
        skip_spaces();
        if (pos_ != s_.size()) return std::nullopt;
        return std::make_pair(name, std::move(args));
    }

  private:
    void skip_spaces() {
        while (pos_ < s_.size() && s_[pos_] == ' ')
            ++pos_;
    }
    bool eat(char c) {
        skip_spaces();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::string identifier() {
        skip_spaces();
        std::size_t start = pos_;
        while (pos_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
            ++pos_;
        }
        return std::string(s_.substr(start, pos_ - start));
    }
    std::optional<Value> literal() {
        skip_spaces();
        if (pos_ >= s_.size()) return std::nullopt;
        const char c = s_[pos_];
        if (c == '\'' || c == '"') {
            const std::size_t end = s_.find(c, pos_ + 1);
            if (end == std::string_view::npos) return std::nullopt;
            Value v(s_.substr(pos_ + 1, end - pos_ - 1));
            pos_ = end + 1;
            return v;
        }
        if (c == '[') {
            ++pos_;
            Array a;
            if (eat(']')) return Value(std::move(a));
            for (;;) {
                auto v = literal();
                if (!v) return std::nullopt;
                a.push_back(std::move(*v));
                if (eat(']')) return Value(std::move(a));
                if (!eat(',')) return std::nullopt;
            }
        }
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t start = pos_++;
            while (pos_ < s_.size() &&
                   (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
                ++pos_;
            }
            const std::string_view word = s_.substr(start, pos_ - start);
            if (auto i = parse_rust_i64(word)) return Value(*i);
            if (auto f = parse_rust_float(word)) return Value(*f);
            return std::nullopt;
        }
        const std::string name = identifier();
        if (name == "true") return Value(1);
        if (name == "false") return Value(0);
        if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return std::nullopt;
        if (vars_.is_object() && vars_.contains(name)) return from_json(vars_[name]);
        if (find_variable(name)) return Value();  // an unset variable is "" (README)
        return std::nullopt;                      // a constant or a global: not handled here
    }

    std::string_view s_;
    const json& vars_;
    std::size_t pos_ = 0;
};

}  // namespace

TEST_CASE("conformance: h-fn-* single calls", "[functions][conformance]") {
    std::ifstream in(std::string(HTTPCTL_SHARED_DIR) + "/conformance/expr-public.jsonl");
    if (!in) {
        WARN("conformance vectors not found; skipping");
        return;
    }
    int checked = 0;
    std::string line;
    while (std::getline(in, line)) {
        const json c = json::parse(line);
        const std::string id = c["id"].get<std::string>();
        if (id.rfind("h-fn-", 0) != 0 || !c.contains("expr")) continue;
        if (c["expect"].contains("error")) continue;
        const json vars = c.value("vars", json::object());
        auto parsed = CallReader(c["expr"].get<std::string>(), vars).read();
        if (!parsed) continue;
        const FunctionInfo* f = find_function(parsed->first);
        if (f == nullptr || f->arity != parsed->second.size()) continue;
        INFO(id << ": " << c["expr"].get<std::string>());
        CallEnv env;
        Value out;
        REQUIRE(f->impl(std::span<Value>(parsed->second), env, out));
        CHECK(out == from_tagged(c["expect"]));
        ++checked;
    }
    // Most h-fn-* cases are single calls; a drop here means the reader stopped recognising them.
    CHECK(checked >= 80);
}
