/*
 * schema_rows.h - how the rows, columns and headers of SCHEMA 3-5 are
 * recognised: match keys and variants (SCHEMA 4.1, 11.2, 12.2), kept here
 * beside the id table so that no stage spells a label again.
 *
 * NB_T3ROW(path, formats, key, variant): a t3 value row in table order;
 *   key and variant are label keys (SCHEMA 11.1) found in the row label.
 * NB_T2ROW(subtable, row, key, variant): a t2 row label (the key must end
 *   the label; the variant is another accepted ending).
 * NB_T2HEAD(subtable, format, columns, keys...): a t2 column header.
 */
#ifdef NB_T3ROW
NB_T3ROW("new", NB_FMT_BOTH, "本年新收", NULL)
NB_T3ROW("carried_in", NB_FMT_BOTH, "上年结转", NULL)
NB_T3ROW("open", NB_FMT_BOTH, "予以公开", NULL)
NB_T3ROW("partial", NB_FMT_BOTH, "部分公开", NULL)
NB_T3ROW("deny.secret", NB_FMT_BOTH, "国家秘密", NULL)
NB_T3ROW("deny.law", NB_FMT_BOTH, "禁止公开", NULL)
NB_T3ROW("deny.safety", NB_FMT_BOTH, "三安全一稳定", NULL)
NB_T3ROW("deny.third_party", NB_FMT_BOTH, "第三方", NULL)
NB_T3ROW("deny.internal", NB_FMT_BOTH, "内部事务", "内容事务")
NB_T3ROW("deny.process", NB_FMT_BOTH, "过程性", NULL)
NB_T3ROW("deny.enforcement", NB_FMT_BOTH, "执法案卷", NULL)
NB_T3ROW("deny.query", NB_FMT_BOTH, "查询事项", NULL)
NB_T3ROW("unable.not_held", NB_FMT_BOTH, "不掌握", NULL)
NB_T3ROW("unable.need_create", NB_FMT_BOTH, "另行制作", NULL)
NB_T3ROW("unable.unclear", NB_FMT_BOTH, "仍不明确", NULL)
NB_T3ROW("decline.petition", NB_FMT_BOTH, "信访", NULL)
NB_T3ROW("decline.repeat", NB_FMT_BOTH, "重复申请", NULL)
NB_T3ROW("decline.publication", NB_FMT_BOTH, "出版物", NULL)
NB_T3ROW("decline.mass", NB_FMT_BOTH, "大量反复", NULL)
NB_T3ROW("decline.confirm", NB_FMT_BOTH, "重新出具", NULL)
NB_T3ROW("other.no_correction", NB_FMT_2021, "逾期不补正", NULL)
NB_T3ROW("other.unpaid_fee", NB_FMT_2021, "缴纳费用", NULL)
NB_T3ROW("other.misc", NB_FMT_2021, "其他", NULL)
NB_T3ROW("other", NB_FMT_2019, "其他处理", NULL)
NB_T3ROW("result_total", NB_FMT_BOTH, "总计", NULL)
NB_T3ROW("carried_out", NB_FMT_BOTH, "结转下年度", "结转下一年度")
#endif

#ifdef NB_T2ROW
NB_T2ROW("art20_1", "rules", "规章", NULL)
NB_T2ROW("art20_1", "normative", "规范性文件", NULL)
NB_T2ROW("art20_5", "license", "行政许可", NULL)
NB_T2ROW("art20_5", "other_service", "其他对外管理服务事项", NULL)
NB_T2ROW("art20_6", "penalty", "行政处罚", NULL)
NB_T2ROW("art20_6", "coercion", "行政强制", NULL)
NB_T2ROW("art20_8", "fee", "行政事业性收费", NULL)
NB_T2ROW("art20_9", "procurement", "政府集中采购", NULL)
#endif

#ifdef NB_T2HEAD
/* subtable, format, column ids in order, then header keys (all must be
 * present, in the header text since the caption) */
NB_T2HEAD("art20_1", NB_FMT_2021, "issued repealed valid", "本年制发", "现行有效")
NB_T2HEAD("art20_1", NB_FMT_2019, "made published public_total", "本年新制作", "对外公开总数")
NB_T2HEAD("art20_5", NB_FMT_2019, "prev_items delta_items decisions", "上一年项目数量",
          "处理决定数量")
NB_T2HEAD("art20_6", NB_FMT_2019, "prev_items delta_items decisions", "上一年项目数量",
          "处理决定数量")
NB_T2HEAD("art20_5", NB_FMT_2021, "decisions", "本年处理决定数量", NULL)
NB_T2HEAD("art20_6", NB_FMT_2021, "decisions", "本年处理决定数量", NULL)
NB_T2HEAD("art20_8", NB_FMT_2021, "amount", "本年收费金额", NULL)
NB_T2HEAD("art20_8", NB_FMT_2019, "prev_items delta_items", "上一年项目数量", NULL)
NB_T2HEAD("art20_9", NB_FMT_2019, "projects amount", "采购项目数量", NULL)
#endif
