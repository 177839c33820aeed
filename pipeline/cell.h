/*
 * cell.h - one table cell: folding, the number grammar and the states of
 * SCHEMA 7.1-7.4, and the label keys of SCHEMA 11.1.
 */
#ifndef NB_CELL_H
#define NB_CELL_H

#include <stddef.h>
#include <stdint.h>

/* Cell flags (SCHEMA 7.5), a bit set. */
enum {
    NB_FL_CJK_ZERO = 1 << 0,
    NB_FL_UNIT_CONVERTED = 1 << 1,
    NB_FL_UNIT_UNKNOWN = 1 << 2,
    NB_FL_PRECISION = 1 << 3,
    NB_FL_REPAIRED_SPLIT = 1 << 4,
    NB_FL_LABEL_VARIANT = 1 << 5,
    NB_FL_HEADER_INFERRED = 1 << 6,
    NB_FL_H0 = 1 << 7,
    NB_FL_DERIVED = 1 << 8, /* t3.other.<col> computed in a 2021 table */
};

/* Write the names of the flags in fl ("h0", "repaired_split", ...) as
 * pointers into names[], at most max; returns how many. */
int nb_flag_names(unsigned fl, const char **names, int max);

/* Units a cell or a header can state. */
enum nb_unit { NB_UNIT_NONE, NB_UNIT_WAN, NB_UNIT_YUAN };

/*
 * A value is fixed point in millionths: a count of 5 is 5000000, an
 * amount of 25.1 万元 is 25100000 (one millionth of 万元 is one 分).
 */
#define NB_MICRO 1000000LL

typedef struct nb_cell {
    int state;     /* enum nb_state */
    int64_t micro; /* the value, when state is num */
    unsigned flags;
    int unit; /* enum nb_unit, as written in the cell */
} nb_cell;

/*
 * Classify the text of one cell s[0..n) for a metric of kind (enum
 * nb_kind) after the folding of SCHEMA 7.2.  An amount in 元 is converted
 * to 万元 here (flag unit_converted); an amount with no unit keeps
 * unit NB_UNIT_NONE for the caller to resolve from the header.  Never
 * fails: anything unreadable is state text or ambiguous.
 */
void nb_cell_parse(const char *s, size_t n, int kind, nb_cell *out);

/* Non-zero when s[0..n) is a value token of SCHEMA 12.3: 1 for a number
 * of any kind (units allowed) or a placeholder, 2 for digits that do not
 * read as one number ("1 0", "1 234", or too many digits); 0 for text. */
int nb_is_value_token(const char *s, size_t n);

/* Print micro as a decimal without trailing zeros ("25.1", "-3", "0")
 * into buf (at least 32 bytes).  Returns buf. */
char *nb_micro_format(int64_t micro, char *buf);
/* The same, returning the length written (not counting the NUL). */
size_t nb_micro_format_n(int64_t micro, char *buf);

/*
 * The label key of SCHEMA 11.1 for s[0..n): NFKC; white space, quotes and
 * brackets removed; Traditional characters of the form labels mapped to
 * Simplified; leading markdown markers and a trailing colon stripped.
 * Written NUL-terminated into out (cap bytes; truncated at a character
 * boundary).  Returns the key's length.
 */
/* The Simplified form of a Traditional ideograph of the reports' labels
 * and agency names (機關 → 机关), or c itself.  Both forms are 3 bytes of
 * UTF-8, so a folded copy of a text keeps its byte offsets. */
int32_t nb_to_simplified(int32_t c);

size_t nb_label_key(const char *s, size_t n, char *out, size_t cap);

/*
 * What nb_label_key makes of the character c in a text it keys character
 * by character (the common case: NFKC would not change the text, which is
 * made of ASCII other than controls, CJK Unified Ideographs and the
 * punctuation labels use): 0 when dropped, else the key's character.  -1
 * for any other character: a text holding one is keyed through NFKC, where
 * it may turn into anything.
 */
int32_t nb_label_key_char(int32_t c);

/*
 * The characters of a text whose label key can hold the ideograph c
 * (U+4E00..U+9FFF): c, the Traditional forms keyed to it, and the
 * compatibility characters that NFKC turns into one of those (⼀ 一, 豈).
 * Into out[0..max); returns their number, or -1 when c is not such an
 * ideograph, they are more than max, or memory ran out.  Besides these,
 * only a text that is not UTF-8 can key to c: it is keyed as its bytes
 * less blanks, so c's bytes may lie on both sides of a space.  The recognizer
 * reads this to skip keying prose whose key cannot hold what it looks for.
 */
int nb_label_key_sources(int32_t c, int32_t *out, int max);

/* No code point above this one has a decomposition (Unicode puts the last,
 * the CJK compatibility supplement, at U+2F800..U+2FA1D; test_cell checks
 * it of the utf8proc in use). */
#define NB_LAST_DECOMPOSED 0x2FFFF

#endif
