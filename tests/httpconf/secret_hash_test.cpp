// Secret formats of spec http.md §9. Every hash below was produced by an independent tool:
// `openssl passwd`, the `argon2` reference CLI, Python's hashlib/base64 (digests, PBKDF2,
// scrypt, formatted as PHC strings) and crypt(3) (bcrypt, SHA-1 crypt, BSDi and DES crypt); the
// bcrypt `U*U` vector is the published one from the OpenBSD/Openwall test suites.
#include <string>

#include <catch2/catch.hpp>

#include "httpconf/secret_hash.hpp"

using namespace httpctl::conf;
using httpctl::expr::Dialect;

namespace {

constexpr std::string_view kPassword = "correct horse";

struct Vector {
    std::string_view stored;
    std::string_view format;
};

// All of these store kPassword.
constexpr Vector kVectors[] = {
    {"$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$H5rnCvoHJK5J3ADJ9mc9NL74Ow2lIMZ5zI+CyR256y0",
     "argon2id"},
    {"$argon2i$v=19$m=512,t=3,p=2$c2FsdHNhbHRzYWx0$mal20A+YxTQEqfHYW1Fs/Cl6AI7K33xuBtmznEPdG1w",
     "argon2i"},
    {"$argon2d$v=16$m=256,t=1,p=1$c2FsdHNhbHRzYWx0$Po7I2Ogaj3Kh+uAbSCxsGHT5xjlhCUDDYOzy2nn2joQ",
     "argon2d"},
    {"$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg", "argon2id"},
    {"$pbkdf2-sha256$i=1000,l=32$c2FsdHlzYWx0eXNhbHQhIQ$"
     "i1kMUoceYfLYPD4WFUJ5V4MPqDibUNI4QrMrZV9hcBE",
     "PBKDF2-SHA256"},
    {"$pbkdf2-sha256$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$i1kMUoceYfLYPD4WFUJ5V4MPqDibUNI4QrMrZV9hcBE",
     "PBKDF2-SHA256"},
    {"$pbkdf2-sha512$i=1000,l=64$c2FsdHlzYWx0eXNhbHQhIQ$GybkEqpKYuV0oCToJgqqhM+"
     "BG7vxBunrCvNm9yKxus5z/"
     "D/HXavqyGe4tD0cbtjvoFuYD1iE0bxGZV9HqW5ljQ",
     "PBKDF2-SHA512"},
    {"$pbkdf2-sha512$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$GybkEqpKYuV0oCToJgqqhM+BG7vxBunrCvNm9yKxus4",
     "PBKDF2-SHA512"},
    {"$scrypt$ln=10,r=8,p=1$c2FsdHlzYWx0eXNhbHQhIQ$2xKriVCRjm0g0hqDIO42XTlffggL1I6TcufzFQ1E6Cc",
     "scrypt"},
    {"$scrypt$ln=4,r=2,p=3$c2FsdHlzYWx0eXNhbHQhIQ$lqhsJu0XQrPOr6wJG9f/C6yjXYdHEIcP", "scrypt"},
    {"$2b$04$abcdefghijklmnopqrstuujydOTSfIH/d5oUHpsygqV5X9xJLQc6e", "bcrypt"},
    {"$2a$04$abcdefghijklmnopqrstuujydOTSfIH/d5oUHpsygqV5X9xJLQc6e", "bcrypt"},
    {"$2y$04$abcdefghijklmnopqrstuujydOTSfIH/d5oUHpsygqV5X9xJLQc6e", "bcrypt"},
    {"$6$saltsaltsalt$Cy2drr8kDRji6smvDcT28wkqtq0R0VzVL5CkrjPQCITc5d/"
     "31j94knt9rGTcVSyjLXfjsiIsBh5ee8qR/3QDx1",
     "SHA-512 crypt"},
    {"$6$rounds=1000$abcdefgh$"
     "DbXqPck5ABZumVXwcH5eMVHsPZwvQ3jylSxpJmKkZVxcoCiC3N0rPerjHmAqL7r6PK6CIeY"
     "nO9.vxpbsevscg/",
     "SHA-512 crypt"},
    {"$5$saltsalt$myjXcpMpE2Ofk7fj9hqyNYSn6lmWG4Mqnjx.KIRRr4/", "SHA-256 crypt"},
    {"$sha1$4000$saltsalt$U/lZmtOKDRryz1eggpjvkR04LGuJ", "SHA-1 crypt"},
    {"$1$saltsalt$NuzA7WTAelpl95xgBGWN60", "MD5 crypt"},
    {"_J9..saltGomPeRUt8OA", "BSDi DES crypt"},
    {"{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=", "{SHA}"},
    {"{SSHA}Ki+Q9Ri8Nn2QN1jUbcaqfsgK/pJOYUNs", "{SSHA}"},
    {"{SHA256}QQTTb42iwlQ0n4WDZ5Pr4CngyVcGOjTJHC6SAxh7VjE=", "{SHA256}"},
    {"{SSHA256}DYd8s6fSUwKVJtS4UlkBx5qA6upp4On0Ju40YHhrMnNwZXBwZXIxMg==", "{SSHA256}"},
    {"{SHA512}VraY3v7bWkNbY0r+MyC7rz/"
     "c2SC2xQOkRvx7endrKY1HnRumqLYXgI6wv1ec6aldZoNHvKtxSQhayTyyeZUZew==",
     "{SHA512}"},
    {"{SSHA512}22tE7tEBvrsyFGRUA7bV498EbF5YLSua11z99J9qJ+"
     "Y2buHvfwFmKZtfrVzcr7y2Tf4TYpjVj5tJuR/fWuAF7XBlcHBlcjEy",
     "{SSHA512}"},
    {"{MD5}PLTnMmMfR+brlh80VUt83g==", "{MD5}"},
    {"{ARGON2ID}$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg", "argon2id"},
    {"{ARGON2I}$argon2i$v=19$m=512,t=3,p=2$c2FsdHNhbHRzYWx0$mal20A+YxTQEqfHYW1Fs/"
     "Cl6AI7K33xuBtmznEPdG1w",
     "argon2i"},
    {"{ARGON2}$argon2d$v=16$m=256,t=1,p=1$c2FsdHNhbHRzYWx0$Po7I2Ogaj3Kh+"
     "uAbSCxsGHT5xjlhCUDDYOzy2nn2joQ",
     "argon2d"},
    {"{PBKDF2}$pbkdf2-sha256$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$"
     "i1kMUoceYfLYPD4WFUJ5V4MPqDibUNI4QrMrZV9hcBE",
     "PBKDF2-SHA256"},
    {"{CRYPT}$1$saltsalt$NuzA7WTAelpl95xgBGWN60", "MD5 crypt"},
    {"{crypt}$2b$04$abcdefghijklmnopqrstuujydOTSfIH/d5oUHpsygqV5X9xJLQc6e", "bcrypt"},
    {"{CRYPT}abhfCpXqd4GrI", "DES crypt"},
    {"{PLAIN}correct horse", "clear text"},
    {"{plain}correct horse", "clear text"},
    {"{CLEAR}correct horse", "clear text"},
    {"{clear}correct horse", "clear text"},
    {"correct horse", "clear text"},
};

bool matches(std::string_view stored, std::string_view password, Dialect dialect = Dialect::Head) {
    return verify_secret(stored, password, dialect).matches;
}

}  // namespace

TEST_CASE("every format accepts the right password and rejects others", "[secret]") {
    for (const Vector& vector : kVectors) {
        INFO(vector.stored);
        const SecretVerification right = verify_secret(vector.stored, kPassword, Dialect::Head);
        CHECK(right.matches);
        CHECK(right.problem.empty());
        CHECK_FALSE(matches(vector.stored, "correcT horse"));
        CHECK_FALSE(matches(vector.stored, "Correct horse"));
        CHECK_FALSE(matches(vector.stored, ""));
        CHECK(matches(vector.stored, kPassword, Dialect::V08));
        CHECK(describe_secret_format(vector.stored) == vector.format);
    }
}

TEST_CASE("published bcrypt vector", "[secret]") {
    CHECK(matches("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"));
    CHECK_FALSE(matches("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U*"));
}

TEST_CASE("traditional DES crypt uses only the first 8 characters", "[secret]") {
    CHECK(matches("{CRYPT}abpWIu4f4hFp2", "correct"));
    CHECK(matches("{CRYPT}abhfCpXqd4GrI", "correct horse battery"));
    // A bare DES hash has no prefix, so it is clear text (spec http.md §9).
    CHECK_FALSE(matches("abhfCpXqd4GrI", kPassword));
    CHECK(matches("abhfCpXqd4GrI", "abhfCpXqd4GrI"));
    CHECK_FALSE(matches("{CRYPT}_J9..saltGomPeRUt8OA", kPassword));
}

TEST_CASE("PHC quirks of Stalwart's verifier", "[secret]") {
    // PBKDF2 without l= computes 32 bytes, so a 64-byte SHA-512 hash never matches.
    CHECK_FALSE(
        matches("$pbkdf2-sha512$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$GybkEqpKYuV0oCToJgqqhM+BG7vx"
                "BunrCvNm9yKxus5z/D/HXavqyGe4tD0cbtjvoFuYD1iE0bxGZV9HqW5ljQ",
                kPassword));
    // l= must agree with the stored hash.
    const SecretVerification wrong_length = verify_secret(
        "$pbkdf2-sha256$i=1000,l=16$c2FsdHlzYWx0eXNhbHQhIQ$"
        "i1kMUoceYfLYPD4WFUJ5V4MPqDibUNI4QrMrZV9hcBE",
        kPassword, Dialect::Head);
    CHECK_FALSE(wrong_length.matches);
    CHECK_FALSE(wrong_length.problem.empty());
    // Plain `pbkdf2` (SHA-1) is not among Stalwart's verifiers.
    const SecretVerification sha1 = verify_secret(
        "$pbkdf2$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$3PbbMc8IvS71NfHa2gz+MW0utVpTgQrqjn0zcyX5Wtg",
        kPassword, Dialect::Head);
    CHECK_FALSE(sha1.matches);
    CHECK(sha1.problem == "unsupported PHC algorithm \"pbkdf2\"");
    CHECK(describe_secret_format("$pbkdf2$i=1000$c2FsdHlzYWx0eXNhbHQhIQ$x") == "unsupported");
    // Salt and hash are B64 without padding; a padded hash is malformed.
    CHECK_FALSE(matches("$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg==",
                        kPassword));
    // An unknown argon2 parameter, a bad version, a missing hash: problems, never matches.
    for (const char* bad : {
             "$argon2id$v=19$m=1024,t=2,p=1,x=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$argon2id$v=18$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0",
             "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg$extra",
             "$argon2id$v=19$m=1024,m=1024$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$argon2x$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$argon2",
             "$scrypt$ln=10,r=8,p=1,len=32$c2FsdHlzYWx0eXNhbHQhIQ$"
             "2xKriVCRjm0g0hqDIO42XTlffggL1I6TcufzFQ1E6Cc",
             "$scrypt$v=1$c2FsdHlzYWx0eXNhbHQhIQ$2xKriVCRjm0g0hqDIO42XTlffggL1I6TcufzFQ1E6Cc",
         }) {
        INFO(bad);
        const SecretVerification verification = verify_secret(bad, kPassword, Dialect::Head);
        CHECK_FALSE(verification.matches);
        CHECK_FALSE(verification.problem.empty());
    }
}

TEST_CASE("parameters beyond the safety limits are refused, not computed", "[secret]") {
    for (const char* expensive : {
             "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$argon2id$v=19$m=1024,t=100000,p=1$c2FsdHNhbHRzYWx0$ttfgfEMSb3umX/GDJMoXRg",
             "$pbkdf2-sha256$i=4000000000$c2FsdHlzYWx0eXNhbHQhIQ$"
             "i1kMUoceYfLYPD4WFUJ5V4MPqDibUNI4QrMrZV9hcBE",
             "$scrypt$ln=30,r=8,p=1$c2FsdHlzYWx0eXNhbHQhIQ$"
             "2xKriVCRjm0g0hqDIO42XTlffggL1I6TcufzFQ1E6Cc",
             "$scrypt$ln=4,r=8,p=4000000000$c2FsdHlzYWx0eXNhbHQhIQ$"
             "2xKriVCRjm0g0hqDIO42XTlffggL1I6TcufzFQ1E6Cc",
         }) {
        INFO(expensive);
        const SecretVerification verification = verify_secret(expensive, kPassword, Dialect::Head);
        CHECK_FALSE(verification.matches);
        CHECK_FALSE(verification.problem.empty());
    }
}

TEST_CASE("formats that never match (spec http.md §9)", "[secret]") {
    for (const char* stored :
         {"$y$j9T$abcdefghijklmnop$7asOTx5b6Exfl3myM6K0pLBn.I2hsEvu7G0F7NMfaO.",
          "$7$CU..../....abcdefgh$sWsarqbldvBJgryJJYHjYzc1J1T48nJOIdZfeQFpq2A",
          "$2x$04$abcdefghijklmnopqrstuujydOTSfIH/d5oUHpsygqV5X9xJLQc6e", "$correct horse",
          "{SHA1}L55TUjtiq8FBorTWAZ0jy6g129A=", "{sha}L55TUjtiq8FBorTWAZ0jy6g129A=", "{SHA",
          "{correct horse"}) {
        INFO(stored);
        const SecretVerification verification = verify_secret(stored, stored, Dialect::Head);
        CHECK_FALSE(verification.matches);
        CHECK_FALSE(verification.problem.empty());
        CHECK_FALSE(matches(stored, kPassword, Dialect::V08));
        CHECK(describe_secret_format(stored) == "unsupported");
    }
}

TEST_CASE("digest formats compare the encoded text or decoded bytes", "[secret]") {
    // {SHA} compares base64 text: the same digest without padding does not match.
    CHECK_FALSE(matches("{SHA}L55TUjtiq8FBorTWAZ0jy6g129A", kPassword));
    // {SSHA} decodes leniently: white space is skipped.
    CHECK(matches("{SSHA}Ki+Q9Ri8Nn2Q N1jUbcaqfsgK/pJOYUNs", kPassword));
    // Undecodable or shorter than one digest: no match, no crash.
    CHECK_FALSE(matches("{SSHA}!!!!", kPassword));
    CHECK_FALSE(matches("{SSHA}", kPassword));
    CHECK_FALSE(matches("{SSHA512}c2FsdA==", kPassword));
    // A salted hash with an empty salt is the plain digest.
    CHECK(matches("{SSHA}L55TUjtiq8FBorTWAZ0jy6g129A=", kPassword));
}

TEST_CASE("clear text is compared exactly; the empty secret depends on the release", "[secret]") {
    CHECK(matches("p@ss word ", "p@ss word "));
    CHECK_FALSE(matches("p@ss word ", "p@ss word"));
    CHECK_FALSE(matches("secret", std::string_view("secret\0", 7)));
    CHECK(matches("{PLAIN}", ""));
    CHECK(matches("{PLAIN}{SHA}x", "{SHA}x"));
    CHECK(verify_secret("", "", Dialect::V08).matches);
    CHECK_FALSE(verify_secret("", "x", Dialect::V08).matches);
    CHECK_FALSE(verify_secret("", "", Dialect::Head).matches);
    CHECK(describe_secret_format("") == "empty");
    CHECK(is_clear_text_secret("hunter2"));
    CHECK(is_clear_text_secret("{CLEAR}hunter2"));
    CHECK_FALSE(is_clear_text_secret("{SHA}L55TUjtiq8FBorTWAZ0jy6g129A="));
    CHECK_FALSE(is_clear_text_secret(""));
}

TEST_CASE("crypt formats never match a password with a NUL byte", "[secret]") {
    const std::string with_nul("correct horse\0tail", 18);
    CHECK_FALSE(matches("$1$saltsalt$NuzA7WTAelpl95xgBGWN60", with_nul));
    CHECK_FALSE(matches("$6$saltsalt\0$x", kPassword));
    CHECK_FALSE(matches("$6$", kPassword));
    CHECK_FALSE(matches("_J9..", kPassword));
}
