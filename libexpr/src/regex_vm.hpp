// A Pike VM over the parsed Rust regex: the exact fallback for what RE2 cannot do (Unicode
// word boundaries on non-ASCII text, \< \> and half boundaries, CRLF anchors, counts above
// 1000). Leftmost-first with Rust's capture rules; runs in O(pattern × subject) time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "regex_parse.hpp"

namespace httpctl::expr::re {

class Program {
  public:
    // Compiles the tree; the caller has bounded its size (translate's cost estimate).
    Program(const Node& root, int captures);

    // Unanchored leftmost-first search; on a match fills `slots` (2 per group, group 0 first;
    // npos for a group that did not participate).
    bool search(std::string_view subject, std::vector<std::size_t>& slots) const;

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  private:
    enum class Op : std::uint8_t { Char, Split, Jmp, Save, Assert, Match };
    struct Inst {
        Op op;
        Look look;
        std::uint32_t x;  // Char: set index; Split/Jmp: target; Save: slot
        std::uint32_t y;  // Split: second (lower-priority) target
    };

    std::uint32_t emit(Op op, std::uint32_t x = 0, std::uint32_t y = 0,
                       Look look = Look::StartText);
    void compile(const Node& n);

    std::vector<Inst> insts_;
    std::vector<CodepointSet> sets_;
    std::size_t nslots_;
};

}  // namespace httpctl::expr::re
