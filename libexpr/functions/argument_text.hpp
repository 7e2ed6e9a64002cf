// How function implementations see their arguments as text (spec expressions.md §4.3) and the
// shared element-wise ("map") rule of §6.2.
#pragma once

#include <string_view>

#include "expr/value.hpp"

namespace httpctl::expr::functions {

// The `to_string` text of one argument: borrowed when the value is already a String, otherwise
// rendered once into an inline buffer. Pinned in place because the view may point into it.
class ArgText {
  public:
    ArgText(const Value& v, Dialect d) {
        if (v.is_string()) {
            view_ = v.as_string();
        } else {
            append_text(v, d, storage_);
            view_ = storage_.view();
        }
    }
    ArgText(const ArgText&) = delete;
    ArgText& operator=(const ArgText&) = delete;

    [[nodiscard]] std::string_view view() const noexcept { return view_; }
    operator std::string_view() const noexcept { return view_; }  // NOLINT

  private:
    SmallString storage_;
    std::string_view view_;
};

// §6.2: `fn(text, out)` is applied to a String directly; to each element of an Array (non-string
// elements through to_string, so a nested array becomes CRLF-joined text), giving an Array of
// the same length; to any other scalar through to_string.
template <typename Fn>
void map_elements(const Value& arg, Dialect d, Value& out, Fn&& fn) {
    if (arg.is_array()) {
        const Array& in = arg.as_array();
        Array mapped(in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            const ArgText text(in[i], d);
            fn(text.view(), mapped[i]);
        }
        out = Value(std::move(mapped));
        return;
    }
    const ArgText text(arg, d);
    Value result;
    fn(text.view(), result);
    out = std::move(result);
}

}  // namespace httpctl::expr::functions
