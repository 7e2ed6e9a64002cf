// Pike VM (Thompson NFA simulation with per-thread captures), following the structure of the
// regex crate's own PikeVM so that priorities and capture updates agree with Rust: threads are
// kept in priority order, the first thread to reach Match wins and cuts lower-priority ones,
// and a program counter is visited at most once per position (which also ends empty loops).
#include "regex_vm.hpp"

#include <unordered_map>

namespace httpctl::expr::re {

namespace {

bool ascii_word_byte(unsigned char b) {
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_';
}

// Decodes the scalar at `at`. A byte that does not start valid UTF-8 reads as U+FFFD of length
// 1 (values are valid UTF-8 in practice).
std::uint32_t decode_at(std::string_view s, std::size_t at, std::size_t& len) {
    auto b = static_cast<unsigned char>(s[at]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || at + n > s.size()) {
        len = 1;
        return 0xFFFD;
    }
    std::uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (std::size_t k = 1; k < n; ++k) {
        auto cb = static_cast<unsigned char>(s[at + k]);
        if ((cb & 0xC0) != 0x80) {
            len = 1;
            return 0xFFFD;
        }
        c = (c << 6) | (cb & 0x3FU);
    }
    len = n;
    return c;
}

bool unicode_word_before(std::string_view s, std::size_t at) {
    if (at == 0) return false;
    std::size_t start = at - 1;
    while (start > 0 && at - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
        --start;
    }
    std::size_t len = 0;
    std::uint32_t c = decode_at(s, start, len);
    if (start + len != at) c = 0xFFFD;
    return unicode_word().contains(c);
}

bool unicode_word_after(std::string_view s, std::size_t at) {
    if (at >= s.size()) return false;
    std::size_t len = 0;
    return unicode_word().contains(decode_at(s, at, len));
}

bool look_holds(Look look, std::string_view s, std::size_t at) {
    const std::size_t n = s.size();
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    switch (look) {
        case Look::StartText:
            return at == 0;
        case Look::EndText:
            return at == n;
        case Look::StartLine:
            return at == 0 || byte(at - 1) == '\n';
        case Look::EndLine:
            return at == n || byte(at) == '\n';
        case Look::StartLineCrlf:
            // (?mR)^: after LF, or after CR unless a LF follows (never between CR and LF).
            return at == 0 || byte(at - 1) == '\n' ||
                   (byte(at - 1) == '\r' && (at == n || byte(at) != '\n'));
        case Look::EndLineCrlf:
            return at == n || byte(at) == '\r' ||
                   (byte(at) == '\n' && (at == 0 || byte(at - 1) != '\r'));
        default:
            break;
    }
    bool ascii = look == Look::WordAscii || look == Look::NotWordAscii ||
                 look == Look::WordStartAscii || look == Look::WordEndAscii ||
                 look == Look::WordStartHalfAscii || look == Look::WordEndHalfAscii;
    bool before = ascii ? (at > 0 && ascii_word_byte(byte(at - 1))) : unicode_word_before(s, at);
    bool after = ascii ? (at < n && ascii_word_byte(byte(at))) : unicode_word_after(s, at);
    switch (look) {
        case Look::WordAscii:
        case Look::WordUnicode:
            return before != after;
        case Look::NotWordAscii:
        case Look::NotWordUnicode:
            return before == after;
        case Look::WordStartAscii:
        case Look::WordStartUnicode:
            return !before && after;
        case Look::WordEndAscii:
        case Look::WordEndUnicode:
            return before && !after;
        case Look::WordStartHalfAscii:
        case Look::WordStartHalfUnicode:
            return !before;
        case Look::WordEndHalfAscii:
        case Look::WordEndHalfUnicode:
            return !after;
        default:
            return false;
    }
}

}  // namespace

Program::Program(const Node& root, int captures)
    : nslots_(2 * (static_cast<std::size_t>(captures) + 1)) {
    emit(Op::Save, 0);
    compile(root);
    emit(Op::Save, 1);
    emit(Op::Match);
}

std::uint32_t Program::emit(Op op, std::uint32_t x, std::uint32_t y, Look look) {
    insts_.push_back(Inst{op, look, x, y});
    return static_cast<std::uint32_t>(insts_.size() - 1);
}

void Program::compile(const Node& n) {
    switch (n.kind) {
        case Node::Kind::Empty:
            return;
        case Node::Kind::Class: {
            sets_.push_back(n.set);
            emit(Op::Char, static_cast<std::uint32_t>(sets_.size() - 1));
            return;
        }
        case Node::Kind::Look:
            emit(Op::Assert, 0, 0, n.look);
            return;
        case Node::Kind::Group:
            if (n.capture > 0) emit(Op::Save, static_cast<std::uint32_t>(2 * n.capture));
            compile(n.subs.front());
            if (n.capture > 0) emit(Op::Save, static_cast<std::uint32_t>(2 * n.capture + 1));
            return;
        case Node::Kind::Concat:
            for (const auto& s : n.subs)
                compile(s);
            return;
        case Node::Kind::Alternate: {
            std::vector<std::uint32_t> jumps;
            for (std::size_t i = 0; i < n.subs.size(); ++i) {
                if (i + 1 < n.subs.size()) {
                    std::uint32_t split = emit(Op::Split);
                    insts_[split].x = split + 1;
                    compile(n.subs[i]);
                    jumps.push_back(emit(Op::Jmp));
                    insts_[split].y = static_cast<std::uint32_t>(insts_.size());
                } else {
                    compile(n.subs[i]);
                }
            }
            for (auto j : jumps)
                insts_[j].x = static_cast<std::uint32_t>(insts_.size());
            return;
        }
        case Node::Kind::Repeat: {
            const Node& body = n.subs.front();
            for (std::uint32_t i = 0; i < n.min; ++i)
                compile(body);
            if (n.max == kUnbounded) {
                std::uint32_t split = emit(Op::Split);
                compile(body);
                emit(Op::Jmp, split);
                auto out = static_cast<std::uint32_t>(insts_.size());
                insts_[split].x = n.greedy ? split + 1 : out;
                insts_[split].y = n.greedy ? out : split + 1;
                return;
            }
            std::vector<std::uint32_t> splits;
            for (std::uint32_t i = n.min; i < n.max; ++i) {
                splits.push_back(emit(Op::Split));
                compile(body);
            }
            auto out = static_cast<std::uint32_t>(insts_.size());
            for (auto s : splits) {
                insts_[s].x = n.greedy ? s + 1 : out;
                insts_[s].y = n.greedy ? out : s + 1;
            }
            return;
        }
    }
}

bool Program::search(std::string_view subject, std::vector<std::size_t>& slots) const {
    struct List {
        std::vector<std::uint32_t> pcs;
        std::vector<std::size_t> slots;  // nslots per thread, in thread order
    };
    struct Frame {
        bool restore;
        std::uint32_t pc_or_slot;
        std::size_t old;
    };
    const std::size_t ns = nslots_;
    List clist;
    List nlist;
    std::vector<std::uint32_t> mark(insts_.size(), 0);
    std::uint32_t stamp = 0;
    std::vector<Frame> stack;
    std::vector<std::size_t> work(ns, npos);
    bool matched = false;

    // Follows the epsilon closure from `pc0` at position `at`, appending the threads that
    // wait on a character (or Match) to `list` in priority order.
    auto add = [&](List& list, std::uint32_t pc0, std::size_t at) {
        stack.push_back(Frame{false, pc0, 0});
        while (!stack.empty()) {
            Frame f = stack.back();
            stack.pop_back();
            if (f.restore) {
                work[f.pc_or_slot] = f.old;
                continue;
            }
            std::uint32_t pc = f.pc_or_slot;
            for (;;) {
                if (mark[pc] == stamp) break;
                mark[pc] = stamp;
                const Inst& in = insts_[pc];
                if (in.op == Op::Jmp) {
                    pc = in.x;
                } else if (in.op == Op::Split) {
                    stack.push_back(Frame{false, in.y, 0});
                    pc = in.x;
                } else if (in.op == Op::Save) {
                    stack.push_back(Frame{true, in.x, work[in.x]});
                    work[in.x] = at;
                    ++pc;
                } else if (in.op == Op::Assert) {
                    if (!look_holds(in.look, subject, at)) break;
                    ++pc;
                } else {
                    list.pcs.push_back(pc);
                    list.slots.insert(list.slots.end(), work.begin(), work.end());
                    break;
                }
            }
        }
    };

    std::size_t at = 0;
    ++stamp;
    for (;;) {
        if (!matched) {
            std::fill(work.begin(), work.end(), npos);
            add(clist, 0, at);
        }
        bool have = at < subject.size();
        if (clist.pcs.empty() && (matched || !have)) break;
        std::size_t len = 0;
        std::uint32_t c = 0;
        if (have) c = decode_at(subject, at, len);
        ++stamp;
        for (std::size_t t = 0; t < clist.pcs.size(); ++t) {
            const Inst& in = insts_[clist.pcs[t]];
            const std::size_t* ts = clist.slots.data() + t * ns;
            if (in.op == Op::Match) {
                matched = true;
                slots.assign(ts, ts + ns);
                break;  // lower-priority threads lose (leftmost-first)
            }
            if (have && sets_[in.x].contains(c)) {
                std::copy(ts, ts + ns, work.begin());
                add(nlist, clist.pcs[t] + 1, at + len);
            }
        }
        std::swap(clist, nlist);
        nlist.pcs.clear();
        nlist.slots.clear();
        if (!have) break;
        at += len;
    }
    return matched;
}

}  // namespace httpctl::expr::re
