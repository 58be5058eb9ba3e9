-- =====================================================================
-- 脚本名称: dws_订单_日汇总
-- 功能描述: 按天、门店、渠道汇总订单、支付与退款指标，供经营看板使用
-- 源表:     dwd.dwd_trade_order_detail_di     订单明细（日增量）
--           dwd.dwd_trade_payment_detail_di   支付明细（日增量）
--           dwd.dwd_trade_refund_detail_di    退款明细（日增量）
--           dim.dim_store_df                  门店维表（全量快照）
--           dim.dim_channel_df                渠道维表（全量快照）
-- 目标表:   dws.dws_trade_order_summary_1d
-- 调度周期: 每天 02:30，依赖 dwd 层当天分区
-- 参数:     ${bizdate}  业务日期，yyyyMMdd
-- 修改记录:
--   2026-09-02  陈杰    新建
--   2026-10-15  陈杰    增加渠道维度，拆分线上线下
--   2026-11-18  陈杰    退款口径改为按退款成功时间；增加客单价与退款率
-- =====================================================================

SET hive.exec.dynamic.partition = true;
SET hive.exec.dynamic.partition.mode = nonstrict;
SET hive.exec.parallel = true;
SET hive.exec.parallel.thread.number = 8;
SET hive.auto.convert.join = true;
SET hive.mapjoin.smalltable.filesize = 50000000;
SET hive.merge.mapfiles = true;
SET hive.merge.mapredfiles = true;
SET hive.merge.size.per.task = 256000000;
SET hive.merge.smallfiles.avgsize = 128000000;
SET mapreduce.job.reduces = 64;
SET hive.groupby.skewindata = true;

-- ---------------------------------------------------------------------
-- 1. 当天有效订单：去掉测试门店、内部员工单和已作废订单
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_orders_${bizdate};
CREATE TABLE tmp.tmp_dws_order_1d_orders_${bizdate}
STORED AS ORC
AS
SELECT
    o.order_id,
    o.order_no,
    o.store_id,
    o.channel_code,
    o.member_id,
    o.order_type,
    o.order_status,
    o.order_time,
    o.goods_amount,
    o.discount_amount,
    o.coupon_amount,
    o.freight_amount,
    o.goods_amount - o.discount_amount - o.coupon_amount + o.freight_amount AS payable_amount,
    o.goods_qty,
    CASE
        WHEN o.channel_code IN ('APP', 'MINI_PROGRAM', 'H5', 'PC') THEN 'ONLINE'
        WHEN o.channel_code IN ('POS', 'SELF_CHECKOUT')           THEN 'OFFLINE'
        ELSE 'OTHER'
    END AS channel_group,
    CASE WHEN o.first_order_flag = 1 THEN 1 ELSE 0 END AS is_first_order
FROM dwd.dwd_trade_order_detail_di o
WHERE o.dt = '${bizdate}'
  AND o.order_status NOT IN ('CANCELLED', 'INVALID', 'TEST')
  AND o.is_internal_order = 0
  AND o.store_id NOT IN (
        SELECT store_id
        FROM dim.dim_store_df
        WHERE dt = '${bizdate}'
          AND store_type = 'TEST'
      )
;

-- ---------------------------------------------------------------------
-- 2. 当天支付：一单多次支付时合计，支付失败的不算
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_payments_${bizdate};
CREATE TABLE tmp.tmp_dws_order_1d_payments_${bizdate}
STORED AS ORC
AS
SELECT
    p.order_id,
    COUNT(DISTINCT p.payment_id)                                   AS payment_cnt,
    SUM(p.payment_amount)                                          AS payment_amount,
    SUM(CASE WHEN p.pay_method = 'WECHAT'  THEN p.payment_amount ELSE 0 END) AS wechat_amount,
    SUM(CASE WHEN p.pay_method = 'ALIPAY'  THEN p.payment_amount ELSE 0 END) AS alipay_amount,
    SUM(CASE WHEN p.pay_method = 'UNIONPAY' THEN p.payment_amount ELSE 0 END) AS unionpay_amount,
    SUM(CASE WHEN p.pay_method = 'CASH'    THEN p.payment_amount ELSE 0 END) AS cash_amount,
    SUM(CASE WHEN p.pay_method NOT IN ('WECHAT', 'ALIPAY', 'UNIONPAY', 'CASH')
             THEN p.payment_amount ELSE 0 END)                     AS other_pay_amount,
    MIN(p.payment_time)                                            AS first_payment_time,
    MAX(p.payment_time)                                            AS last_payment_time
FROM dwd.dwd_trade_payment_detail_di p
WHERE p.dt = '${bizdate}'
  AND p.payment_status = 'SUCCESS'
GROUP BY p.order_id
;

-- ---------------------------------------------------------------------
-- 3. 当天退款：按退款成功时间归属到当天，不按下单时间
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_refunds_${bizdate};
CREATE TABLE tmp.tmp_dws_order_1d_refunds_${bizdate}
STORED AS ORC
AS
SELECT
    r.store_id,
    r.channel_code,
    COUNT(DISTINCT r.refund_id)                                    AS refund_cnt,
    COUNT(DISTINCT r.order_id)                                     AS refund_order_cnt,
    SUM(r.refund_amount)                                           AS refund_amount,
    SUM(CASE WHEN r.refund_type = 'FULL' THEN r.refund_amount ELSE 0 END)    AS full_refund_amount,
    SUM(CASE WHEN r.refund_type = 'PARTIAL' THEN r.refund_amount ELSE 0 END) AS partial_refund_amount
FROM dwd.dwd_trade_refund_detail_di r
WHERE r.dt = '${bizdate}'
  AND r.refund_status = 'SUCCESS'
  AND to_date(r.refund_success_time) = to_date(from_unixtime(unix_timestamp('${bizdate}', 'yyyyMMdd')))
GROUP BY r.store_id, r.channel_code
;

-- ---------------------------------------------------------------------
-- 4. 门店与渠道维度
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_dims_${bizdate};
CREATE TABLE tmp.tmp_dws_order_1d_dims_${bizdate}
STORED AS ORC
AS
SELECT
    s.store_id,
    s.store_name,
    s.city_code,
    s.city_name,
    s.region_code,
    s.region_name,
    s.store_format,
    s.open_date
FROM dim.dim_store_df s
WHERE s.dt = '${bizdate}'
  AND s.store_status IN ('OPEN', 'TRIAL')
;

-- ---------------------------------------------------------------------
-- 5. 订单与支付按门店、渠道汇总
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_agg_${bizdate};
CREATE TABLE tmp.tmp_dws_order_1d_agg_${bizdate}
STORED AS ORC
AS
SELECT
    o.store_id,
    o.channel_code,
    o.channel_group,
    COUNT(DISTINCT o.order_id)                                     AS order_cnt,
    COUNT(DISTINCT CASE WHEN p.order_id IS NOT NULL THEN o.order_id END) AS paid_order_cnt,
    COUNT(DISTINCT o.member_id)                                    AS buyer_cnt,
    COUNT(DISTINCT CASE WHEN o.is_first_order = 1 THEN o.member_id END)  AS new_buyer_cnt,
    SUM(o.goods_qty)                                               AS goods_qty,
    SUM(o.goods_amount)                                            AS goods_amount,
    SUM(o.discount_amount)                                         AS discount_amount,
    SUM(o.coupon_amount)                                           AS coupon_amount,
    SUM(o.freight_amount)                                          AS freight_amount,
    SUM(o.payable_amount)                                          AS payable_amount,
    SUM(COALESCE(p.payment_amount, 0))                             AS payment_amount,
    SUM(COALESCE(p.wechat_amount, 0))                              AS wechat_amount,
    SUM(COALESCE(p.alipay_amount, 0))                              AS alipay_amount,
    SUM(COALESCE(p.unionpay_amount, 0))                            AS unionpay_amount,
    SUM(COALESCE(p.cash_amount, 0))                                AS cash_amount,
    SUM(COALESCE(p.other_pay_amount, 0))                           AS other_pay_amount
FROM tmp.tmp_dws_order_1d_orders_${bizdate} o
LEFT JOIN tmp.tmp_dws_order_1d_payments_${bizdate} p
       ON o.order_id = p.order_id
GROUP BY o.store_id, o.channel_code, o.channel_group
;

-- ---------------------------------------------------------------------
-- 6. 写入目标表
-- ---------------------------------------------------------------------
INSERT OVERWRITE TABLE dws.dws_trade_order_summary_1d PARTITION (dt = '${bizdate}')
SELECT
    a.store_id,
    d.store_name,
    d.city_code,
    d.city_name,
    d.region_code,
    d.region_name,
    d.store_format,
    a.channel_code,
    COALESCE(c.channel_name, a.channel_code)                       AS channel_name,
    a.channel_group,
    a.order_cnt,
    a.paid_order_cnt,
    a.buyer_cnt,
    a.new_buyer_cnt,
    a.goods_qty,
    CAST(a.goods_amount    AS DECIMAL(18, 2))                      AS goods_amount,
    CAST(a.discount_amount AS DECIMAL(18, 2))                      AS discount_amount,
    CAST(a.coupon_amount   AS DECIMAL(18, 2))                      AS coupon_amount,
    CAST(a.freight_amount  AS DECIMAL(18, 2))                      AS freight_amount,
    CAST(a.payable_amount  AS DECIMAL(18, 2))                      AS payable_amount,
    CAST(a.payment_amount  AS DECIMAL(18, 2))                      AS payment_amount,
    CAST(a.wechat_amount   AS DECIMAL(18, 2))                      AS wechat_amount,
    CAST(a.alipay_amount   AS DECIMAL(18, 2))                      AS alipay_amount,
    CAST(a.unionpay_amount AS DECIMAL(18, 2))                      AS unionpay_amount,
    CAST(a.cash_amount     AS DECIMAL(18, 2))                      AS cash_amount,
    CAST(a.other_pay_amount AS DECIMAL(18, 2))                     AS other_pay_amount,
    COALESCE(r.refund_cnt, 0)                                      AS refund_cnt,
    COALESCE(r.refund_order_cnt, 0)                                AS refund_order_cnt,
    CAST(COALESCE(r.refund_amount, 0) AS DECIMAL(18, 2))           AS refund_amount,
    CAST(COALESCE(r.full_refund_amount, 0) AS DECIMAL(18, 2))      AS full_refund_amount,
    CAST(COALESCE(r.partial_refund_amount, 0) AS DECIMAL(18, 2))   AS partial_refund_amount,
    CAST(a.payment_amount - COALESCE(r.refund_amount, 0) AS DECIMAL(18, 2)) AS net_amount,
    CASE WHEN a.paid_order_cnt > 0
         THEN CAST(a.payment_amount / a.paid_order_cnt AS DECIMAL(18, 2))
         ELSE 0 END                                                AS avg_order_amount,
    CASE WHEN a.payment_amount > 0
         THEN CAST(COALESCE(r.refund_amount, 0) / a.payment_amount AS DECIMAL(10, 4))
         ELSE 0 END                                                AS refund_rate,
    from_unixtime(unix_timestamp(), 'yyyy-MM-dd HH:mm:ss')         AS etl_time
FROM tmp.tmp_dws_order_1d_agg_${bizdate} a
LEFT JOIN tmp.tmp_dws_order_1d_dims_${bizdate} d
       ON a.store_id = d.store_id
LEFT JOIN (
        SELECT channel_code, channel_name
        FROM dim.dim_channel_df
        WHERE dt = '${bizdate}'
      ) c
       ON a.channel_code = c.channel_code
LEFT JOIN tmp.tmp_dws_order_1d_refunds_${bizdate} r
       ON a.store_id = r.store_id
      AND a.channel_code = r.channel_code
;

-- ---------------------------------------------------------------------
-- 7. 数据量登记，供质量作业 dq_订单_完整性校验 比对
-- ---------------------------------------------------------------------
INSERT INTO TABLE dq.dq_table_row_count PARTITION (dt = '${bizdate}')
SELECT
    'dws.dws_trade_order_summary_1d'                               AS table_name,
    COUNT(1)                                                       AS row_cnt,
    SUM(order_cnt)                                                 AS order_cnt,
    CAST(SUM(payment_amount) AS DECIMAL(18, 2))                    AS payment_amount,
    from_unixtime(unix_timestamp(), 'yyyy-MM-dd HH:mm:ss')         AS check_time
FROM dws.dws_trade_order_summary_1d
WHERE dt = '${bizdate}'
;

-- ---------------------------------------------------------------------
-- 8. 清理临时表
-- ---------------------------------------------------------------------
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_orders_${bizdate};
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_payments_${bizdate};
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_refunds_${bizdate};
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_dims_${bizdate};
DROP TABLE IF EXISTS tmp.tmp_dws_order_1d_agg_${bizdate};
