/*
 * tabulate-test.h - what the unit tests of tabulate share: a document D,
 * lookups of its cells, small documents to run, and the rule verdicts.
 */
#ifndef NB_TABULATE_TEST_H
#define NB_TABULATE_TEST_H

#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "check.h"
#include "doc.h"
#include "identity.h"
#include "recognize.h"
#include "rules.h"
#include "schema.h"
#include "split.h"

#include <stdlib.h>

static tb_doc D;

/* ---- helpers ---- */

/* The label key of s, in one of four rotating buffers (so that two keys
 * can be compared in one expression). */
static inline const char *
key(const char *s)
{
    static char out[4][512];
    static int k;
    k = (k + 1) % 4;
    nb_label_key(s, strlen(s), out[k], sizeof out[k]);
    return out[k];
}

static inline int
ix(const char *id)
{
    int i = nb_metric_find(id, strlen(id));
    if (i < 0) {
        fprintf(stderr, "test_tabulate: no metric '%s'\n", id);
        exit(2);
    }
    return i;
}

/* The state of a cell, NB_ST_MISSING when it is not in the document. */
static inline int
st(const char *id)
{
    int s = D.cells[ix(id)].state;
    return s < 0 ? NB_ST_MISSING : s;
}

/* The value of a num cell in whole units, or -999 when it is not num. */
static inline long long
val(const char *id)
{
    const tb_cell *c = &D.cells[ix(id)];
    return c->state == NB_ST_NUM ? (long long)(c->micro / NB_MICRO) : -999;
}

static inline unsigned
flags(const char *id)
{
    return D.cells[ix(id)].flags;
}

/* body[0..n) recognized by the whole document's tokens into *full (after
 * tb_doc_reset), and from the scan of its marker lines into *fast
 * (tb_recognize_lines): whether they agree. */
static inline int
both_ways(tb_doc *full, tb_doc *fast, const char *body, size_t n)
{
    tb_doc_reset(full);
    tb_doc_reset(fast);
    if (nb_buf_add(&full->body, body, n) < 0 || tb_tokenize(full) < 0 ||
        nb_buf_add(&fast->body, body, n) < 0 || tb_lines(fast) < 0) {
        fprintf(stderr, "test_tabulate: out of memory\n");
        exit(2);
    }
    if (tb_recognize(full) < 0 || tb_recognize_lines(fast) < 0) {
        fprintf(stderr, "test_tabulate: out of memory\n");
        exit(2);
    }
    return tb_same_tables(full, fast);
}

/* Tokenize, recognize and derive body (lines ending in '\n'); and check
 * that the way tabulate reads it (tb_recognize_lines) gives the same. */
static inline void
run(const char *body)
{
    static tb_doc fast;

    CHECK(both_ways(&D, &fast, body, strlen(body)));
    tb_derive(&D);
}

static const char *const cols[7] = {"natural", "commercial", "research", "nonprofit",
                                    "legal",   "other_org",  "total"};

/* The seven states (or values) of a t3 row as a compact string for
 * comparison: "1 0 0 0 0 0 1", with b s d n t a m for the non-num states. */
static inline const char *
row(const char *path)
{
    static char out[128];
    size_t n = 0;

    for (int c = 0; c < 7; c++) {
        char id[96];
        int s;
        snprintf(id, sizeof id, "t3.%s.%s", path, cols[c]);
        s = st(id);
        if (s == NB_ST_NUM)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%lld", c ? " " : "", val(id));
        else
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%c", c ? " " : "", "-bsdntam"[s]);
    }
    return out;
}

/* ---- a t3 table to vary: seed 004's layout (2021, tab-separated) ---- */

enum {
    R_NEW,
    R_CARRIED_IN,
    R_OPEN,
    R_PARTIAL,
    R_DENY0,
    R_UNABLE0 = R_DENY0 + 8,
    R_DECLINE0 = R_UNABLE0 + 3,
    R_OTHER0 = R_DECLINE0 + 5,
    R_TOTAL = R_OTHER0 + 3,
    R_CARRIED_OUT,
    NR21
};

static const char *const label21[NR21] = {
    "一、本年新收政府信息公开申请数量\t",
    "二、上年结转政府信息公开申请数量\t",
    "三、本年度办理结果\t（一）予以公开\t",
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t",
    "\t（三）不予公开\t1.属于国家秘密\t",
    "\t\t2.其他法律行政法规禁止公开\t",
    "\t\t3.危及“三安全一稳定”\t",
    "\t\t4.保护第三方合法权益\t",
    "\t\t5.属于三类内部事务信息\t",
    "\t\t6.属于四类过程性信息\t",
    "\t\t7.属于行政执法案卷\t",
    "\t\t8.属于行政查询事项\t",
    "\t（四）无法提供\t1.本机关不掌握相关政府信息\t",
    "\t\t2.没有现成信息需要另行制作\t",
    "\t\t3.补正后申请内容仍不明确\t",
    "\t（五）不予处理\t1.信访举报投诉类申请\t",
    "\t\t2.重复申请\t",
    "\t\t3.要求提供公开出版物\t",
    "\t\t4.无正当理由大量反复申请\t",
    "\t\t5.要求行政机关确认或重新出具已获取信息\t",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t",
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t",
    "\t\t3.其他\t",
    "\t（七）总计\t",
    "四、结转下年度继续办理\t",
};

#define TITLE "某某县民政局\n2023年政府信息公开工作年度报告\n\n"
#define T3HEAD                                                                                                                      \
    "三、收到和处理政府信息公开申请情况\n"                                                                         \
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t" \
    "\t\t\t总计\n"                                                                                                                \
    "\t自然人\t法人或其他组织\t\t\t\t\t\n"                                                                                \
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
#define ZEROS   "0\t0\t0\t0\t0\t0\t0"
#define T4ZEROS "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
#define T4HEAD                                                                                                            \
    "四、政府信息公开行政复议、行政诉讼情况\n"                                                         \
    "行政复议\t\t\t\t\t行政诉讼\n"                                                                                \
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n" \
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果"  \
    "\t尚未审结\t总计\n"
#define SEC5 "五、存在的主要问题及改进情况\n\n今后将继续做好工作。\n"

static char body[1 << 16];

/*
 * A 2021 t3 with rows whose value text (after the label) is vals[r], or
 * ZEROS when NULL; lines[r], when not NULL, replaces the whole line.
 * Followed by a t4 of zeros and section 五.
 */
static inline void
t3doc(const char *const *vals, const char *const *lines)
{
    size_t n = (size_t)snprintf(body, sizeof body, "%s%s", TITLE, T3HEAD);

    for (int r = 0; r < NR21; r++) {
        if (lines && lines[r])
            n += (size_t)snprintf(body + n, sizeof body - n, "%s\n", lines[r]);
        else
            n += (size_t)snprintf(body + n, sizeof body - n, "%s%s\n", label21[r],
                                  vals && vals[r] ? vals[r] : ZEROS);
    }
    snprintf(body + n, sizeof body - n, "\n%s%s\n%s", T4HEAD, T4ZEROS, SEC5);
    run(body);
}

/* ---- rule verdicts (SCHEMA 8.1) and derived cells (7.6) ---- */

static tb_check checks[1024];
static int nchecks;

static inline void
setc(const char *id, int state, long long v)
{
    tb_cell *c = &D.cells[ix(id)];
    c->state = (signed char)state;
    c->micro = v * NB_MICRO;
    c->flags = 0;
    c->line = 1;
    c->field = 1;
}

/* A t3 of format fmt (its 其他处理 rows: 2019 one, 2021 three,
 * undetermined none) and a t4, every cell num 0: the reported cells of
 * the schema that a table of fmt has. */
static inline void
zero_doc(int fmt)
{
    tb_doc_reset(&D);
    D.status[0] = NB_TS_ABSENT;
    D.status[1] = NB_TS_PRESENT;
    D.status[2] = NB_TS_PRESENT;
    D.format[1] = (unsigned char)fmt;
    D.format[2] = NB_FMT_BOTH;
    for (size_t i = 0; i < nb_nmetrics; i++) {
        const nb_metric *m = &nb_metrics[i];
        int in_t3 =
            !strncmp(m->id, "t3.", 3) && ((m->origin == NB_ORIGIN_REPORTED &&
                                           (m->formats == NB_FMT_BOTH || m->formats == fmt)) ||
                                          (m->origin == NB_ORIGIN_MIXED && fmt == NB_FMT_2019));

        if (in_t3 || !strncmp(m->id, "t4.", 3))
            setc(m->id, NB_ST_NUM, 0);
    }
}

static inline void
rules(void)
{
    tb_derive(&D);
    nchecks = tb_check_rules(&D, checks, 1024);
}

/* The verdict of rule name, or -1 when it was not emitted. */
static inline int
verdict(const char *name)
{
    for (int i = 0; i < nchecks; i++)
        if (!strcmp(checks[i].rule, name))
            return checks[i].verdict;
    return -1;
}

static inline const tb_check *
find_check(const char *name)
{
    for (int i = 0; i < nchecks; i++)
        if (!strcmp(checks[i].rule, name))
            return &checks[i];
    return NULL;
}

/* Resolve the schema tables; 1 on a build defect. */
static inline int
tabulate_init(void)
{
    if (tb_recognize_init() < 0 || tb_rules_init() < 0) {
        fprintf(stderr, "test_tabulate: the schema tables disagree\n");
        return 1;
    }
    return 0;
}

#endif
